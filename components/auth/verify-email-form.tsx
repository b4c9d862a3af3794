"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";

/** A button, not the link itself: mail scanners that open links must not use them up. */
export function VerifyEmailForm({ action: submit, token }: { action: FormAction; token: string }) {
  const [state, action] = useActionState(submit, initialActionState);
  return (
    <form action={action} className="space-y-4">
      <FormMessage error={state.error} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Confirming…" className="w-full">
        Confirm and sign in
      </SubmitButton>
    </form>
  );
}
