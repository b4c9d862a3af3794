"use client";

import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { useSuccessToast } from "@/components/ui/feedback";
import { FormMessage, InlineError } from "@/components/ui/field";
import { WEBHOOKS } from "@/lib/config/fixed-limits";
import { formDataOf, initialActionState, type FormAction } from "@/lib/forms/action-state";
import { SecretField } from "./secret-field";

/** Rotate secret, after a confirmation; the new secret is shown once. */
export function RotateSecret({ id, action }: { id: string; action: FormAction }) {
  const [state, rotate, pending] = useActionState(action, initialActionState);
  useSuccessToast(state);
  return (
    <div className="space-y-3">
      <ConfirmButton
        pending={pending}
        title="Rotate the signing secret?"
        description={`Teamhub makes a new secret and shows it once. For ${WEBHOOKS.previousSecretHours} hours every request is signed with both secrets, so your receiver can switch without missing one; then only the new one signs.`}
        confirmLabel="Rotate secret"
        confirmVariant="primary"
        onConfirm={() => startTransition(() => rotate(formDataOf({ id })))}
      >
        Rotate secret
      </ConfirmButton>
      <FormMessage error={state.error} />
      {state.data?.secret ? <SecretField secret={state.data.secret} /> : null}
    </div>
  );
}

/** Send test event: one webhook.test request, whose answer appears in the attempts. */
export function SendTestEvent({ id, action }: { id: string; action: FormAction }) {
  const [state, send, pending] = useActionState(action, initialActionState);
  useSuccessToast(state);
  return (
    <div className="space-y-2">
      <Button type="button" variant="secondary" aria-disabled={pending || undefined} onClick={() => !pending && startTransition(() => send(formDataOf({ id })))}>
        Send test event
      </Button>
      <FormMessage error={state.error} />
    </div>
  );
}

/** Redeliver one event to the endpoint (a row of the attempts). */
export function Redeliver({ id, eventId, eventType, action }: { id: string; eventId: string; eventType: string; action: FormAction }) {
  const [state, redeliver, pending] = useActionState(action, initialActionState);
  useSuccessToast(state);
  return (
    <div className="space-y-1">
      <Button
        type="button"
        variant="secondary"
        aria-label={`Redeliver ${eventType} ${eventId}`}
        aria-disabled={pending || undefined}
        onClick={() => !pending && startTransition(() => redeliver(formDataOf({ id, eventId })))}
      >
        Redeliver
      </Button>
      <InlineError message={state.error} />
    </div>
  );
}

/** Delete endpoint, after a confirmation. */
export function DeleteWebhook({ id, url, action }: { id: string; url: string; action: FormAction }) {
  const [state, remove, pending] = useActionState(action, initialActionState);
  return (
    <div className="space-y-2">
      <ConfirmButton
        variant="danger"
        pending={pending}
        title="Delete this endpoint?"
        description={`Teamhub stops sending events to ${url} at once, and its attempt log is deleted. Events stay in the events feed.`}
        confirmLabel="Delete endpoint"
        cancelLabel="Keep endpoint"
        onConfirm={() => startTransition(() => remove(formDataOf({ id })))}
      >
        Delete endpoint
      </ConfirmButton>
      <FormMessage error={state.error} />
    </div>
  );
}
