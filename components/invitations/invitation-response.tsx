"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";

/** Accept and Reject: two POST forms that send only the token. */
export function InvitationResponse({ token, accept, reject }: { token: string; accept: FormAction; reject: FormAction }) {
  const [acceptState, acceptAction] = useActionState(accept, initialActionState);
  const [rejectState, rejectAction] = useActionState(reject, initialActionState);
  return (
    <div className="space-y-3">
      <FormMessage error={acceptState.error ?? rejectState.error} />
      <div className="flex flex-wrap gap-3">
        <form action={acceptAction}>
          <input type="hidden" name="token" value={token} />
          <SubmitButton pendingLabel="Joining…">Accept</SubmitButton>
        </form>
        <form action={rejectAction}>
          <input type="hidden" name="token" value={token} />
          <SubmitButton variant="secondary" pendingLabel="Rejecting…">
            Reject
          </SubmitButton>
        </form>
      </div>
    </div>
  );
}
