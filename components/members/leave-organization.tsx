"use client";

import { startTransition, useActionState, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/field";
import { initialActionState, type FormAction } from "@/lib/action-state";

/** Leave Organization, with a confirmation. The server decides whether it is allowed. */
export function LeaveOrganization({ action, organizationName }: { action: FormAction; organizationName: string }) {
  const [state, leave, pending] = useActionState(action, initialActionState);
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <div className="space-y-3">
      <Button ref={opener} type="button" variant="danger" onClick={() => setOpen(true)} disabled={pending}>
        Leave Organization
      </Button>
      <FormMessage error={state.error} />
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Leave ${organizationName}?`}
        description="You will lose access to everything in this organization and return to your personal organization. Someone will have to invite you again."
        confirmLabel="Leave Organization"
        pending={pending}
        returnFocusTo={opener}
        onConfirm={() => {
          setOpen(false);
          startTransition(() => leave(new FormData()));
        }}
      />
    </div>
  );
}
