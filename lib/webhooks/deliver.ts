import "server-only";
import { webhookPayloadJson } from "@/lib/api/events";
import { recordWebhookAttempt, webhookDeliveryTarget, type WebhookDeliveryPayload } from "@/lib/services/webhooks/deliveries";
import { postWebhook, type Resolver } from "./http";
import { signatureHeaders } from "./signing";

/**
 * The webhook_delivery job: one attempt to POST an event to an endpoint.
 * The services say what to send and record what happened; the body is the
 * API's JSON of the event (lib/api/events.ts), signed anew for each attempt.
 */
export async function deliverWebhook(payload: WebhookDeliveryPayload, resolve?: Resolver): Promise<void> {
  const target = await webhookDeliveryTarget(payload);
  if (!target) return;
  const body = JSON.stringify(webhookPayloadJson(target.event));
  const attemptedAt = new Date();
  const outcome = await postWebhook(target.url, signatureHeaders(target.event.id, attemptedAt, body, target.secrets), body, resolve);
  await recordWebhookAttempt(payload, target, { ...outcome, attemptedAt });
}
