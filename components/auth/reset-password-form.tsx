"use client";

import { useActionState } from "react";
import { Field, fieldProps, formError, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";

export function ResetPasswordForm({ action: submit, token }: { action: FormAction; token: string }) {
  const [state, action] = useActionState(submit, initialActionState);
  const errors = state.fieldErrors?.password;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage error={formError(state, ["password"])} />
      <input type="hidden" name="token" value={token} />
      <Field label="New password" name="password" errors={errors} hint="At least 8 characters.">
        <input {...fieldProps("password", errors, "At least 8 characters.")} type="password" autoComplete="new-password" required />
      </Field>
      <SubmitButton pendingLabel="Saving…" className="w-full">
        Set new password
      </SubmitButton>
    </form>
  );
}
