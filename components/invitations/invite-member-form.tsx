"use client";

import { useActionState, useId } from "react";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { useSuccessToast } from "@/components/ui/feedback";
import { Field, fieldProps, formError, FormMessage, inputClass } from "@/components/ui/field";
import { CopyButton } from "@/components/ui/copy-button";
import { RoleChoice } from "@/components/ui/role-choice";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";
import { INVITATION_DAYS } from "@/lib/config/fixed-limits";
import { type Role } from "@/lib/permissions";

/**
 * Invite Member by Link: email + role + expiry, then the link to share. With
 * email on the server (`sendsEmail`), Send by email (checked at first) has
 * the link emailed too.
 */
export function InviteMemberForm({ action, roles, sendsEmail = false }: { action: FormAction; roles: Role[]; sendsEmail?: boolean }) {
  const [state, submit] = useActionState(action, initialActionState);
  const errors = state.fieldErrors ?? {};
  const url = state.data?.url;
  useSuccessToast(state);
  return (
    <div className="space-y-4">
      <form action={submit} className="grid gap-4 sm:grid-cols-[1fr_10rem_8rem] sm:items-start" noValidate>
        <Field label="Email address" name="email" errors={errors.email}>
          <input {...fieldProps("email", errors.email)} type="email" autoComplete="off" required placeholder="name@example.com" defaultValue={url ? "" : state.values?.email} />
        </Field>
        <Field label="Role" name="role" errors={errors.role}>
          <RoleChoice id="role" roles={roles} submitted={state.values?.role} errors={errors.role} />
        </Field>
        <Field label="Expires in (days)" name="expiresInDays" errors={errors.expiresInDays}>
          <input {...fieldProps("expiresInDays", errors.expiresInDays)} type="number" min={INVITATION_DAYS.min} max={INVITATION_DAYS.max} defaultValue={state.values?.expiresInDays ?? String(INVITATION_DAYS.default)} required />
        </Field>
        {sendsEmail ? (
          <div className="sm:col-span-3">
            <CheckboxField
              id="send-email"
              name="sendEmail"
              label="Send by email"
              hint="The address gets an email with a link of its own; you get the link to share either way."
              defaultChecked
            />
          </div>
        ) : null}
        <div className="sm:col-span-3">
          <SubmitButton pendingLabel="Generating…">Generate Invitation Link</SubmitButton>
        </div>
      </form>
      <FormMessage error={formError(state, ["email", "role", "expiresInDays"])} />
      {url ? <InvitationLink url={url} /> : null}
    </div>
  );
}

/** A link to share, read-only and selected on focus for copying by hand. */
export function LinkField({ url }: { url: string }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="sr-only">
        Invitation link
      </label>
      <input id={id} data-testid="invitation-link" readOnly value={url} className={`${inputClass} min-w-0 flex-1 font-mono text-xs`} onFocus={(event) => event.currentTarget.select()} />
    </>
  );
}

/** A generated link with Copy Link. */
export function InvitationLink({ url }: { url: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <LinkField url={url} />
      <CopyButton text={url} />
    </div>
  );
}
