"use client";

import { startTransition, useActionState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormMessage } from "@/components/ui/field";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";

/** Leave Organization, with a confirmation. The server decides whether it is allowed. */
export function LeaveOrganization({ action, organizationName }: { action: FormAction; organizationName: string }) {
  const [state, leave, pending] = useActionState(action, initialActionState);
  return (
    <div className="space-y-3">
      <ConfirmButton
        variant="danger"
        pending={pending}
        title={`Leave ${organizationName}?`}
        description="You will lose access to everything in this organization and return to your personal organization. The API keys and pending invitations you made here stop working, and someone will have to invite you again."
        confirmLabel="Leave Organization"
        onConfirm={() => startTransition(() => leave(new FormData()))}
      >
        Leave Organization
      </ConfirmButton>
      <FormMessage error={state.error} />
    </div>
  );
}
