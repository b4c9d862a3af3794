"use client";

import { startTransition, useActionState, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, fieldProps, FormMessage } from "@/components/ui/field";
import { initialActionState, type FormAction } from "@/lib/action-state";

/** Owners only: type the organization's name, then confirm. */
export function DeleteOrganization({ action, name }: { action: FormAction; name: string }) {
  const [state, submit, pending] = useActionState(action, initialActionState);
  const [typed, setTyped] = useState("");
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const errors = state.fieldErrors?.confirmName;
  return (
    <div className="max-w-lg space-y-3">
      <Field label={`Type ${name} to confirm`} name="confirm-name" errors={errors}>
        <input {...fieldProps("confirm-name", errors)} value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
      </Field>
      <Button ref={opener} type="button" variant="danger" disabled={pending || typed.trim() !== name} onClick={() => setOpen(true)}>
        Delete organization
      </Button>
      <FormMessage error={errors ? undefined : state.error} />
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${name}?`}
        description="Its members lose access, and its invitations and API keys stop working, at once. Its audit log is kept. This can't be undone."
        confirmLabel="Delete organization"
        pending={pending}
        returnFocusTo={opener}
        onConfirm={() => {
          setOpen(false);
          const formData = new FormData();
          formData.set("confirmName", typed);
          startTransition(() => submit(formData));
        }}
      />
    </div>
  );
}
