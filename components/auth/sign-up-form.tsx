"use client";

import { useActionState } from "react";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";
import { Field, fieldProps, formError, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

const LOCKED_EMAIL = "The invitation is for this address, so it can't be changed.";

/** With an invitation, the email is the invited one, shown and locked. */
export function SignUpForm({
  action: submit,
  callbackUrl,
  invitation,
}: {
  action: FormAction;
  callbackUrl?: string;
  invitation?: { token: string; email: string };
}) {
  const [state, action] = useActionState(submit, initialActionState);
  const errors = state.fieldErrors ?? {};
  // With email on, the account is finished through an emailed link.
  if (state.success) {
    return (
      <div className="space-y-2">
        <h2 className="text-base font-semibold">Check your email</h2>
        <FormMessage success={state.success} />
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage error={formError(state, ["name", "email", "password"])} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      {invitation ? <input type="hidden" name="invitation" value={invitation.token} /> : null}
      <Field label="Name" name="name" errors={errors.name}>
        <input {...fieldProps("name", errors.name)} autoComplete="name" required defaultValue={state.values?.name} />
      </Field>
      <Field label="Email" name="email" errors={errors.email} hint={invitation ? LOCKED_EMAIL : undefined}>
        {invitation ? (
          <input {...fieldProps("email", errors.email, LOCKED_EMAIL)} type="email" readOnly aria-readonly="true" value={invitation.email} />
        ) : (
          <input {...fieldProps("email", errors.email)} type="email" autoComplete="email" required defaultValue={state.values?.email} />
        )}
      </Field>
      <Field label="Password" name="password" errors={errors.password} hint="At least 8 characters.">
        <input {...fieldProps("password", errors.password, "At least 8 characters.")} type="password" autoComplete="new-password" required />
      </Field>
      <SubmitButton pendingLabel="Creating account…" className="w-full">
        Create account
      </SubmitButton>
    </form>
  );
}
