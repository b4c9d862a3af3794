import { z } from "zod";
import type { EventView } from "@/lib/services/events/feed";
import { EVENT_TYPES, type EventType } from "@/lib/services/events/records";
import { TEST_EVENT_TYPE, type TestEventView } from "@/lib/services/webhooks/deliveries";
import { DELIVERY_TIMEOUT_MS } from "@/lib/webhooks/http";
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

function envelope<T extends EventType | typeof TEST_EVENT_TYPE, D extends z.ZodType>(type: T, data: D) {
  return z
    .object({
      id: z.string().describe("The event's id: the same in the events feed and in the webhook-id header of each delivery of it. Drop events you already have."),
      type: z.literal(type),
      timestamp: timestamp.describe("When it happened."),
      data,
    })
    .describe(SUMMARIES[type]);
}

type EventSchemas = { [T in EventType]: z.ZodObject<{ id: z.ZodString; type: z.ZodLiteral<T>; timestamp: typeof timestamp; data: (typeof DATA)[T] }> };
export const EVENT_SCHEMAS = Object.fromEntries(EVENT_TYPES.map((type) => [type, envelope(type, DATA[type])])) as unknown as EventSchemas;
export const testEventOut = envelope(TEST_EVENT_TYPE, TEST_DATA);
export const eventOut = z.discriminatedUnion(
  "type",
  EVENT_TYPES.map((type) => EVENT_SCHEMAS[type]) as unknown as [EventSchemas[EventType], ...EventSchemas[EventType][]],
);

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
    description: "`v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` under the endpoint's secret; for a day after a rotation, one per secret, separated by spaces.",
  },
];

/** The OpenAPI 3.1 `webhooks` section: every event Teamhub POSTs to endpoints, and the Standard Webhooks headers. */
export function webhookOperations(jsonSchema: (schema: z.ZodType, io: "input" | "output") => Record<string, unknown>) {
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
          requestBody: { required: true, content: { "application/json": { schema: jsonSchema(schema, "output") } } },
          responses: {
            "2XX": {
              description: `Received. Anything else (an error, a redirect, no answer within ${DELIVERY_TIMEOUT_MS / 1000} s) is retried for about a day.`,
            },
          },
        },
      },
    ]),
  );
}
