"use client";

import { useActionState } from "react";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { useSuccessToast } from "@/components/ui/feedback";
import { FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";

/** The per-user switch for notification emails; without email on the server it says why it can't be used. */
export function EmailNotificationsForm({ action, enabled, available }: { action: FormAction; enabled: boolean; available: boolean }) {
  const [state, submit] = useActionState(action, initialActionState);
  useSuccessToast(state);
  return (
    <form action={submit} className="space-y-3">
      <CheckboxField
        id="email-notifications"
        name="enabled"
        label="Email me what the bell shows (role changed, removed, invitation rejected, organization deleted)"
        hint={available ? "The bell keeps showing every notification either way." : "Email is not set up on this server, so nothing is emailed."}
        defaultChecked={enabled}
        disabled={!available}
      />
      {available ? (
        <SubmitButton variant="secondary" pendingLabel="Saving…">
          Save
        </SubmitButton>
      ) : null}
      <FormMessage error={state.error} />
    </form>
  );
}
