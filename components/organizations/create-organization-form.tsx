"use client";

import { useActionState } from "react";
import { createOrganizationAction } from "@/app/(app)/actions";
import { Field, fieldProps, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState } from "@/lib/action-state";

export function CreateOrganizationForm() {
  const [state, action] = useActionState(createOrganizationAction, initialActionState);
  return (
    <form action={action} className="max-w-md space-y-4" noValidate>
      <FormMessage error={state.error} />
      <Field label="Organization name" name="name" errors={state.fieldErrors?.name}>
        <input {...fieldProps("name", state.fieldErrors?.name)} required autoComplete="organization" defaultValue={state.values?.name} />
      </Field>
      <SubmitButton pendingLabel="Creating…">Create organization</SubmitButton>
    </form>
  );
}
