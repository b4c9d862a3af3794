import { z } from "zod";
import { EVENT_RETENTION_DAYS, WEBHOOKS } from "@/lib/config/fixed-limits";
import {
  createWebhookEndpoint,
  createWebhookEndpointInput,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  updateWebhookEndpointInput,
} from "@/lib/services/webhooks/endpoints";
import { listWebhookAttempts, redeliverEvent, redeliverInput, sendTestEvent } from "@/lib/services/webhooks/deliveries";
import { idSchema } from "@/lib/validation";
import { defineEndpoint } from "../endpoint";
import { jsonBody, pageOf, pageQuery } from "../schemas";
import {
  eventTypesDescription,
  webhookAttemptJson,
  webhookAttemptOut,
  webhookDeliveryJson,
  webhookDeliveryOut,
  webhookEndpointJson,
  webhookEndpointListOut,
  webhookEndpointOut,
  webhookEndpointWithSecretOut,
} from "../webhooks";

const idParams = z.strictObject({ id: idSchema.describe("The webhook endpoint's id.") });
const bodyErrors = ["BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE", "PAYLOAD_TOO_LARGE"] as const;
const fields = {
  url: "Where events are POSTed: https (http only where the operator allows it), not a private or loopback address.",
  description: "What the endpoint is for.",
  eventTypes: eventTypesDescription,
  enabled: "Disabled endpoints receive nothing.",
};

export const listWebhooksEndpoint = defineEndpoint({
  operationId: "listWebhooks",
  method: "GET",
  path: "/webhooks",
  summary: "List webhook endpoints",
  description: "Owners and Admins. Oldest first.",
  success: { status: 200, schema: webhookEndpointListOut, description: "The organization's webhook endpoints." },
  errors: ["FORBIDDEN"],
  async run({ actor }) {
    return { data: (await listWebhookEndpoints(actor)).map(webhookEndpointJson) };
  },
});

export const createWebhookEndpointEndpoint = defineEndpoint({
  operationId: "createWebhook",
  method: "POST",
  path: "/webhooks",
  summary: "Add a webhook endpoint",
  description:
    `Owners and Admins. The answer holds the signing secret, shown this once. At most ${WEBHOOKS.endpointsPerOrganization} endpoints per organization. Send an Idempotency-Key header to retry safely.`,
  body: jsonBody(createWebhookEndpointInput, fields).meta({
    examples: [{ url: "https://crm.example.com/webhooks/teamhub", description: "CRM sync", eventTypes: ["member.added", "member.removed"], enabled: true }],
  }),
  idempotent: { permission: "webhook:manage" },
  success: { status: 201, schema: webhookEndpointWithSecretOut, description: "The endpoint, with its secret." },
  errors: ["FORBIDDEN", "CONFLICT", "VALIDATION", ...bodyErrors],
  async run({ actor, body }) {
    const { secret, endpoint } = await createWebhookEndpoint(actor, body);
    return { ...webhookEndpointJson(endpoint), secret };
  },
});

export const getWebhookEndpointEndpoint = defineEndpoint({
  operationId: "getWebhook",
  method: "GET",
  path: "/webhooks/{id}",
  summary: "A webhook endpoint",
  params: idParams,
  success: { status: 200, schema: webhookEndpointOut, description: "The endpoint (never its secret)." },
  errors: ["FORBIDDEN", "NOT_FOUND", "VALIDATION"],
  async run({ actor, params }) {
    return webhookEndpointJson(await getWebhookEndpoint(actor, params));
  },
});

export const updateWebhookEndpointEndpoint = defineEndpoint({
  operationId: "updateWebhook",
  method: "PATCH",
  path: "/webhooks/{id}",
  summary: "Change a webhook endpoint",
  description: "Owners and Admins. Send the fields to change. Enabling an endpoint Teamhub disabled starts afresh; events of the time it was disabled are in the events feed.",
  params: idParams,
  body: jsonBody(updateWebhookEndpointInput, fields).meta({ examples: [{ eventTypes: null, enabled: false }] }),
  success: { status: 200, schema: webhookEndpointOut, description: "The endpoint as it is now." },
  errors: ["FORBIDDEN", "NOT_FOUND", "VALIDATION", ...bodyErrors],
  async run({ actor, params, body }) {
    return webhookEndpointJson(await updateWebhookEndpoint(actor, { ...body, id: params.id }));
  },
});

