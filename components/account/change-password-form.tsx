"use client";

import { useActionState } from "react";
import { Field, fieldProps, formError, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";

export function ChangePasswordForm({ action }: { action: FormAction }) {
  const [state, submit] = useActionState(action, initialActionState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={submit} className="max-w-sm space-y-4" noValidate>
      <FormMessage error={formError(state, ["currentPassword", "newPassword"])} />
      <Field label="Current password" name="currentPassword" errors={errors.currentPassword}>
        <input {...fieldProps("currentPassword", errors.currentPassword)} type="password" autoComplete="current-password" required />
      </Field>
      <Field label="New password" name="newPassword" errors={errors.newPassword} hint="At least 8 characters.">
        <input {...fieldProps("newPassword", errors.newPassword, "At least 8 characters.")} type="password" autoComplete="new-password" required />
      </Field>
      <SubmitButton variant="secondary" pendingLabel="Changing…">
        Change password
      </SubmitButton>
    </form>
  );
}
