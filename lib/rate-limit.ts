import "server-only";
import { prisma, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Sliding-window rate limits kept in PostgreSQL, so every app instance sees
 * the same counts. Each key has one counter per fixed window; the estimate
 * weighs the previous window by how much of it still overlaps the sliding one
 * (the "sliding window counter" algorithm). A hit is counted by a single
 * atomic upsert only if it fits, so concurrent requests can't both slip under
 * the limit unseen, and a refused hit writes nothing: a blocked caller adds no
 * rows however often it knocks.
 *
 * The table stays proportional to recent traffic: each row expires when its
 * window no longer weighs in (at the end of the next window), and every
 * consume deletes up to PRUNE_BATCH expired rows. A call adds at most one row
 * and removes several while any has expired, so the table only grows when
 * none has: it never holds more than the rows of each key's last two windows,
 * plus one.
 */

export type Limit = { key: string; limit: number; windowSeconds: number };
export type LimitState = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

/** A hit taken by consume; a counted one can be given back to the window it was counted in. */
export type Hit = LimitState & { release(): Promise<void> };

export const PRUNE_BATCH = 4;

/** A key's hits in its current and previous windows, and how far into the current one we are. */
type Window = { current: number; previous: number; elapsed: number; start: Date };

/** The current window of a key: its start, and the seconds elapsed since. */
function windowOf(w: number) {
  return Prisma.sql`
    SELECT start, extract(epoch FROM now() - start)::float8 AS elapsed
    FROM (SELECT to_timestamp(floor(extract(epoch FROM now()) / ${w}) * ${w}) AS start) AS aligned`;
}

/** The hits of a key's window before the current one (`bucket`), 0 when it has none. */
function previousHits(key: string, w: number) {
  return Prisma.sql`coalesce((SELECT hits FROM rate_limit_buckets
    WHERE key = ${key} AND window_start = bucket.start - make_interval(secs => ${w})), 0)::int`;
}

function stateOf(limit: Limit, row: Window, allowed: boolean): LimitState {
  const weight = Math.max(0, 1 - row.elapsed / limit.windowSeconds);
  const used = row.current + row.previous * weight;
  return {
    allowed,
    limit: limit.limit,
    remaining: Math.max(0, Math.floor(limit.limit - used)),
    resetSeconds: Math.max(1, Math.ceil(limit.windowSeconds - row.elapsed)),
  };
}

/**
 * Counts one hit against the limit if it fits; a refused hit is not counted.
 * Given a transaction, the hit is counted in it, so a change that rolls back
 * leaves no count (and holds the counter's row until it ends).
 */
export async function consume(limit: Limit, db: Tx = prisma): Promise<Hit> {
  const { key, windowSeconds: w } = limit;
  const [row] = await db.$queryRaw<(Window & { counted: boolean })[]>`
    WITH bucket AS (${windowOf(w)}),
    earlier AS (SELECT ${previousHits(key, w)} AS hits FROM bucket),
    room AS (
      -- How many hits this window may hold besides what the previous one still weighs.
      SELECT ${limit.limit} - earlier.hits * greatest(0, 1 - bucket.elapsed / ${w}) AS capacity FROM bucket, earlier
    ), hit AS (
      INSERT INTO rate_limit_buckets (key, window_start, hits, expires_at)
      SELECT ${key}, bucket.start, 1, bucket.start + make_interval(secs => 2 * ${w}) FROM bucket, room WHERE room.capacity >= 1
      ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_buckets.hits + 1
        WHERE rate_limit_buckets.hits + 1 <= (SELECT capacity FROM room)
      RETURNING hits
    ), pruned AS (
      DELETE FROM rate_limit_buckets WHERE (key, window_start) IN (
        SELECT key, window_start FROM rate_limit_buckets WHERE expires_at < now()
        LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)
    )
    SELECT EXISTS (SELECT 1 FROM hit) AS counted,
           coalesce((SELECT hits FROM hit),
                    (SELECT hits FROM rate_limit_buckets WHERE key = ${key} AND window_start = bucket.start), 0)::int AS current,
           earlier.hits AS previous, bucket.elapsed, bucket.start
    FROM bucket, earlier`;
  const { counted, start } = row!;
  return {
    ...stateOf(limit, row!, counted),
    // For an attempt that turned out not to count (it succeeded, or was refused anyway): back to
    // the window it was counted in, even if a new window has begun since.
    release: async () => {
      if (!counted) return;
      await prisma.$executeRaw`
        UPDATE rate_limit_buckets SET hits = hits - 1 WHERE key = ${key} AND window_start = ${start} AND hits > 0`;
    },
  };
}

/** Whether one more hit would be allowed, without counting it or writing anything. */
export async function peek(limit: Limit): Promise<LimitState> {
  const { key, windowSeconds: w } = limit;
  const [row] = await prisma.$queryRaw<Window[]>`
    WITH bucket AS (${windowOf(w)})
    SELECT coalesce((SELECT hits FROM rate_limit_buckets WHERE key = ${key} AND window_start = bucket.start), 0)::int AS current,
           ${previousHits(key, w)} AS previous, bucket.elapsed, bucket.start
    FROM bucket`;
  const state = stateOf(limit, row!, true);
  return { ...state, allowed: state.remaining >= 1 };
}

export async function reset(key: string): Promise<void> {
  await prisma.$executeRaw`DELETE FROM rate_limit_buckets WHERE key = ${key}`;
}

export function rateLimited(state: LimitState, message: string): AppError {
  return new AppError("RATE_LIMITED", message, { retryAfter: state.resetSeconds });
}
