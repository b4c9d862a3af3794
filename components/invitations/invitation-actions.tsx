"use client";

import { startTransition, useActionState, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { copyToClipboard } from "@/components/ui/copy-button";
import { FormMessage, inputClass } from "@/components/ui/field";
import { formDataOf, initialActionState, type FormAction } from "@/lib/action-state";
import type { InvitationState } from "@/lib/services/invitations";

type Actions = { copy: FormAction; cancel: FormAction; resend: FormAction };

const RESEND_DESCRIPTION = {
  ACTIVE: "A fresh link, valid for 7 days, replaces the current one: the link you already shared stops working.",
  EXPIRED: "A fresh link, valid for 7 days, replaces the expired one.",
};

/** An action answering with a link, which then goes on the clipboard; the message says whether it did. */
function withLinkCopied(action: FormAction, copied: string): FormAction {
  return async (previous, formData) => {
    const result = await action(previous, formData);
    const url = result.data?.url;
    if (!url) return result;
    const said = (await copyToClipboard(url)) ? copied : "Copy the link below by hand.";
    return { ...result, success: result.success ? `${result.success} ${said}` : said };
  };
}

/** Copy Link, Cancel and Resend for one row of Pending Invitations. */
export function InvitationActions({ id, email, state, actions }: { id: string; email: string; state: InvitationState; actions: Actions }) {
  // Copy Link and Resend put the link on the clipboard as it arrives; it is shown too, for copying by hand.
  const [copyState, copy, copying] = useActionState(withLinkCopied(actions.copy, "Link copied."), initialActionState);
  const [cancelState, cancel, cancelling] = useActionState(actions.cancel, initialActionState);
  const [resendState, resend, resending] = useActionState(withLinkCopied(actions.resend, "Copied."), initialActionState);
  const linkId = useId();
  // The message shown is the answer to the last action taken.
  const [last, setLast] = useState<keyof Actions>();
  const message = last ? { copy: copyState, cancel: cancelState, resend: resendState }[last] : initialActionState;
  const open = state === "ACTIVE" || state === "EXPIRED";
  const url = (last === "resend" ? resendState : last === "copy" ? copyState : undefined)?.data?.url;
  // Cancelling removes the buttons of the row; focus goes to what happened instead of being lost.
  const messageBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (cancelState.success) messageBox.current?.focus();
  }, [cancelState]);

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {state === "ACTIVE" ? (
          <>
            <form action={copy} onSubmit={() => setLast("copy")}>
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
              cancelLabel="Keep invitation"
              onConfirm={() => {
                setLast("cancel");
                startTransition(() => cancel(formDataOf({ id })));
              }}
            >
              Cancel
            </ConfirmButton>
          </>
        ) : null}
        {state === "ACTIVE" || state === "EXPIRED" ? (
          <ConfirmButton
            pending={resending}
            ariaLabel={`Resend invitation to ${email}`}
            title="Resend this invitation?"
            description={RESEND_DESCRIPTION[state]}
            confirmLabel="Resend"
            confirmVariant="primary"
            onConfirm={() => {
              setLast("resend");
              startTransition(() => resend(formDataOf({ id })));
            }}
          >
            Resend
          </ConfirmButton>
        ) : null}
      </div>
      {/* An invitation answered or cancelled meanwhile no longer shows its dead link. */}
      {open && url ? (
        <div>
          <label htmlFor={linkId} className="sr-only">
            Invitation link
          </label>
          <input id={linkId} readOnly value={url} className={`${inputClass} w-full font-mono text-xs`} onFocus={(event) => event.currentTarget.select()} />
        </div>
      ) : null}
      <div ref={messageBox} tabIndex={-1} className="rounded-md focus:outline-2 focus:outline-offset-2 focus:outline-brand-600">
        <FormMessage error={message.error} success={message.success} />
      </div>
    </div>
  );
}
