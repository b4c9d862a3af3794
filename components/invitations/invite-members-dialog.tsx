"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useActionState, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { buttonClass } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { Field, fieldProps, formError, FormMessage } from "@/components/ui/field";
import { HydratedOnly, TriggerPlaceholder } from "@/components/ui/hydrated-only";
import { RoleChoice } from "@/components/ui/role-choice";
import { SubmitButton } from "@/components/ui/submit-button";
import { INVITATION_DAYS, MAX_INVITATIONS_PER_BATCH } from "@/lib/config/fixed-limits";
import type { ActionState } from "@/lib/forms/action-state";
import type { Role } from "@/lib/permissions";
import type { EmailStatus } from "@/lib/services/invitations/view";
import { splitAddressList, uniqueAddresses } from "@/lib/address-list";
import { EmailStatusNote } from "./email-status";
import { InvitationActions, type InvitationRowActions } from "./invitation-actions";
import { InvitationLink } from "./invite-member-form";

export type InviteStatus = "invited" | "already_member" | "already_invited" | "invalid" | "refused";

/** What happened to one address, as the dialog shows it. */
export type InviteResult = {
  email: string;
  status: InviteStatus;
  /** Why it wasn't invited. */
  message?: string;
  /** Invited: the new link. */
  url?: string;
  /** Invited or already invited: the active invitation, for its row's actions. */
  invitation?: { id: string; role: Role; emailStatus: EmailStatus | null };
};

export type InviteMembersState = ActionState & { results?: InviteResult[] };
export type InviteMembersAction = (previous: InviteMembersState, formData: FormData) => Promise<InviteMembersState>;

const STATUS_LABELS: Record<InviteStatus, string> = {
  invited: "Invited",
  already_member: "Already a member",
  already_invited: "Already invited",
  invalid: "Invalid address",
  refused: "Not invited",
};

const STATUS_STYLES: Record<InviteStatus, string> = {
  invited: "bg-green-50 text-green-800 ring-green-600/30",
  already_member: "bg-slate-100 text-slate-700 ring-slate-500/30",
  already_invited: "bg-brand-50 text-brand-700 ring-brand-600/30",
  invalid: "bg-red-50 text-red-800 ring-red-600/30",
  refused: "bg-amber-50 text-amber-900 ring-amber-600/30",
};

/** "2 invited, 1 already a member, 1 invalid address." */
function summary(results: InviteResult[]): string {
  const parts = (Object.keys(STATUS_LABELS) as InviteStatus[]).flatMap((status) => {
    const count = results.filter((result) => result.status === status).length;
    if (!count) return [];
    const label = STATUS_LABELS[status].toLowerCase();
    return [`${count} ${status === "invalid" && count > 1 ? "invalid addresses" : label}`];
  });
  return `${parts.join(", ")}.`;
}

const plural = (count: number, one: string) => `${count} ${one}${count === 1 ? "" : "es"}`;


/**
 * Invite members (Account → Members, Owners and Admins): a dialog to paste or
 * type many addresses with one role, expiry and Send by email, answered with
 * one result per address: its link to copy, or why it wasn't invited (with
 * Copy Link and Resend when it already has an active invitation).
 */
export function InviteMembersDialog({
  action,
  rowActions,
  roles,
  sendsEmail,
}: {
  action: InviteMembersAction;
  rowActions: InvitationRowActions;
  roles: Role[];
  sendsEmail: boolean;
}) {
  return (
    <HydratedOnly
      placeholder={
        <TriggerPlaceholder opens="dialog" className={buttonClass("primary")}>
          Invite members
        </TriggerPlaceholder>
      }
    >
      <Dialog.Root>
        <Dialog.Trigger className={buttonClass("primary")}>Invite members</Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
          <Dialog.Content className="fixed left-1/2 top-1/2 z-50 flex max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-2xl -translate-x-1/2 -translate-y-1/2 flex-col rounded-xl bg-white shadow-xl">
            <div className="space-y-1 border-b border-slate-200 px-4 py-4 sm:px-6">
              <Dialog.Title className="text-lg font-semibold">Invite members</Dialog.Title>
              <Dialog.Description className="text-sm text-slate-600">
                Each address gets its own invitation link, which works only for it. Up to {MAX_INVITATIONS_PER_BATCH} addresses at a time.
              </Dialog.Description>
            </div>
            {/* Unmounted when the dialog closes, so it opens empty each time. */}
            <InviteMembersForm action={action} rowActions={rowActions} roles={roles} sendsEmail={sendsEmail} />
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </HydratedOnly>
  );
}

