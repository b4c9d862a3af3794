"use client";

import { useActionState, useState } from "react";
import { useSuccessToast } from "@/components/ui/feedback";
import { FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";

/** The per-user switch for notification emails; without email on the server it says why it can't be used. */
export function EmailNotificationsForm({ action, enabled, available }: { action: FormAction; enabled: boolean; available: boolean }) {
  const [state, submit] = useActionState(action, initialActionState);
  const [checked, setChecked] = useState(enabled);
  useSuccessToast(state);
  return (
    <form action={submit} className="space-y-3">
      <input type="hidden" name="enabled" value={String(checked)} />
      <div className="flex items-start gap-2">
        <input
          id="email-notifications"
          type="checkbox"
          className="mt-0.5 h-4 w-4"
          checked={checked}
          disabled={!available}
          aria-describedby="email-notifications-hint"
          onChange={(event) => setChecked(event.target.checked)}
        />
        <label htmlFor="email-notifications" className="text-sm text-slate-800">
          Email me what the bell shows (role changed, removed, invitation rejected, organization deleted)
        </label>
      </div>
      <p id="email-notifications-hint" className="text-xs text-slate-500">
        {available ? "The bell keeps showing every notification either way." : "Email is not set up on this server, so nothing is emailed."}
      </p>
      {available ? (
        <SubmitButton variant="secondary" pendingLabel="Saving…">
          Save
        </SubmitButton>
      ) : null}
      <FormMessage error={state.error} />
    </form>
  );
}
