"use client";

import { startTransition, useActionState, useState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field, fieldProps, formError, FormMessage } from "@/components/ui/field";
import { formDataOf, initialActionState, type FormAction } from "@/lib/forms/action-state";

/** Owners only: type the organization's name, then confirm. */
export function DeleteOrganization({ action, name }: { action: FormAction; name: string }) {
  const [state, submit, pending] = useActionState(action, initialActionState);
  const [typed, setTyped] = useState("");
  const errors = state.fieldErrors?.confirmName;
  return (
    <div className="max-w-lg space-y-3">
      <Field label={`Type ${name} to confirm`} name="confirm-name" errors={errors}>
        <input {...fieldProps("confirm-name", errors)} value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
      </Field>
      <ConfirmButton
        variant="danger"
        disabled={typed.trim() !== name}
        pending={pending}
        title={`Delete ${name}?`}
        description="Its members lose access, and its invitations and API keys stop working, at once. Its audit log is kept. This can't be undone."
        confirmLabel="Delete organization"
        onConfirm={() => startTransition(() => submit(formDataOf({ confirmName: typed })))}
      >
        Delete organization
      </ConfirmButton>
      <FormMessage error={formError(state, ["confirmName"])} />
    </div>
  );
}
