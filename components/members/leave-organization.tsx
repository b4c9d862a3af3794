"use client";

import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormMessage } from "@/components/ui/field";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";

/**
 * Leave Organization, with a confirmation. When the page already knows it
 * would be refused (`refusal`: the last Owner), the button is disabled with
 * the reason beside it; the server refuses a hand-made request all the same.
 */
export function LeaveOrganization({ action, organizationName, refusal }: { action: FormAction; organizationName: string; refusal: string | null }) {
  const [state, leave, pending] = useActionState(action, initialActionState);
  if (refusal) {
    return (
      <div className="space-y-2">
        <Button type="button" variant="danger" disabled aria-describedby="leave-refusal">
          Leave Organization
        </Button>
        <p id="leave-refusal" className="text-sm text-slate-700">
          {refusal}
        </p>
      </div>
    );
  }
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
