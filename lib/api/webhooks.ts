import { z } from "zod";
import { EVENT_TYPES } from "@/lib/services/events/records";
import type { AttemptView, DeliveryView } from "@/lib/services/webhooks/deliveries";
import { disableReasonName, type WebhookEndpointView } from "@/lib/services/webhooks/endpoints";
import { WebhookDeliveryStatus } from "@/lib/generated/prisma/enums";
import { apiEnum, apiValue, timestamp } from "./schemas";

/** Webhook endpoints, deliveries and attempts as /api/v1 returns them. */

export const eventTypesDescription = "The event types sent to the endpoint; null: all of them, including types added later.";

export const webhookEventTypes = z.array(z.enum(EVENT_TYPES)).min(1).nullable().describe(eventTypesDescription);

const endpointExample = {
  id: "5a8c2e4f-6b1d-4c3a-9e7f-0d2b4a6c8e1f",
  url: "https://crm.example.com/webhooks/teamhub",
  description: "CRM sync",
  eventTypes: ["member.added", "member.removed"],
  enabled: true,
  autoDisabledAt: null,
  disabledReason: null,
  failingSince: null,
  previousSecretExpiresAt: null,
  createdAt: "2026-12-01T09:30:00.000Z",
  updatedAt: "2026-12-01T09:30:00.000Z",
  createdBy: { id: "9e2d4a6c-1b3f-4e5d-8a7c-6f0b2d4e8a1c", name: "Olivia Owner", email: "olivia@example.com" },
};

const disabledEndpointExample = {
  ...endpointExample,
  enabled: false,
  autoDisabledAt: "2026-12-02T08:00:00.000Z",
  disabledReason: "creator_removed",
  updatedAt: "2026-12-02T08:00:00.000Z",
};

export const webhookEndpointOut = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: webhookEventTypes,
  enabled: z.boolean(),
  autoDisabledAt: timestamp.nullable().describe("When Teamhub disabled it (disabledReason says why); null otherwise."),
  disabledReason: z
    .enum(["failing", "creator_removed", "creator_left", "creator_role_changed", "creator_not_authorized"])
    .nullable()
    .describe(
      "Why Teamhub disabled it: its deliveries failed for a day; or the person responsible for it (createdBy) was removed, left, got a role that may not manage webhooks, or already wasn't an Owner or Admin when Teamhub was upgraded. Null when it is enabled or was disabled by hand. Enabling it again clears it and makes the one enabling it createdBy.",
    ),
  failingSince: timestamp.nullable().describe("Since when its deliveries have failed without a success; null while they succeed."),
  previousSecretExpiresAt: timestamp.nullable().describe("After a rotation: until when the previous secret also signs every request."),
  createdAt: timestamp,
  updatedAt: timestamp,
  createdBy: z
    .object({ id: z.uuid().nullable(), name: z.string(), email: z.string() })
    .describe("The person responsible for it, whose authority it follows: its creator, or whoever enabled it again last."),
}).meta({ examples: [endpointExample, disabledEndpointExample] });

export const webhookEndpointWithSecretOut = webhookEndpointOut
  .extend({
    secret: z.string().describe("The signing secret (`whsec_…`). Shown this once: store it where your receiver reads it."),
  })
  .meta({ examples: [{ ...endpointExample, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }] });

export const webhookEndpointListOut = z.object({ data: z.array(webhookEndpointOut) }).meta({ examples: [{ data: [endpointExample] }] });

const deliveryStatus = apiEnum(WebhookDeliveryStatus);

export const webhookDeliveryOut = z
  .object({
    id: z.uuid(),
    eventId: z.string(),
    eventType: z.string(),
    status: deliveryStatus,
    attempts: z.number().int().describe("Automatic attempts made so far."),
    nextAttemptAt: timestamp.nullable().describe("When the next automatic attempt is due; null when none is."),
    createdAt: timestamp,
  })
  .meta({
    examples: [
      {
        id: "2f6a8c0e-4b7d-4e1a-8c3f-5d9b1e7a3c6f",
        eventId: "evt_3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e",
        eventType: "webhook.test",
        status: "pending",
        attempts: 0,
        nextAttemptAt: null,
        createdAt: "2026-12-01T10:00:00.000Z",
      },
    ],
  });

export const webhookAttemptOut = z
  .object({
  id: z.string(),
  deliveryId: z.uuid(),
  eventId: z.string(),
  eventType: z.string(),
  attemptedAt: timestamp,
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable().describe("The receiver's HTTP status; null when it didn't answer."),
  error: z.string().nullable().describe("Why the attempt failed (a status that isn't 2xx, a timeout, a refused address…); null when it got through."),
  response: z.string().describe("The first 1 KiB of the answer's body."),
  manual: z.boolean().describe("Made by Redeliver or Send test event, not by the automatic schedule."),
  delivery: z.object({ status: deliveryStatus, nextAttemptAt: timestamp.nullable() }),
  })
  .meta({
    examples: [
      {
        id: "5301",
        deliveryId: "8b0d2f4a-6c8e-4a1b-9d3f-7e5c1a9b3d2f",
        eventId: "evt_7c1e9a3f5b8d2e4a6c0f1b3d5e7a9c4b",
        eventType: "member.added",
        attemptedAt: "2026-12-01T10:15:02.000Z",
        durationMs: 184,
        statusCode: 503,
        error: "The receiver answered 503",
        response: "Service Unavailable",
        manual: false,
        delivery: { status: "pending", nextAttemptAt: "2026-12-01T10:15:07.000Z" },
      },
    ],
  });

export function webhookEndpointJson(endpoint: WebhookEndpointView): z.infer<typeof webhookEndpointOut> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    enabled: endpoint.enabled,
    autoDisabledAt: endpoint.autoDisabledAt?.toISOString() ?? null,
    disabledReason: endpoint.disabledReason && disableReasonName(endpoint.disabledReason),
    failingSince: endpoint.failingSince?.toISOString() ?? null,
    previousSecretExpiresAt: endpoint.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
    createdBy: endpoint.createdBy,
  };
}

export function webhookDeliveryJson(delivery: DeliveryView): z.infer<typeof webhookDeliveryOut> {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: apiValue(delivery.status),
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
  };
}

export function webhookAttemptJson(attempt: AttemptView): z.infer<typeof webhookAttemptOut> {
  return {
    id: attempt.id,
    deliveryId: attempt.deliveryId,
    eventId: attempt.eventId,
    eventType: attempt.eventType,
    attemptedAt: attempt.attemptedAt.toISOString(),
    durationMs: attempt.durationMs,
    statusCode: attempt.statusCode,
    error: attempt.error,
    response: attempt.response,
    manual: attempt.manual,
    delivery: { status: apiValue(attempt.delivery.status), nextAttemptAt: attempt.delivery.nextAttemptAt?.toISOString() ?? null },
  };
}
