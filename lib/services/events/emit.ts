import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { addJobsEach } from "@/lib/jobs/queue";
import type { Role } from "@/lib/permissions";
import { apiKeyRecordSelect, EVENT_DATA, invitationRecordSelect, memberRecord, type EventInput } from "./records";

/**
 * Records events in the caller's transaction, next to the audit entry of
 * the change: for the events feed, and a webhook delivery (a job) for every
 * enabled endpoint of the organization that subscribes to the type. A
 * rolled-back change records and delivers nothing; a committed one is never
 * lost.
 *
 * One statement, however many events and endpoints. It numbers the events by
 * bumping the organization's last_event_sequence, which row-locks the
 * organization until the transaction ends (every write there has locked it
 * already): the next transaction gets the next numbers only after this one
 * committed, so a reader that sees an event sees every one before it.
 *
 * organization.deleted is delivered after the organization and its endpoints
 * are gone: its jobs carry what delivery needs (the URL and the sealed secrets).
 */
export async function emitEvents(tx: Tx, organizationId: string, events: EventInput[]): Promise<void> {
  if (events.length === 0) return;
  const recorded = eventsInsert(organizationId, events);
  await tx.$executeRaw`WITH ${recorded.ctes} SELECT ${recorded.deliveries}`;
}

/**
 * emitEvents as SQL, for a statement of the caller's making (a pipelined write, say), after the
 * organization's lock: `ctes` record the events, only when `from` has rows if given (the rows they
 * are about); the statement's main query must evaluate `deliveries` once, which adds their
 * delivery jobs (a SELECT in WITH runs only as far as it is read).
 */
export function eventsInsert(organizationId: string, events: EventInput[], from?: Prisma.Sql): { ctes: Prisma.Sql; deliveries: Prisma.Sql } {
  const items = events.map((event) => ({ type: event.type, data: EVENT_DATA[event.type].parse(event.data) }));
  return {
    ctes: Prisma.sql`
      event_numbers AS (
        UPDATE organizations SET last_event_sequence = last_event_sequence + ${items.length}
        WHERE id = ${organizationId}::uuid ${from ? Prisma.sql`AND EXISTS (SELECT 1 FROM ${from})` : Prisma.empty}
        RETURNING last_event_sequence - ${items.length} AS base
      ),
      events_inserted AS (
        INSERT INTO events (id, organization_id, sequence, type, data)
        SELECT 'evt_' || replace(gen_random_uuid()::text, '-', ''), ${organizationId}::uuid, event_numbers.base + item.position,
               item.value->>'type', item.value->'data'
        FROM event_numbers CROSS JOIN jsonb_array_elements(${JSON.stringify(items)}::jsonb) WITH ORDINALITY AS item(value, position)
        RETURNING id, type
      ),
      event_deliveries AS (
        INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type)
        SELECT endpoint.id, events_inserted.id, events_inserted.type
        FROM events_inserted JOIN webhook_endpoints endpoint
          ON endpoint.organization_id = ${organizationId}::uuid AND endpoint.enabled
         AND (coalesce(cardinality(endpoint.event_types), 0) = 0 OR events_inserted.type = ANY(endpoint.event_types))
        RETURNING id, endpoint_id, event_id, event_type
      )`,
    deliveries: addJobsEach(
      "webhook_delivery",
      Prisma.sql`
      SELECT json_strip_nulls(json_build_object(
        'deliveryId', event_deliveries.id,
        'attempt', 1,
        'snapshot', CASE WHEN event_deliveries.event_type = 'organization.deleted' THEN json_build_object(
          'eventId', event_deliveries.event_id,
          'url', endpoint.url,
          'sealedSecrets', array_remove(ARRAY[
            endpoint.secret_ciphertext,
            CASE WHEN endpoint.previous_secret_expires_at > now() THEN endpoint.previous_secret_ciphertext END
          ], NULL))
        END)) AS payload
      FROM event_deliveries JOIN webhook_endpoints endpoint ON endpoint.id = event_deliveries.endpoint_id`,
    ),
  };
}

export async function emitEvent(tx: Tx, organizationId: string, event: EventInput): Promise<void> {
  await emitEvents(tx, organizationId, [event]);
}

type InvitationEventType = Extract<EventInput["type"], `invitation.${string}`>;
type ApiKeyEventType = Extract<EventInput["type"], `api_key.${string}`>;

/** Events about invitations changed in this transaction, by id (for changes that don't hold the rows). */
export async function emitInvitationEvents(tx: Tx, organizationId: string, type: InvitationEventType, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx.invitation.findMany({ where: { organizationId, id: { in: ids } }, select: invitationRecordSelect, orderBy: { id: "asc" } });
  await emitEvents(tx, organizationId, rows.map((invitation) => ({ type, data: { invitation } })));
}

/** Events about API keys changed in this transaction, by id. */
export async function emitApiKeyEvents(tx: Tx, organizationId: string, type: ApiKeyEventType, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx.apiKey.findMany({ where: { organizationId, id: { in: ids } }, select: apiKeyRecordSelect, orderBy: { id: "asc" } });
  await emitEvents(tx, organizationId, rows.map((apiKey) => ({ type, data: { apiKey } })));
}

/**
 * Someone accepted an invitation: member.added when they joined, or
 * member.role_changed when they already were a member and the invitation
 * raised their role (`previousRole`: their role before, null when they
 * weren't a member).
 */
export async function emitMembershipFromInvitation(tx: Tx, organizationId: string, userId: string, previousRole: Role | null): Promise<void> {
  const [row] = await tx.$queryRaw<unknown[]>`
    SELECT m.user_id AS "userId", u.name, u.email, m.role::text AS role, m.joined_at AS "joinedAt",
           m.last_active_at AS "lastActiveAt", u.email_verified_at IS NOT NULL AS "emailVerified"
    FROM members m JOIN users u ON u.id = m.user_id
    WHERE m.organization_id = ${organizationId}::uuid AND m.user_id = ${userId}::uuid`;
  const member = memberRecord.parse(row);
  if (previousRole === null) await emitEvent(tx, organizationId, { type: "member.added", data: { member } });
  else if (previousRole !== member.role) await emitEvent(tx, organizationId, { type: "member.role_changed", data: { member, previous: { role: previousRole } } });
}
