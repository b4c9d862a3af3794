import { z } from "zod";
import type { Prisma } from "@/lib/db/client";
import { InvitationCancelReason, InvitationEmailStatus, InvitationStatus } from "@/lib/generated/prisma/enums";
import { ROLES } from "@/lib/permissions";

/**
 * What an event keeps of the things it is about: their rows as they were
 * when it happened, checked when the event is recorded and again when it is
 * read. Readers turn them into the services' views (as of the event's time,
 * lib/services/events/feed.ts) and the API turns those into its JSON, so
 * events carry exactly the API's resource shapes.
 */

const role = z.enum(ROLES);
const date = z.coerce.date();

export const memberRecord = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  role,
  joinedAt: date,
  lastActiveAt: date,
  emailVerified: z.boolean(),
});

export const invitationRecord = z.object({
  id: z.uuid(),
  email: z.string(),
  role,
  status: z.enum(InvitationStatus),
  expiresAt: date,
  createdAt: date,
  invitedById: z.uuid().nullable(),
  invitedByName: z.string(),
  invitedByEmail: z.string(),
  respondedAt: date.nullable(),
  cancelReason: z.enum(InvitationCancelReason).nullable(),
  emailStatus: z.enum(InvitationEmailStatus).nullable(),
  emailSentAt: date.nullable(),
});

export const apiKeyRecord = z.object({
  id: z.uuid(),
  name: z.string(),
  role,
  prefix: z.string(),
  createdAt: date,
  expiresAt: date.nullable(),
  revokedAt: date.nullable(),
  lastUsedAt: date.nullable(),
  createdById: z.uuid().nullable(),
  createdByName: z.string(),
  createdByEmail: z.string(),
});

export const organizationRecord = z.object({ id: z.uuid(), name: z.string(), personal: z.boolean() });

/** The record of each column an event about an invitation or an API key keeps, to load them by id. */
const columnsOf = <S extends z.ZodObject>(schema: S) => Object.fromEntries(Object.keys(schema.shape).map((key) => [key, true])) as { [K in keyof S["shape"]]: true };
export const invitationRecordSelect = columnsOf(invitationRecord) satisfies Prisma.InvitationSelect;
export const apiKeyRecordSelect = columnsOf(apiKeyRecord) satisfies Prisma.ApiKeySelect;

/** Every event type, each with what its data holds. */
export const EVENT_DATA = {
  "member.added": z.object({ member: memberRecord }),
  "member.role_changed": z.object({ member: memberRecord, previous: z.object({ role }) }),
  "member.removed": z.object({ member: memberRecord }),
  "member.left": z.object({ member: memberRecord }),
  "invitation.created": z.object({ invitation: invitationRecord }),
  "invitation.resent": z.object({ invitation: invitationRecord }),
  "invitation.cancelled": z.object({ invitation: invitationRecord }),
  "invitation.accepted": z.object({ invitation: invitationRecord }),
  "invitation.rejected": z.object({ invitation: invitationRecord }),
  "organization.updated": z.object({ organization: organizationRecord, previous: z.object({ name: z.string() }) }),
  "organization.deleted": z.object({ organization: organizationRecord }),
  "api_key.created": z.object({ apiKey: apiKeyRecord }),
  "api_key.revoked": z.object({ apiKey: apiKeyRecord }),
} as const;

export type EventType = keyof typeof EVENT_DATA;
export const EVENT_TYPES = Object.keys(EVENT_DATA) as [EventType, ...EventType[]];
export type EventRecords<T extends EventType> = z.infer<(typeof EVENT_DATA)[T]>;

/** An event to record: its type and its data (records, or rows with at least their fields). */
export type EventInput = { [T in EventType]: { type: T; data: z.input<(typeof EVENT_DATA)[T]> } }[EventType];
