import "server-only";
import { z } from "zod";
import { WEBHOOKS } from "@/lib/config/fixed-limits";
import type { EventView } from "@/lib/services/events/feed";
import { EVENT_TYPES, type EventType } from "@/lib/services/events/records";
import { TEST_EVENT_TYPE, type TestEventView } from "@/lib/services/webhooks/deliveries";
import { apiKeyOut, invitationOut, memberOut, organizationOut, timestamp } from "./schemas";
import { apiKeyJson, invitationJson, memberJson } from "./serialize";

/**
 * Events as the events feed lists them and webhooks deliver them (the
 * Standard Webhooks payload: id, type, timestamp, data), made of the API's
 * own resource schemas and serializers, so they change with the API.
 */

const organizationEventOut = organizationOut.omit({ role: true });

const DATA = {
  "member.added": z.object({ member: memberOut }),
  "member.role_changed": z.object({ member: memberOut, previous: z.object({ role: memberOut.shape.role }) }),
  "member.removed": z.object({ member: memberOut.describe("The member as they were when removed.") }),
  "member.left": z.object({ member: memberOut.describe("The member as they were when they left.") }),
  "invitation.created": z.object({ invitation: invitationOut }),
  "invitation.resent": z.object({ invitation: invitationOut }),
  "invitation.cancelled": z.object({ invitation: invitationOut }),
  "invitation.accepted": z.object({ invitation: invitationOut }),
  "invitation.rejected": z.object({ invitation: invitationOut }),
  "organization.updated": z.object({ organization: organizationEventOut, previous: z.object({ name: z.string() }) }),
  "organization.deleted": z.object({ organization: organizationEventOut }),
  "api_key.created": z.object({ apiKey: apiKeyOut }),
  "api_key.revoked": z.object({ apiKey: apiKeyOut }),
} satisfies Record<EventType, z.ZodType>;

const TEST_DATA = z.object({ webhook: z.object({ id: z.uuid(), url: z.string() }) });

const SUMMARIES: Record<EventType | typeof TEST_EVENT_TYPE, string> = {
  "member.added": "Someone joined the organization (accepted an invitation).",
  "member.role_changed": "A member's role changed; `previous.role` is the role they had.",
  "member.removed": "An Owner or Admin removed a member.",
  "member.left": "A member left the organization.",
  "invitation.created": "An invitation was created. Events never carry invitation links (`url` is null).",
  "invitation.resent": "An invitation was resent: a fresh link and expiry.",
  "invitation.cancelled": "An invitation was cancelled, by someone or automatically (`cancelReason`).",
  "invitation.accepted": "The invited person accepted (a member.added or member.role_changed event follows).",
  "invitation.rejected": "The invited person rejected the invitation.",
  "organization.updated": "The organization was renamed; `previous.name` is the name it had.",
  "organization.deleted": "An Owner deleted the organization. Delivered although the organization and its endpoints are gone.",
  "api_key.created": "An API key was created.",
  "api_key.revoked": "An API key was revoked: by someone, or because its creator left or was removed.",
  "webhook.test": "Sent by Send test event (or POST /webhooks/{id}/test); not in the events feed.",
};

const exampleOf = (schema: z.ZodType) => (schema.meta()?.examples as Record<string, unknown>[])[0]!;
const memberExample = exampleOf(memberOut);
// Events never carry invitation links.
const invitationExample = { ...exampleOf(invitationOut), url: null };
const answered = { respondedAt: "2026-12-02T14:20:00.000Z" };
const apiKeyExample = exampleOf(apiKeyOut);
const organizationExample = { id: "1c4b9e7a-3f0e-4d55-8a4c-6e2b1d9f0a22", name: "Acme", personal: false };

/** What each type's example (in the OpenAPI document) carries. */
const EXAMPLE_DATA: Record<EventType | typeof TEST_EVENT_TYPE, Record<string, unknown>> = {
  "member.added": { member: memberExample },
  "member.role_changed": { member: { ...memberExample, role: "admin" }, previous: { role: "member" } },
  "member.removed": { member: memberExample },
  "member.left": { member: memberExample },
  "invitation.created": { invitation: invitationExample },
  "invitation.resent": { invitation: invitationExample },
  "invitation.cancelled": { invitation: { ...invitationExample, status: "cancelled", cancelReason: "manual" } },
  "invitation.accepted": { invitation: { ...invitationExample, status: "accepted", ...answered } },
  "invitation.rejected": { invitation: { ...invitationExample, status: "rejected", ...answered } },
  "organization.updated": { organization: organizationExample, previous: { name: "Acme Inc." } },
  "organization.deleted": { organization: organizationExample },
  "api_key.created": { apiKey: apiKeyExample },
  "api_key.revoked": { apiKey: { ...apiKeyExample, status: "revoked", revokedAt: "2026-12-02T09:00:00.000Z" } },
  "webhook.test": { webhook: { id: "5a8c2e4f-6b1d-4c3a-9e7f-0d2b4a6c8e1f", url: "https://crm.example.com/webhooks/teamhub" } },
};