function InviteMembersForm({ action, rowActions, roles, sendsEmail }: { action: InviteMembersAction; rowActions: InvitationRowActions; roles: Role[]; sendsEmail: boolean }) {
  const [state, submit] = useActionState(action, {});
  const [text, setText] = useState("");
  const [answered, setAnswered] = useState(state);
  if (state !== answered) {
    setAnswered(state);
    // The addresses are answered below; the box is ready for the next ones.
    if (state.results) setText("");
  }
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const errors = state.fieldErrors ?? {};
  const count = uniqueAddresses(splitAddressList(text)).length;
  const invited = state.results?.filter((result) => result.status === "invited").length ?? 0;

  useEffect(() => {
    if (!state.results) return;
    resultsHeading.current?.focus();
    if (invited) toast.success(`${plural(invited, "address")} invited.`);
  }, [state, invited]);

  return (
    <div className="space-y-5 overflow-y-auto px-4 py-4 sm:px-6">
      <form action={submit} className="grid gap-4 sm:grid-cols-2" noValidate>
        <div className="sm:col-span-2">
          <Field label="Email addresses" name="emails" errors={errors.emails} hint="Separate them with commas, spaces or new lines. Repeats count once.">
            <textarea
              {...fieldProps("emails", errors.emails, "Separate them with commas, spaces or new lines. Repeats count once.")}
              rows={4}
              autoComplete="off"
              placeholder={"ada@example.com, alan@example.com\ngrace@example.com"}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </Field>
          <p className={`mt-1 text-xs ${count > MAX_INVITATIONS_PER_BATCH ? "text-red-700" : "text-slate-500"}`} aria-live="polite" data-testid="address-count">
            {plural(count, "address")}
            {count > MAX_INVITATIONS_PER_BATCH ? `: at most ${MAX_INVITATIONS_PER_BATCH} at a time` : ""}
          </p>
        </div>
        <Field label="Role" name="role" errors={errors.role}>
          <RoleChoice id="role" roles={roles} submitted={state.values?.role} errors={errors.role} />
        </Field>
        <Field label="Expires in (days)" name="expiresInDays" errors={errors.expiresInDays}>
          <input
            {...fieldProps("expiresInDays", errors.expiresInDays)}
            type="number"
            min={INVITATION_DAYS.min}
            max={INVITATION_DAYS.max}
            defaultValue={state.values?.expiresInDays ?? String(INVITATION_DAYS.default)}
            required
          />
        </Field>
        {sendsEmail ? (
          <div className="sm:col-span-2">
            <CheckboxField
              id="send-email"
              name="sendEmail"
              label="Send by email"
              hint="Each address gets an email with a link of its own; you get the links to share either way."
              defaultChecked
            />
          </div>
        ) : null}
        <div className="flex flex-wrap gap-3 sm:col-span-2">
          <SubmitButton pendingLabel="Inviting…">Invite</SubmitButton>
          <Dialog.Close className={buttonClass("secondary")}>Close</Dialog.Close>
        </div>
      </form>
      <FormMessage error={formError(state, ["emails", "role", "expiresInDays"])} />
      {state.results ? (
        <section aria-labelledby="invite-results-heading" className="space-y-3">
          <h3 id="invite-results-heading" ref={resultsHeading} tabIndex={-1} className="text-sm font-semibold focus:outline-2 focus:outline-offset-2 focus:outline-brand-600">
            Results: {summary(state.results)}
          </h3>
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200" aria-label="Results">
            {state.results.map((result) => (
              <InviteResultRow key={result.email} result={result} rowActions={rowActions} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function InviteResultRow({ result, rowActions }: { result: InviteResult; rowActions: InvitationRowActions }) {
  return (
    <li className="space-y-2 p-3" data-testid="invite-result">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="break-all font-medium">{result.email}</span>
        <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLES[result.status]}`}>{STATUS_LABELS[result.status]}</span>
      </div>
      {result.message ? <p className="text-sm text-slate-700">{result.message}</p> : null}
      {result.url ? <InvitationLink url={result.url} /> : null}
      {result.status === "invited" && result.invitation?.emailStatus ? <EmailStatusNote status={result.invitation.emailStatus} /> : null}
      {result.status === "already_invited" && result.invitation ? (
        <InvitationActions id={result.invitation.id} email={result.email} role={result.invitation.role} state="ACTIVE" emailStatus={result.invitation.emailStatus} actions={rowActions} />
      ) : null}
    </li>
  );
}
