import "server-only";
import { z } from "zod";
import { EVENT_RETENTION_DAYS } from "@/lib/config/fixed-limits";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { pageLimit } from "@/lib/pagination";
import { parseInput } from "@/lib/validation";
import { authorize } from "../access";
import { viewOf as apiKeyViewOf, type ApiKeyView } from "../api-keys";
import { viewOf as invitationViewOf, type InvitationView } from "../invitations/view";
import type { Actor } from "../types";
import { EVENT_DATA, EVENT_TYPES, type EventRecords, type EventType } from "./records";

/** An event's data with invitations and API keys as the services' views, as of the event's time. */
type ViewData<D> = { [K in keyof D]: K extends "invitation" ? InvitationView : K extends "apiKey" ? ApiKeyView : D[K] };

export type EventView = { [T in EventType]: { id: string; type: T; createdAt: Date; data: ViewData<EventRecords<T>> } }[EventType];

export const eventIdSchema = z.string().regex(/^evt_[0-9a-f]{32}$/, "Not an event id.");

export const listEventsInput = z.object({
  after: eventIdSchema.optional(),
  types: z.array(z.enum(EVENT_TYPES)).min(1).optional(),
  limit: pageLimit,
});

type EventRow = { id: string; type: string; createdAt: Date; data: unknown };

export function eventViewOf(row: EventRow): EventView {
  if (!(row.type in EVENT_DATA)) throw new Error(`Unknown event type ${row.type} (event ${row.id}).`);
  const type = row.type as EventType;
  const data: Record<string, unknown> = EVENT_DATA[type].parse(row.data);
  // The state an invitation or key was in is the one it had when the event happened.
  if (data.invitation) data.invitation = invitationViewOf(data.invitation as EventRecords<"invitation.created">["invitation"], row.createdAt);
  if (data.apiKey) data.apiKey = apiKeyViewOf(data.apiKey as EventRecords<"api_key.created">["apiKey"], row.createdAt);
  return { id: row.id, type, createdAt: row.createdAt, data } as EventView;
}

/** One event by id, whatever its organization (webhook delivery; null once it is past retention). */
export async function findEvent(id: string): Promise<EventView | null> {
  const row = await prisma.event.findUnique({ where: { id }, select: { id: true, type: true, createdAt: true, data: true } });
  return row ? eventViewOf(row) : null;
}

/**
 * The organization's events in the order they happened, after the event
 * `after` (an id from this feed or from a webhook's webhook-id), optionally
 * of some types. Gap-free while events are being written: numbers are given
 * out in commit order (lib/services/events/emit.ts), so a page never skips an
 * event that commits later. `nextCursor` is the id to pass as `after` next:
 * the last event here, or `after` again when there is nothing new yet.
 */
export async function listEvents(
  actor: Actor,
  input: z.input<typeof listEventsInput> = {},
): Promise<{ data: EventView[]; nextCursor: string | null; hasMore: boolean }> {
  const { after, types, limit } = parseInput(listEventsInput, input);
  authorize(actor, "event:read");
  let from = BigInt(0);
  if (after) {
    const cursor = await prisma.event.findFirst({ where: { id: after, organizationId: actor.organizationId }, select: { sequence: true } });
    if (!cursor) {
      const message = `This organization has no event ${after}: events are kept for ${EVENT_RETENTION_DAYS} days. Start again without after and skip the events you already have.`;
      throw new AppError("VALIDATION", message, { fieldErrors: { after: [message] } });
    }
    from = cursor.sequence;
  }
  const rows = await prisma.event.findMany({
    where: { organizationId: actor.organizationId, sequence: { gt: from }, ...(types ? { type: { in: types } } : {}) },
    orderBy: { sequence: "asc" },
    take: limit + 1,
    select: { id: true, type: true, createdAt: true, data: true },
  });
  const data = rows.slice(0, limit).map(eventViewOf);
  return { data, nextCursor: data.at(-1)?.id ?? after ?? null, hasMore: rows.length > limit };
}

/** Events past retention; the purge_expired_events job. */
export async function purgeExpiredEvents(): Promise<number> {
  return prisma.$executeRaw`DELETE FROM events WHERE created_at < now() - make_interval(days => ${EVENT_RETENTION_DAYS})`;
}
