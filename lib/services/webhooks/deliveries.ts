import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { EVENT_RETENTION_DAYS, WEBHOOKS } from "@/lib/config/fixed-limits";
import { prisma, type Tx } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import type { WebhookDeliveryStatus } from "@/lib/generated/prisma/client";
import { enqueue } from "@/lib/jobs/queue";
import type { ParsedPayload } from "@/lib/jobs/tasks";
import { decodeCursor, pageLimit, pageOf } from "@/lib/pagination";
import { idSchema, parseInput } from "@/lib/validation";
import type { AttemptOutcome } from "@/lib/webhooks/http";
import { openWebhookSecret } from "@/lib/webhooks/signing";
import { authorize, lockForWrite, lockOrganization } from "../access";
import { eventIdSchema, findEvent, type EventView } from "../events/feed";
import type { Actor } from "../types";
import { lockWebhookEndpoint, recordDisabledEndpoints, webhookEndpointIdInput } from "./endpoints";

/**
 * Delivering events to endpoints: the schedule of automatic attempts, what
 * each attempt records, disabling endpoints that keep failing, and the
 * manual attempts (Send test event, Redeliver). The HTTP side is
 * lib/webhooks/http.ts; lib/webhooks/deliver.ts runs one attempt.
 */

export const TEST_EVENT_TYPE = "webhook.test";

/** Seconds from failed automatic attempt `n` to the next (WEBHOOKS), plus up to 10% so retries of many deliveries spread out. */
export function retryDelaySeconds(failedAttempt: number, jitter = Math.random()): number {
  const delay = Math.min(WEBHOOKS.firstRetrySeconds * 4 ** (failedAttempt - 1), WEBHOOKS.maxRetryDelaySeconds);
  return delay * (1 + jitter / 10);
}

export type WebhookDeliveryPayload = ParsedPayload<"webhook_delivery">;

export type TestEventView = { id: string; type: typeof TEST_EVENT_TYPE; createdAt: Date; data: { webhook: { id: string; url: string } } };

export type DeliveryView = {
  id: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  /** Automatic attempts made. */
  attempts: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
};

export type AttemptView = {
  id: string;
  deliveryId: string;
  eventId: string;
  eventType: string;
  attemptedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  response: string;
  manual: boolean;
  /** The delivery as it is now: whether it got through, and when the next automatic attempt is due. */
  delivery: { status: WebhookDeliveryStatus; nextAttemptAt: Date | null };
};

/** What one attempt sends, where, signed with which secrets; `record` is null for a delivery whose organization is gone. */
export type DeliveryTarget = {
  url: string;
  secrets: string[];
  event: EventView | TestEventView;
  record: { deliveryId: string; endpointId: string; organizationId: string } | null;
};

export const listWebhookAttemptsInput = z.object({ id: idSchema, cursor: z.string().optional(), limit: pageLimit });
export const redeliverInput = z.object({ id: idSchema, eventId: eventIdSchema });

const attemptCursor = z.string().regex(/^\d{1,18}$/);
const deliveryViewSelect = { id: true, eventId: true, eventType: true, status: true, attempts: true, nextAttemptAt: true, createdAt: true } as const;

/** Teamhub itself, in the audit log, when it disables a failing endpoint. */
const TEAMHUB = { userId: null, name: "Teamhub", email: null, ip: null };