function envelope<T extends EventType | typeof TEST_EVENT_TYPE, D extends z.ZodType>(type: T, data: D) {
  return z
    .object({
      id: z.string().describe("The event's id: the same in the events feed and in the webhook-id header of each delivery of it. Drop events you already have."),
      type: z.literal(type),
      timestamp: timestamp.describe("When it happened."),
      data,
    })
    .meta({
      description: SUMMARIES[type],
      examples: [{ id: "evt_7c1e9a3f5b8d2e4a6c0f1b3d5e7a9c4b", type, timestamp: "2026-12-02T14:20:00.000Z", data: EXAMPLE_DATA[type] }],
    });
}

type EventSchemas = { [T in EventType]: z.ZodObject<{ id: z.ZodString; type: z.ZodLiteral<T>; timestamp: typeof timestamp; data: (typeof DATA)[T] }> };
export const EVENT_SCHEMAS = Object.fromEntries(EVENT_TYPES.map((type) => [type, envelope(type, DATA[type])])) as unknown as EventSchemas;
export const testEventOut = envelope(TEST_EVENT_TYPE, TEST_DATA);
export const eventOut = z.discriminatedUnion(
  "type",
  EVENT_TYPES.map((type) => EVENT_SCHEMAS[type]) as unknown as [EventSchemas[EventType], ...EventSchemas[EventType][]],
);

/** A page of the events feed. */
export const eventPageOut = z
  .object({
    data: z.array(eventOut),
    nextCursor: z.string().nullable().describe("Pass as `after` to read on: the last event here, or your `after` when there is nothing new; null when the feed is empty."),
    hasMore: z.boolean().describe("More events are there already: read on at once."),
  })
  .meta({
    examples: [
      {
        data: [
          { ...exampleOf(EVENT_SCHEMAS["invitation.accepted"]), id: "evt_2b4d6f8a0c1e3a5c7e9b1d3f5a7c9e0b" },
          exampleOf(EVENT_SCHEMAS["member.added"]),
        ],
        nextCursor: exampleOf(EVENT_SCHEMAS["member.added"]).id,
        hasMore: false,
      },
    ],
  });

type EventJson = z.infer<typeof eventOut>;

export function eventJson(event: EventView): EventJson {
  const data = event.data;
  return {
    id: event.id,
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: {
      ...("member" in data ? { member: memberJson(data.member) } : {}),
      // Links are secrets of the invited person: never in events.
      ...("invitation" in data ? { invitation: invitationJson(data.invitation, null) } : {}),
      ...("apiKey" in data ? { apiKey: apiKeyJson(data.apiKey) } : {}),
      ...("organization" in data ? { organization: { id: data.organization.id, name: data.organization.name, personal: data.organization.personal } } : {}),
      // A previous role is shaped as the member's role is.
      ...("previous" in data ? { previous: "role" in data.previous && "member" in data ? { role: memberJson({ ...data.member, role: data.previous.role }).role } : data.previous } : {}),
    },
  } as EventJson;
}

/** The body of a webhook request: an event of the feed, or a test event. */
export function webhookPayloadJson(event: EventView | TestEventView): EventJson | z.infer<typeof testEventOut> {
  if (event.type === TEST_EVENT_TYPE) return { id: event.id, type: event.type, timestamp: event.createdAt.toISOString(), data: event.data };
  return eventJson(event);
}

const SIGNATURE_HEADERS = [
  { name: "webhook-id", description: "The event's id (`evt_…`), the same on every attempt: drop duplicates by it." },
  { name: "webhook-timestamp", description: "Seconds since 1970 when this attempt was signed; refuse ones older than a few minutes." },
  {
    name: "webhook-signature",
    description: `\`v1,<base64 HMAC-SHA256>\` of \`<webhook-id>.<webhook-timestamp>.<body>\` under the endpoint's secret; for ${WEBHOOKS.previousSecretHours} hours after a rotation, one per secret, separated by spaces.`,
  },
];

/**
 * The OpenAPI 3.1 `webhooks` section: every event Teamhub POSTs to endpoints, and the Standard
 * Webhooks headers. `content`: the JSON media type of a schema, with its example (openapi.ts).
 */
export function webhookOperations(content: (schema: z.ZodType) => Record<string, unknown>) {
  const schemas: [string, z.ZodType][] = [...EVENT_TYPES.map((type): [string, z.ZodType] => [type, EVENT_SCHEMAS[type]]), [TEST_EVENT_TYPE, testEventOut]];
  return Object.fromEntries(
    schemas.map(([type, schema]) => [
      type,
      {
        post: {
          operationId: `${type.replace(/[._](\w)/g, (_, letter: string) => letter.toUpperCase())}Event`,
          summary: SUMMARIES[type as EventType],
          description:
            "Signed as the Standard Webhooks specification says (verify with the `standardwebhooks` library and the endpoint's `whsec_…` secret). Delivered at least once, in no guaranteed order.",
          parameters: SIGNATURE_HEADERS.map((header) => ({ ...header, in: "header", required: true, schema: { type: "string" } })),
          requestBody: { required: true, content: content(schema) },
          responses: {
            "2XX": {
              description: `Received. Anything else (an error, a redirect, no answer within ${WEBHOOKS.deliveryTimeoutSeconds} s) is retried for about a day.`,
            },
          },
        },
      },
    ]),
  );
}
