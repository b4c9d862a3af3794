"use client";

import { useActionState } from "react";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";
import { Field, fieldProps, formError, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function SignInForm({ action: submit, callbackUrl, email }: { action: FormAction; callbackUrl?: string; email?: string }) {
  const [state, action] = useActionState(submit, initialActionState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage error={formError(state, ["email", "password"])} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <Field label="Email" name="email" errors={state.fieldErrors?.email}>
        <input {...fieldProps("email", state.fieldErrors?.email)} type="email" autoComplete="email" required defaultValue={state.values?.email ?? email} />
      </Field>
      <Field label="Password" name="password" errors={state.fieldErrors?.password}>
        <input {...fieldProps("password", state.fieldErrors?.password)} type="password" autoComplete="current-password" required />
      </Field>
      <SubmitButton pendingLabel="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
    </form>
  );
}