/** Locks the organization like lockOrganization, or null when it was deleted meanwhile. */
async function lockOrganizationIfAny(tx: Tx, organizationId: string, strength: "share" | "write") {
  try {
    return await lockOrganization(tx, organizationId, strength);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/** The endpoint's attempts, newest first (keyset on id). */
export async function listWebhookAttempts(
  actor: Actor,
  input: z.input<typeof listWebhookAttemptsInput>,
): Promise<{ data: AttemptView[]; nextCursor: string | null }> {
  const { id, cursor, limit } = parseInput(listWebhookAttemptsInput, input);
  authorize(actor, "webhook:manage");
  const endpoint = await prisma.webhookEndpoint.findFirst({ where: { id, organizationId: actor.organizationId }, select: { id: true } });
  if (!endpoint) throw notFound("Webhook endpoint not found.");
  const before = cursor ? BigInt(decodeCursor(attemptCursor, cursor)) : null;
  const rows = await prisma.webhookAttempt.findMany({
    where: { endpointId: id, ...(before !== null ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
    include: { delivery: { select: { eventId: true, eventType: true, status: true, nextAttemptAt: true } } },
  });
  const page = pageOf(rows, limit, (row) => row.id.toString());
  return {
    data: page.data.map((row) => ({
      id: row.id.toString(),
      deliveryId: row.deliveryId,
      eventId: row.delivery.eventId,
      eventType: row.delivery.eventType,
      attemptedAt: row.attemptedAt,
      durationMs: row.durationMs,
      statusCode: row.statusCode,
      error: row.error,
      response: row.response,
      manual: row.manual,
      delivery: { status: row.delivery.status, nextAttemptAt: row.delivery.nextAttemptAt },
    })),
    nextCursor: page.nextCursor,
  };
}

/** Queues one manual attempt of a delivery, made once whatever its outcome. */
async function enqueueManualAttempt(tx: Tx, deliveryId: string) {
  await enqueue(tx, "webhook_delivery", { deliveryId });
}

/** Sends a webhook.test event to the endpoint (enabled or not): one attempt, in its log like any other. */
export async function sendTestEvent(actor: Actor, input: z.input<typeof webhookEndpointIdInput>): Promise<DeliveryView> {
  const { id } = parseInput(webhookEndpointIdInput, input);
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, actor, "webhook:manage");
    await lockWebhookEndpoint(tx, actor, id);
    const delivery = await tx.webhookDelivery.create({
      data: { endpointId: id, eventId: `evt_${randomBytes(16).toString("hex")}`, eventType: TEST_EVENT_TYPE },
      select: deliveryViewSelect,
    });
    await enqueueManualAttempt(tx, delivery.id);
    return delivery;
  });
}

/**
 * Sends an event of the feed (or an earlier test event) to the endpoint once
 * more, with the same webhook-id: one attempt, also to an endpoint that is
 * disabled or wasn't subscribed to it then.
 */
export async function redeliverEvent(actor: Actor, input: z.input<typeof redeliverInput>): Promise<DeliveryView> {
  const { id, eventId } = parseInput(redeliverInput, input);
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, actor, "webhook:manage");
    await lockWebhookEndpoint(tx, actor, id);
    const event = await tx.event.findFirst({ where: { id: eventId, organizationId: actor.organizationId }, select: { type: true } });
    const earlier = event ? null : await tx.webhookDelivery.findUnique({ where: { endpointId_eventId: { endpointId: id, eventId } }, select: { eventType: true } });
    if (!event && !earlier) {
      const message = `This organization has no event ${eventId}: events are kept for ${EVENT_RETENTION_DAYS} days.`;
      throw new AppError("VALIDATION", message, { fieldErrors: { eventId: [message] } });
    }
    const delivery = await tx.webhookDelivery.upsert({
      where: { endpointId_eventId: { endpointId: id, eventId } },
      create: { endpointId: id, eventId, eventType: event?.type ?? earlier!.eventType },
      update: {},
      select: deliveryViewSelect,
    });
    await enqueueManualAttempt(tx, delivery.id);
    return delivery;
  });
}

function secretsOf(endpoint: { secretCiphertext: string; previousSecretCiphertext: string | null; previousSecretExpiresAt: Date | null }, now: Date) {
  const previous = endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now ? endpoint.previousSecretCiphertext : null;
  return [endpoint.secretCiphertext, ...(previous ? [previous] : [])].map(openWebhookSecret);
}

