"use client";

import { useActionState } from "react";
import { useSuccessToast } from "@/components/ui/feedback";
import { Field, fieldProps, formError, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";

export function NameForm({ action, name }: { action: FormAction; name: string }) {
  const [state, submit] = useActionState(action, initialActionState);
  const errors = state.fieldErrors?.name;
  useSuccessToast(state);
  return (
    <form action={submit} className="flex max-w-lg flex-wrap items-end gap-3" noValidate>
      <div className="min-w-0 flex-1">
        <Field label="Name" name="name" errors={errors}>
          <input {...fieldProps("name", errors)} autoComplete="name" required defaultValue={state.values?.name ?? name} />
        </Field>
      </div>
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Save name
      </SubmitButton>
      <div className="basis-full">
        <FormMessage error={formError(state, ["name"])} />
      </div>
    </form>
  );
}
