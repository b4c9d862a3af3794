"use client";

import { startTransition, useActionState, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { InlineError } from "@/components/ui/field";
import { initialActionState, type FormAction } from "@/lib/action-state";
import type { InvitationState } from "@/lib/services/invitations";
import { InvitationLink } from "./invite-member-form";

type Actions = { copy: FormAction; cancel: FormAction; resend: FormAction };

function asForm(id: string) {
  const formData = new FormData();
  formData.set("id", id);
  return formData;
}

/** Copy Link, Cancel and Resend for one row of Pending Invitations. */
export function InvitationActions({ id, email, state, actions }: { id: string; email: string; state: InvitationState; actions: Actions }) {
  const [copyState, copy, copying] = useActionState(actions.copy, initialActionState);
  const [cancelState, cancel, cancelling] = useActionState(actions.cancel, initialActionState);
  const [resendState, resend, resending] = useActionState(actions.resend, initialActionState);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
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
            <Button ref={cancelButton} type="button" variant="secondary" onClick={() => setConfirmCancel(true)} disabled={cancelling} aria-label={`Cancel invitation for ${email}`}>
              Cancel
            </Button>
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
      <ConfirmDialog
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title="Cancel this invitation?"
        description={`The link sent to ${email} stops working at once. You can invite them again later.`}
        confirmLabel="Cancel invitation"
        pending={cancelling}
        returnFocusTo={cancelButton}
        onConfirm={() => {
          setConfirmCancel(false);
          startTransition(() => cancel(asForm(id)));
        }}
      />
    </div>
  );
}
