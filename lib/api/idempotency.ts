import "server-only";
import { createHash } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import type { Action } from "@/lib/permissions";
import { authorize } from "@/lib/services/access";
import { seal, unseal } from "@/lib/tokens/sealing";
import type { Actor } from "@/lib/services/types";

// Records are replayed for 24 hours; each claim deletes up to PRUNE_BATCH older ones, so the table holds
// about a day of keys (a claim adds at most one record and removes several while any has expired).
const EXPIRED = Prisma.sql`idempotency_records.created_at < now() - interval '24 hours'`;
const PRUNE_BATCH = 4;
// Marks a record whose first request is still running; one older than a minute was abandoned (a crash).
const IN_FLIGHT = 0;
const ABANDONED = Prisma.sql`idempotency_records.status = ${IN_FLIGHT} AND idempotency_records.created_at < now() - interval '1 minute'`;
// Responses can hold secrets (invitation links): they are stored sealed.
const PURPOSE = "idempotent-response";

type Outcome = { status: number; body: unknown; replayed: boolean };

/**
 * Idempotency-Key (POST): the same key and body within 24 hours returns the
 * first response and does nothing new. The key is claimed with an insert
 * (unique per caller and key) before the work runs, so two identical requests
 * at the same moment can't both do it. Failed requests release the key. A
 * replay needs the permission the first request needed, as of now.
 */
export async function withIdempotency(
  actor: Actor,
  permission: Action,
  request: Request,
  body: unknown,
  execute: () => Promise<{ status: number; body: unknown }>,
): Promise<Outcome> {
  const key = request.headers.get("idempotency-key");
  if (key === null) return { ...(await execute()), replayed: false };
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new AppError("VALIDATION", "Idempotency-Key must be 1 to 255 visible ASCII characters.", { fieldErrors: { "Idempotency-Key": ["Use 1 to 255 visible ASCII characters."] } });
  }
  const scope = actor.apiKey ? `apikey:${actor.apiKey.id}` : `user:${actor.userId}:organization:${actor.organizationId}`;
  const requestHash = createHash("sha256").update(`${request.method} ${new URL(request.url).pathname} ${JSON.stringify(body)}`).digest("hex");

  const recordId = await claim(scope, key, requestHash);
  if (recordId === null) {
    authorize(actor, permission);
    return replay(scope, key, requestHash);
  }
  try {
    const outcome = await execute();
    await prisma.idempotencyRecord.update({
      where: { id: recordId },
      data: { status: outcome.status, body: seal(PURPOSE, JSON.stringify(outcome.body ?? null)) },
    });
    return { ...outcome, replayed: false };
  } catch (error) {
    await prisma.idempotencyRecord.delete({ where: { id: recordId } }).catch(() => {});
    throw error;
  }
}

/**
 * Claims the key for this request, as a new record or by taking over one past
 * its window or abandoned; null when a live record holds it.
 */
async function claim(scope: string, key: string, requestHash: string): Promise<string | null> {
  const [claimed] = await prisma.$queryRaw<{ id: string }[]>`
    WITH pruned AS (
      DELETE FROM idempotency_records WHERE id IN (
        SELECT id FROM idempotency_records WHERE ${EXPIRED} AND NOT (scope = ${scope} AND key = ${key})
        LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)
    )
    INSERT INTO idempotency_records (scope, key, request_hash, status, body)
    VALUES (${scope}, ${key}, ${requestHash}, ${IN_FLIGHT}, '{}')
    ON CONFLICT (scope, key) DO UPDATE
      SET request_hash = EXCLUDED.request_hash, status = EXCLUDED.status, body = EXCLUDED.body, created_at = now()
      WHERE ${EXPIRED} OR ${ABANDONED}
    RETURNING id`;
  return claimed?.id ?? null;
}

async function replay(scope: string, key: string, requestHash: string): Promise<Outcome> {
  // Never a record past its window, even one that expired since the claim found it live.
  const [record] = await prisma.$queryRaw<{ requestHash: string; status: number; body: unknown }[]>`
    SELECT request_hash AS "requestHash", status, body FROM idempotency_records
    WHERE scope = ${scope} AND key = ${key} AND NOT (${EXPIRED})`;
  if (!record) throw new AppError("CONFLICT", "A request with this Idempotency-Key just failed; retry it.");
  if (record.requestHash !== requestHash) {
    throw new AppError("CONFLICT", "This Idempotency-Key was already used with a different request. Use a new key for a new request.");
  }
  if (record.status === IN_FLIGHT) throw new AppError("CONFLICT", "A request with this Idempotency-Key is still being processed. Retry in a moment.");
  return { status: record.status, body: JSON.parse(unseal(PURPOSE, record.body as string)), replayed: true };
}
