import { createHash } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { AppError, forbidden, isUniqueViolation } from "@/lib/errors";
import { can, type Action } from "@/lib/permissions";
import { seal, unseal } from "@/lib/sealing";
import type { Actor } from "@/lib/services/types";

const WINDOW_MS = 24 * 60 * 60 * 1000;
// Marks a record whose first request is still running; one older than this was abandoned (a crash).
const IN_FLIGHT = 0;
const IN_FLIGHT_MS = 60 * 1000;
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

  const now = Date.now();
  await prisma.idempotencyRecord.deleteMany({
    where: {
      scope,
      key,
      OR: [{ createdAt: { lt: new Date(now - WINDOW_MS) } }, { status: IN_FLIGHT, createdAt: { lt: new Date(now - IN_FLIGHT_MS) } }],
    },
  });
  let recordId: string;
  try {
    recordId = (await prisma.idempotencyRecord.create({ data: { scope, key, requestHash, status: IN_FLIGHT, body: {} } })).id;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    if (!can(actor.role, permission)) throw forbidden();
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

async function replay(scope: string, key: string, requestHash: string): Promise<Outcome> {
  const record = await prisma.idempotencyRecord.findUnique({ where: { scope_key: { scope, key } } });
  if (!record) throw new AppError("CONFLICT", "A request with this Idempotency-Key just failed; retry it.");
  if (record.requestHash !== requestHash) {
    throw new AppError("CONFLICT", "This Idempotency-Key was already used with a different request. Use a new key for a new request.");
  }
  if (record.status === IN_FLIGHT) throw new AppError("CONFLICT", "A request with this Idempotency-Key is still being processed. Retry in a moment.");
  return { status: record.status, body: JSON.parse(unseal(PURPOSE, record.body as string)), replayed: true };
}
