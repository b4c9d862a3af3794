"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { confirmCopied, copyWhenReady } from "@/components/ui/copy-button";
import { FormMessage } from "@/components/ui/field";
import { formDataOf, initialActionState, type ActionState, type FormAction } from "@/lib/forms/action-state";
import { INVITATION_DAYS } from "@/lib/config/fixed-limits";
import { ROLE_LABELS, type Role } from "@/lib/permissions";
import type { EmailStatus, InvitationState } from "@/lib/services/invitations/view";
import { EmailStatusNote } from "./email-status";
import { LinkField } from "./invite-member-form";

export type InvitationRowActions = { copy: FormAction; cancel: FormAction; resend: FormAction; inviteAgain: FormAction };
/** The answer to the last action taken in the row; `copyByHand` when the browser refused the clipboard. */
type Outcome = { action: keyof InvitationRowActions; state: ActionState; copyByHand: boolean };

const RESEND_DESCRIPTION = {
  ACTIVE: `A fresh link, valid for ${INVITATION_DAYS.default} days, replaces the current one: the link you already shared stops working.`,
  EXPIRED: `A fresh link, valid for ${INVITATION_DAYS.default} days, replaces the expired one.`,
};

/** Copy Link, Cancel, Resend and Invite again for one row of Pending Invitations, with where its email stands. */
export function InvitationActions({
  id,
  email,
  role,
  state,
  emailStatus = null,
  actions,
}: {
  id: string;
  email: string;
  role: Role;
  state: InvitationState;
  emailStatus?: EmailStatus | null;
  actions: InvitationRowActions;
}) {
  const [outcome, setOutcome] = useState<Outcome>();
  const [pending, startAction] = useTransition();
  const cancelledNote = useRef<HTMLParagraphElement>(null);

  /**
   * Runs an action of the row. Copy Link and Resend answer with a link, which
   * goes on the clipboard as it arrives: the copy starts here, in the click,
   * as Safari requires. The link is shown too, for copying by hand.
   */
  function run(action: keyof InvitationRowActions, copiedSays?: string) {
    setOutcome(undefined);
    startAction(async () => {
      const answer = actions[action](initialActionState, formDataOf({ id }));
      const copying = copiedSays ? copyWhenReady(answer.then((result) => result.data?.url)) : undefined;
      const result = await answer;
      const copied = copying && result.data?.url ? await copying : undefined;
      const said = [result.success, copied ? copiedSays : undefined].filter(Boolean).join(" ");
      if (copied) confirmCopied(said, result.data!.url!);
      else if (said) toast.success(said);
      setOutcome({ action, state: result, copyByHand: copied === false });
    });
  }

  // Cancelling removes the buttons of the row; focus goes to what happened instead of being lost.
  useEffect(() => {
    if (outcome?.action === "cancel" && outcome.state.success) cancelledNote.current?.focus();
  }, [outcome]);

  // An invitation answered or cancelled meanwhile no longer shows its dead link; Invite again's link is the new invitation's.
  const url = outcome?.action === "inviteAgain" || state === "ACTIVE" || state === "EXPIRED" ? outcome?.state.data?.url : undefined;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {state === "ACTIVE" ? (
          <>
            <Button
              type="button"
              variant="secondary"
              aria-disabled={pending || undefined}
              aria-label={`Copy Link for ${email}`}
              onClick={() => !pending && run("copy", "Link copied.")}
            >
              Copy Link
            </Button>
            <ConfirmButton
              pending={pending}
              ariaLabel={`Cancel invitation for ${email}`}
              title="Cancel this invitation?"
              description={`The link sent to ${email} stops working at once. You can invite them again later.`}
              confirmLabel="Cancel invitation"
              cancelLabel="Keep invitation"
              onConfirm={() => run("cancel")}
            >
              Cancel
            </ConfirmButton>
          </>
        ) : null}
        {state === "ACTIVE" || state === "EXPIRED" ? (
          <ConfirmButton
            pending={pending}
            ariaLabel={`Resend invitation to ${email}`}
            title="Resend this invitation?"
            description={RESEND_DESCRIPTION[state]}
            confirmLabel="Resend"
            confirmVariant="primary"
            cancelLabel="Keep invitation"
            onConfirm={() => run("resend", "Copied.")}
          >
            Resend
          </ConfirmButton>
        ) : null}
        {state === "REJECTED" || state === "CANCELLED" || state === "EXPIRED" ? (
          <ConfirmButton
            pending={pending}
            ariaLabel={`Invite again: ${email}`}
            title={`Invite ${email} again?`}
            description={`A new invitation for ${email} as ${ROLE_LABELS[role]}, valid for ${INVITATION_DAYS.default} days, with a link of its own. This one stays as it is.`}
            confirmLabel="Invite again"
            confirmVariant="primary"
            cancelLabel="Don't invite"
            onConfirm={() => run("inviteAgain", "Copied.")}
          >
            Invite again
          </ConfirmButton>
        ) : null}
        {emailStatus ? <EmailStatusNote status={emailStatus} /> : null}
      </div>
      {url ? (
        <div className="flex flex-wrap items-center gap-2">
          <LinkField url={url} />
          {outcome?.copyByHand ? <p className="text-sm text-slate-700">This browser didn&apos;t allow copying: copy the link by hand.</p> : null}
        </div>
      ) : null}
      <FormMessage error={outcome?.state.error} />
      {outcome?.action === "cancel" && outcome.state.success ? (
        <p ref={cancelledNote} tabIndex={-1} className="text-sm text-slate-700 focus:outline-2 focus:outline-offset-2 focus:outline-brand-600">
          {outcome.state.success}
        </p>
      ) : null}
    </div>
  );
}