/** A delivery that won't be attempted any more. */
async function giveUp(deliveryId: string) {
  await prisma.webhookDelivery.updateMany({ where: { id: deliveryId, status: "PENDING" }, data: { status: "FAILED", nextAttemptAt: null } });
}

/**
 * What the attempt of this job sends, or null when there is nothing to do:
 * the endpoint was deleted, the delivery already got through or this
 * automatic attempt was superseded (a job run twice), or the endpoint is
 * disabled (automatic attempts only) or the event is past retention.
 */
export async function webhookDeliveryTarget(payload: WebhookDeliveryPayload): Promise<DeliveryTarget | null> {
  const now = new Date();
  // One snapshot for the delivery and its endpoint (Prisma reads them in two
  // statements): deleting the endpoint in between would leave the delivery without it.
  const delivery = await prisma.$transaction(
    (tx) => tx.webhookDelivery.findUnique({ where: { id: payload.deliveryId }, include: { endpoint: true } }),
    { isolationLevel: "RepeatableRead" },
  );
  if (!delivery) {
    if (!payload.snapshot) return null;
    const event = await findEvent(payload.snapshot.eventId);
    return event ? { url: payload.snapshot.url, secrets: payload.snapshot.sealedSecrets.map(openWebhookSecret), event, record: null } : null;
  }
  const { endpoint } = delivery;
  if (payload.attempt !== undefined) {
    if (delivery.status !== "PENDING" || delivery.attempts !== payload.attempt - 1) return null;
    if (!endpoint.enabled) {
      await giveUp(delivery.id);
      return null;
    }
  }
  const event: EventView | TestEventView | null =
    delivery.eventType === TEST_EVENT_TYPE
      ? { id: delivery.eventId, type: TEST_EVENT_TYPE, createdAt: delivery.createdAt, data: { webhook: { id: endpoint.id, url: endpoint.url } } }
      : await findEvent(delivery.eventId);
  if (!event) {
    await giveUp(delivery.id);
    return null;
  }
  return {
    url: endpoint.url,
    secrets: secretsOf(endpoint, now),
    event,
    record: { deliveryId: delivery.id, endpointId: endpoint.id, organizationId: endpoint.organizationId },
  };
}

/** The delivery's state after an attempt: got through, the next automatic attempt and when, or given up. */
function nextState(delivery: { status: WebhookDeliveryStatus; attempts: number; nextAttemptAt: Date | null }, automatic: boolean, succeeded: boolean, now: Date) {
  if (succeeded) return { status: "SUCCEEDED" as const, attempts: delivery.attempts + Number(automatic), nextAttemptAt: null };
  if (!automatic) return { status: delivery.nextAttemptAt ? delivery.status : ("FAILED" as const), attempts: delivery.attempts, nextAttemptAt: delivery.nextAttemptAt };
  const attempts = delivery.attempts + 1;
  if (attempts >= WEBHOOKS.automaticAttempts) return { status: "FAILED" as const, attempts, nextAttemptAt: null };
  return { status: "PENDING" as const, attempts, nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(attempts) * 1000) };
}

/**
 * Records an attempt's outcome (with the answer's first 1 KiB) and what
 * follows: the delivery done, the next automatic attempt queued for its
 * time, or given up. An endpoint whose deliveries have now failed for a day
 * without a success is disabled and its organization's Owners notified.
 */
