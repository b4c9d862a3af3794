"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { copyWhenReady } from "@/components/ui/copy-button";
import { FormMessage } from "@/components/ui/field";
import { formDataOf, initialActionState, type ActionState, type FormAction } from "@/lib/forms/action-state";
import { INVITATION_DAYS } from "@/lib/config/fixed-limits";
import type { EmailStatus, InvitationState } from "@/lib/services/invitations/view";
import { EmailStatusNote } from "./email-status";
import { LinkField } from "./invite-member-form";

type Actions = { copy: FormAction; cancel: FormAction; resend: FormAction };
/** The answer to the last action taken in the row. */
type Outcome = { action: keyof Actions; state: ActionState };

const RESEND_DESCRIPTION = {
  ACTIVE: `A fresh link, valid for ${INVITATION_DAYS.default} days, replaces the current one: the link you already shared stops working.`,
  EXPIRED: `A fresh link, valid for ${INVITATION_DAYS.default} days, replaces the expired one.`,
};

/** Copy Link, Cancel and Resend for one row of Pending Invitations, with where its email stands. */
export function InvitationActions({
  id,
  email,
  state,
  emailStatus = null,
  actions,
}: {
  id: string;
  email: string;
  state: InvitationState;
  emailStatus?: EmailStatus | null;
  actions: Actions;
}) {
  const [outcome, setOutcome] = useState<Outcome>();
  const [pending, startAction] = useTransition();
  const messageBox = useRef<HTMLDivElement>(null);

  /**
   * Runs an action of the row. Copy Link and Resend answer with a link, which
   * goes on the clipboard as it arrives: the copy starts here, in the click,
   * as Safari requires. The link is shown too, for copying by hand.
   */
  function run(action: keyof Actions, copied?: string) {
    setOutcome(undefined);
    startAction(async () => {
      const answer = actions[action](initialActionState, formDataOf({ id }));
      const copying = copied ? copyWhenReady(answer.then((result) => result.data?.url)) : undefined;
      const result = await answer;
      if (copying && result.data?.url) {
        const said = (await copying) ? copied! : "Copy the link below by hand.";
        setOutcome({ action, state: { ...result, success: result.success ? `${result.success} ${said}` : said } });
      } else {
        setOutcome({ action, state: result });
      }
    });
  }

  // Cancelling removes the buttons of the row; focus goes to what happened instead of being lost.
  useEffect(() => {
    if (outcome?.action === "cancel" && outcome.state.success) messageBox.current?.focus();
  }, [outcome]);

  // An invitation answered or cancelled meanwhile no longer shows its dead link.
  const url = state === "ACTIVE" || state === "EXPIRED" ? outcome?.state.data?.url : undefined;

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
            onConfirm={() => run("resend", "Copied.")}
          >
            Resend
          </ConfirmButton>
        ) : null}
        {emailStatus ? <EmailStatusNote status={emailStatus} /> : null}
      </div>
      {url ? (
        <div className="flex">
          <LinkField url={url} />
        </div>
      ) : null}
      <div ref={messageBox} tabIndex={-1} className="rounded-md focus:outline-2 focus:outline-offset-2 focus:outline-brand-600">
        <FormMessage error={outcome?.state.error} success={outcome?.state.success} />
      </div>
    </div>
  );
}
