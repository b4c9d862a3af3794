"use client";

import { useActionState } from "react";
import { Field, fieldProps, formError, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";

/** "Forgot password?": once sent, the answer replaces the form (the same answer for every address). */
export function ForgotPasswordForm({ action: submit }: { action: FormAction }) {
  const [state, action] = useActionState(submit, initialActionState);
  if (state.success) return <FormMessage success={state.success} />;
  const errors = state.fieldErrors?.email;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage error={formError(state, ["email"])} />
      <Field label="Email" name="email" errors={errors}>
        <input {...fieldProps("email", errors)} type="email" autoComplete="email" required defaultValue={state.values?.email} />
      </Field>
      <SubmitButton pendingLabel="Sending…" className="w-full">
        Send reset link
      </SubmitButton>
    </form>
  );
}