export async function recordWebhookAttempt(
  payload: WebhookDeliveryPayload,
  target: DeliveryTarget,
  outcome: AttemptOutcome & { attemptedAt: Date },
): Promise<void> {
  const succeeded = outcome.error === null;
  const automatic = payload.attempt !== undefined;
  if (!target.record) {
    // organization.deleted: nothing left to record in; retried on the same schedule.
    if (!succeeded && automatic && payload.attempt! < WEBHOOKS.automaticAttempts) {
      const runAt = new Date(Date.now() + retryDelaySeconds(payload.attempt!) * 1000);
      await prisma.$transaction((tx) => enqueue(tx, "webhook_delivery", { ...payload, attempt: payload.attempt! + 1 }, { runAt }));
    }
    return;
  }
  const { deliveryId, endpointId, organizationId } = target.record;
  const failingFor = await prisma.$transaction(async (tx) => {
    // Organization, endpoint, delivery: the order every change takes, so deleting either waits for this or is seen by it.
    const organization = await lockOrganizationIfAny(tx, organizationId, "share");
    const [endpoint] = organization
      ? await tx.$queryRaw<{ failingSince: Date | null }[]>`
          SELECT failing_since AS "failingSince" FROM webhook_endpoints WHERE id = ${endpointId}::uuid FOR KEY SHARE`
      : [];
    const [delivery] = endpoint
      ? await tx.$queryRaw<{ status: WebhookDeliveryStatus; attempts: number; nextAttemptAt: Date | null }[]>`
          SELECT status::text AS status, attempts, next_attempt_at AS "nextAttemptAt" FROM webhook_deliveries WHERE id = ${deliveryId}::uuid FOR UPDATE`
      : [];
    if (!endpoint || !delivery) return null;
    const now = new Date();
    const next = nextState(delivery, automatic, succeeded, now);
    await tx.webhookAttempt.create({
      data: {
        deliveryId,
        endpointId,
        attemptedAt: outcome.attemptedAt,
        durationMs: outcome.durationMs,
        statusCode: outcome.statusCode,
        error: outcome.error,
        response: outcome.response,
        manual: !automatic,
      },
    });
    await tx.webhookDelivery.update({ where: { id: deliveryId }, data: next });
    if (automatic && next.nextAttemptAt) {
      await enqueue(tx, "webhook_delivery", { deliveryId, attempt: next.attempts + 1 }, { runAt: next.nextAttemptAt });
    }
    // Only a change of state writes the endpoint's row: a busy endpoint's successes don't queue on it.
    if (succeeded !== (endpoint.failingSince === null)) {
      await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { failingSince: succeeded ? null : outcome.attemptedAt } });
    }
    return succeeded || !automatic ? null : now.getTime() - (endpoint.failingSince ?? outcome.attemptedAt).getTime();
  });
  if (failingFor !== null && failingFor >= WEBHOOKS.disableAfterFailingHours * 3_600_000) await disableFailingEndpoint(endpointId);
}

/**
 * Disables an endpoint that is still failing a day on, gives up its pending
 * deliveries, notifies the organization's Owners (in the bell, and by email
 * when email is on) and records it in the audit log as done by Teamhub.
 */
export async function disableFailingEndpoint(endpointId: string): Promise<void> {
  const found = await prisma.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { organizationId: true } });
  if (!found) return;
  await prisma.$transaction(async (tx) => {
    const organization = await lockOrganizationIfAny(tx, found.organizationId, "write");
    if (!organization) return;
    const [endpoint] = await tx.$queryRaw<{ id: string; url: string; failingSince: Date }[]>`
      UPDATE webhook_endpoints SET enabled = false, auto_disabled_at = now(), disabled_reason = 'FAILING', updated_at = now()
      WHERE id = ${endpointId}::uuid AND enabled
        AND failing_since <= now() - make_interval(hours => ${WEBHOOKS.disableAfterFailingHours})
      RETURNING id, url, failing_since AS "failingSince"`;
    if (!endpoint) return;
    await recordDisabledEndpoints(tx, TEAMHUB, organization, [endpoint], "FAILING");
  });
}

/** Deliveries (with their attempts) past the events' retention; the purge_expired_events job. */
export async function purgeExpiredDeliveries(): Promise<number> {
  return prisma.$executeRaw`DELETE FROM webhook_deliveries WHERE created_at < now() - make_interval(days => ${EVENT_RETENTION_DAYS})`;
}