export const deleteWebhookEndpointEndpoint = defineEndpoint({
  operationId: "deleteWebhook",
  method: "DELETE",
  path: "/webhooks/{id}",
  summary: "Delete a webhook endpoint",
  description: "Owners and Admins. Its attempt log goes with it; deliveries still queued for it are dropped.",
  params: idParams,
  success: { status: 204, description: "Deleted." },
  errors: ["FORBIDDEN", "NOT_FOUND", "VALIDATION"],
  async run({ actor, params }) {
    await deleteWebhookEndpoint(actor, params);
    return null;
  },
});

export const rotateWebhookSecretEndpoint = defineEndpoint({
  operationId: "rotateWebhookSecret",
  method: "POST",
  path: "/webhooks/{id}/rotate-secret",
  summary: "Rotate a webhook endpoint's signing secret",
  description: `Owners and Admins. The new secret is shown this once; for ${WEBHOOKS.previousSecretHours} hours every request is signed with the previous secret too.`,
  params: idParams,
  success: { status: 200, schema: webhookEndpointWithSecretOut, description: "The endpoint, with its new secret." },
  errors: ["FORBIDDEN", "NOT_FOUND", "VALIDATION"],
  async run({ actor, params }) {
    const { secret, endpoint } = await rotateWebhookSecret(actor, params);
    return { ...webhookEndpointJson(endpoint), secret };
  },
});

export const sendWebhookTestEventEndpoint = defineEndpoint({
  operationId: "sendWebhookTestEvent",
  method: "POST",
  path: "/webhooks/{id}/test",
  summary: "Send a test event",
  description: "Owners and Admins. Queues one webhook.test event to the endpoint (also a disabled one); its attempt appears in the attempt log.",
  params: idParams,
  success: { status: 202, schema: webhookDeliveryOut, description: "The test delivery, queued." },
  errors: ["FORBIDDEN", "NOT_FOUND", "VALIDATION"],
  async run({ actor, params }) {
    return webhookDeliveryJson(await sendTestEvent(actor, params));
  },
});

export const redeliverWebhookEventEndpoint = defineEndpoint({
  operationId: "redeliverWebhookEvent",
  method: "POST",
  path: "/webhooks/{id}/redeliver",
  summary: "Redeliver an event",
  description: "Owners and Admins. Queues one more attempt of an event of the feed (or an earlier test event) to the endpoint, with the same webhook-id.",
  params: idParams,
  body: jsonBody(redeliverInput, { eventId: `An event id from the events feed or a webhook-id header, of the last ${EVENT_RETENTION_DAYS} days.` }).meta({
    examples: [{ eventId: "evt_7c1e9a3f5b8d2e4a6c0f1b3d5e7a9c4b" }],
  }),
  success: { status: 202, schema: webhookDeliveryOut, description: "The delivery, with the attempt queued." },
  errors: ["FORBIDDEN", "NOT_FOUND", "VALIDATION", ...bodyErrors],
  async run({ actor, params, body }) {
    return webhookDeliveryJson(await redeliverEvent(actor, { id: params.id, eventId: body.eventId }));
  },
});

export const listWebhookAttemptsEndpoint = defineEndpoint({
  operationId: "listWebhookAttempts",
  method: "GET",
  path: "/webhooks/{id}/attempts",
  summary: "A webhook endpoint's attempt log",
  description: `Owners and Admins. Every attempt, newest first: when, the event, the answer's status and first ${WEBHOOKS.responseExcerptBytes} bytes, how long it took.`,
  params: idParams,
  query: z.strictObject({ ...pageQuery }),
  success: { status: 200, schema: pageOf(webhookAttemptOut), description: "A page of attempts." },
  errors: ["FORBIDDEN", "NOT_FOUND", "VALIDATION"],
  async run({ actor, params, query }) {
    const page = await listWebhookAttempts(actor, { id: params.id, ...query });
    return { data: page.data.map(webhookAttemptJson), nextCursor: page.nextCursor };
  },
});
