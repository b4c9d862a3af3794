"use client";

import { useActionState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { useSuccessToast } from "@/components/ui/feedback";
import { Field, fieldProps, formError, FormMessage, inputClass } from "@/components/ui/field";
import { RoleChoice } from "@/components/ui/role-choice";
import { SubmitButton } from "@/components/ui/submit-button";
import { API_KEY_DAYS } from "@/lib/config/fixed-limits";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";
import { type Role } from "@/lib/permissions";

/** Create an API key; its secret is shown once, here, after creation. */
export function CreateApiKeyForm({ action, roles }: { action: FormAction; roles: Role[] }) {
  const [state, submit] = useActionState(action, initialActionState);
  const errors = state.fieldErrors ?? {};
  const secret = state.data?.secret;
  useSuccessToast(state);
  return (
    <div className="space-y-4">
      <form action={submit} className="grid gap-4 sm:grid-cols-[1fr_10rem_9rem] sm:items-start" noValidate>
        <Field label="Key name" name="key-name" errors={errors.name}>
          <input {...fieldProps("key-name", errors.name)} name="name" required placeholder="e.g. HR sync" defaultValue={secret ? "" : state.values?.name} />
        </Field>
        <Field label="Key role" name="key-role" errors={errors.role}>
          <RoleChoice id="key-role" roles={roles} submitted={state.values?.role} errors={errors.role} />
        </Field>
        <Field label="Expires in (days)" name="key-expiry" errors={errors.expiresInDays} hint="Empty: never.">
          <input {...fieldProps("key-expiry", errors.expiresInDays, "Empty: never.")} name="expiresInDays" type="number" min={API_KEY_DAYS.min} max={API_KEY_DAYS.max} defaultValue={secret ? "" : state.values?.expiresInDays} />
        </Field>
        <div className="sm:col-span-3">
          <SubmitButton pendingLabel="Creating…">Create API key</SubmitButton>
        </div>
      </form>
      <FormMessage error={formError(state, ["name", "role", "expiresInDays"])} />
      {secret ? (
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="api-key-secret" className="sr-only">
            New API key
          </label>
          <input
            id="api-key-secret"
            readOnly
            value={secret}
            aria-describedby="api-key-secret-hint"
            className={`${inputClass} min-w-0 flex-1 font-mono text-xs`}
            onFocus={(event) => event.currentTarget.select()}
          />
          <CopyButton text={secret} label="Copy key" copiedMessage="Key copied." />
          <p id="api-key-secret-hint" className="basis-full text-xs text-slate-600">
            Copy it now: it is shown only once.
          </p>
        </div>
      ) : null}
    </div>
  );
}
