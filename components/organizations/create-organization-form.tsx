"use client";

import { useActionState } from "react";
import { Field, fieldProps, formError, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";

export function CreateOrganizationForm({ action: submit }: { action: FormAction }) {
  const [state, action] = useActionState(submit, initialActionState);
  return (
    <form action={action} className="max-w-md space-y-4" noValidate>
      <FormMessage error={formError(state, ["name"])} />
      <Field label="Organization name" name="name" errors={state.fieldErrors?.name}>
        <input {...fieldProps("name", state.fieldErrors?.name)} required autoComplete="organization" defaultValue={state.values?.name} />
      </Field>
      <SubmitButton pendingLabel="Creating…">Create organization</SubmitButton>
    </form>
  );
}
