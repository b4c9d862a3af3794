import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * Sliding-window rate limits kept in PostgreSQL, so every app instance sees
 * the same counts. Each key has one counter per fixed window; the estimate
 * weighs the previous window by how much of it still overlaps the sliding one
 * (the "sliding window counter" algorithm). Increments are single atomic
 * upserts, so concurrent requests can't both slip under the limit unseen.
 */

export type Limit = { key: string; limit: number; windowSeconds: number };
export type LimitState = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

type Row = { current: number; previous: number; elapsed: number; start: Date };

/** A hit counted by consume, which can be given back to the window it was counted in. */
export type Hit = LimitState & { release(): Promise<void> };

function stateOf(limit: Limit, row: Row): LimitState {
  const weight = Math.max(0, 1 - row.elapsed / limit.windowSeconds);
  const used = row.current + row.previous * weight;
  return {
    // This hit is among those used.
    allowed: used <= limit.limit,
    limit: limit.limit,
    remaining: Math.max(0, Math.floor(limit.limit - used)),
    resetSeconds: Math.max(1, Math.ceil(limit.windowSeconds - row.elapsed)),
  };
}

/** Counts one hit against the limit and says whether it is within it. */
export async function consume(limit: Limit): Promise<Hit> {
  const w = limit.windowSeconds;
  const [row] = await prisma.$queryRaw<Row[]>`
    WITH bucket AS (
      SELECT to_timestamp(floor(extract(epoch FROM now()) / ${w}) * ${w}) AS start
    ), hit AS (
      INSERT INTO rate_limit_buckets (key, window_start, hits)
      SELECT ${limit.key}, start, 1 FROM bucket
      ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_buckets.hits + 1
      RETURNING hits
    )
    SELECT (SELECT hits FROM hit)::int AS current,
           coalesce((SELECT hits FROM rate_limit_buckets, bucket
                     WHERE key = ${limit.key} AND window_start = bucket.start - make_interval(secs => ${w})), 0)::int AS previous,
           (extract(epoch FROM now()) - extract(epoch FROM (SELECT start FROM bucket)))::float8 AS elapsed,
           (SELECT start FROM bucket) AS start`;
  if (Math.random() < 0.01) void pruneOldBuckets();
  const { start } = row!;
  return {
    ...stateOf(limit, row!),
    // For an attempt that turned out not to count (it succeeded, or was refused anyway): back to
    // the window it was counted in, even if a new window has begun since.
    release: async () => {
      await prisma.$executeRaw`
        UPDATE rate_limit_buckets SET hits = hits - 1 WHERE key = ${limit.key} AND window_start = ${start} AND hits > 0`;
    },
  };
}

export async function reset(key: string): Promise<void> {
  await prisma.$executeRaw`DELETE FROM rate_limit_buckets WHERE key = ${key}`;
}

export function rateLimited(state: LimitState, message: string): AppError {
  return new AppError("RATE_LIMITED", message, { retryAfter: state.resetSeconds });
}

async function pruneOldBuckets() {
  await prisma.$executeRaw`DELETE FROM rate_limit_buckets WHERE window_start < now() - interval '2 days'`.catch(() => {});
}
