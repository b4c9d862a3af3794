"use client";

import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { InlineError } from "@/components/ui/field";
import { formDataOf, initialActionState, type FormAction } from "@/lib/action-state";
import type { InvitationState } from "@/lib/services/invitations";
import { InvitationLink } from "./invite-member-form";

type Actions = { copy: FormAction; cancel: FormAction; resend: FormAction };

/** Copy Link, Cancel and Resend for one row of Pending Invitations. */
export function InvitationActions({ id, email, state, actions }: { id: string; email: string; state: InvitationState; actions: Actions }) {
  const [copyState, copy, copying] = useActionState(actions.copy, initialActionState);
  const [cancelState, cancel, cancelling] = useActionState(actions.cancel, initialActionState);
  const [resendState, resend, resending] = useActionState(actions.resend, initialActionState);
  const link = resendState.data?.url ?? copyState.data?.url;
  const message = resendState.error ?? cancelState.error ?? copyState.error;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {state === "ACTIVE" ? (
          <>
            <form action={copy}>
              <input type="hidden" name="id" value={id} />
              <Button type="submit" variant="secondary" disabled={copying} aria-label={`Copy Link for ${email}`}>
                Copy Link
              </Button>
            </form>
            <ConfirmButton
              pending={cancelling}
              ariaLabel={`Cancel invitation for ${email}`}
              title="Cancel this invitation?"
              description={`The link sent to ${email} stops working at once. You can invite them again later.`}
              confirmLabel="Cancel invitation"
              onConfirm={() => startTransition(() => cancel(formDataOf({ id })))}
            >
              Cancel
            </ConfirmButton>
          </>
        ) : null}
        {state === "ACTIVE" || state === "EXPIRED" ? (
          <form action={resend}>
            <input type="hidden" name="id" value={id} />
            <Button type="submit" variant="secondary" disabled={resending} aria-label={`Resend invitation to ${email}`}>
              Resend
            </Button>
          </form>
        ) : null}
      </div>
      {link ? <InvitationLink url={link} /> : null}
      <InlineError message={message} />
    </div>
  );
}
