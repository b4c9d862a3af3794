import "server-only";
import { prisma, query, type Tx } from "@/lib/db/client";
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
 * counted hit deletes up to PRUNE_BATCH expired rows. A hit adds at most one
 * row and removes several while any has expired, so the table only grows when
 * none has: it never holds more than the rows of each key's last two windows,
 * plus those of the last hit.
 */

export type Limit = { key: string; limit: number; windowSeconds: number };
/**
 * A limit whose key the counting statement itself works out: an SQL expression, e.g. over the row
 * of a caller the same statement finds first (countingHits' `from`).
 */
export type StatementLimit = { key: Prisma.Sql; limit: number; windowSeconds: number };
export type LimitState = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

/** A hit taken by consume; a counted one can be given back to the window it was counted in. */
export type Hit = LimitState & { release(): Promise<void> };

export const PRUNE_BATCH = 4;

/** A key's hits in its current and previous windows, and how far into the current one we are. */
type Window = { current: number; previous: number; elapsed: number };
/** What a counting statement reports for each limit: its key and window, whether the hit was counted, the counts. */
type CountedWindow = Window & { key: string; start: string; counted: boolean };

/** The current window of a key: its start, and the seconds elapsed since. */
function windowOf(w: number) {
  return Prisma.sql`
    SELECT start, extract(epoch FROM now() - start)::float8 AS elapsed
    FROM (SELECT to_timestamp(floor(extract(epoch FROM now()) / ${w}) * ${w}) AS start) AS aligned`;
}

/** The hits of a key's window before the current one (`bucket`), 0 when it has none. */
function previousHits(key: Prisma.Sql | string, w: number) {
  return Prisma.sql`coalesce((SELECT hits FROM rate_limit_buckets
    WHERE key = ${key} AND window_start = bucket.start - make_interval(secs => ${w})), 0)::int`;
}

function stateOf(limit: Pick<Limit, "limit" | "windowSeconds">, row: Window, allowed: boolean): LimitState {
  const weight = Math.max(0, 1 - row.elapsed / limit.windowSeconds);
  const used = row.current + row.previous * weight;
  return {
    allowed,
    limit: limit.limit,
    remaining: Math.max(0, Math.floor(limit.limit - used)),
    resetSeconds: Math.max(1, Math.ceil(limit.windowSeconds - row.elapsed)),
  };
}

/** For hits that turned out not to count: back to the windows they were counted in, even if new ones have begun since. */
async function giveBack(windows: Pick<CountedWindow, "key" | "start">[]) {
  if (windows.length === 0) return;
  const pairs = Prisma.join(windows.map(({ key, start }) => Prisma.sql`(${key}, ${start}::timestamptz)`));
  await prisma.$executeRaw`
    UPDATE rate_limit_buckets SET hits = hits - 1 WHERE (key, window_start) IN (${pairs}) AND hits > 0`;
}

/**
 * The part of one statement that counts a hit against every limit, or against none: the hit is
 * counted against each limit in turn only if it fits (an atomic upsert, so concurrent requests
 * can't both slip under a limit unseen) and only if it was counted against all the limits before.
 * Rows a refused hit would start are never written. When a hit has been counted, up to
 * PRUNE_BATCH expired rows per limit are deleted.
 *
 * `ctes` go into the statement's WITH; `result` is a column that `settle` reads; `counted` gates
 * what else the statement writes. The keys are worked out over `from` (a FROM item of one row or
 * none; with none, nothing is counted, and `result` is not to be settled). A hit that a later limit
 * refused is given back by `settle`, outside the statement's transaction.
 */
export function countingHits(limits: StatementLimit[], from?: Prisma.Sql) {
  const keys = Prisma.join(limits.map((limit, i) => Prisma.sql`(${limit.key})::text AS ${Prisma.raw(`key_${i}`)}`));
  const hit = (i: number) => Prisma.raw(`rate_limit_hit_${i}`);
  const window = (i: number) => Prisma.raw(`rate_limit_window_${i}`);
  const ctes = limits.map(({ limit, windowSeconds: w }, i) => {
    // How many hits this window may hold besides what the previous one still weighs.
    const capacity = Prisma.sql`${limit} - previous * greatest(0, 1 - elapsed / ${w})`;
    return Prisma.sql`${window(i)} AS (
      SELECT ${Prisma.raw(`key_${i}`)} AS key, bucket.start, bucket.elapsed, ${previousHits(Prisma.raw(`key_${i}`), w)} AS previous
      FROM rate_limit_keys, (${windowOf(w)}) AS bucket
    ), ${hit(i)} AS (
      INSERT INTO rate_limit_buckets (key, window_start, hits, expires_at)
      SELECT key, start, 1, start + make_interval(secs => 2 * ${w}) FROM ${window(i)}
      WHERE ${capacity} >= 1 ${i > 0 ? Prisma.sql`AND EXISTS (SELECT 1 FROM ${hit(i - 1)})` : Prisma.empty}
      ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_buckets.hits + 1
        WHERE rate_limit_buckets.hits + 1 <= (SELECT ${capacity} FROM ${window(i)})
      RETURNING hits
    )`;
  });
  const reports = limits.map(
    (_, i) => Prisma.sql`(SELECT json_build_object(
      'key', key, 'start', start, 'elapsed', elapsed, 'previous', previous,
      'counted', EXISTS (SELECT 1 FROM ${hit(i)}),
      'current', coalesce((SELECT hits FROM ${hit(i)}),
                          (SELECT hits FROM rate_limit_buckets b WHERE b.key = w.key AND b.window_start = w.start), 0)
    ) FROM ${window(i)} AS w)`,
  );
  return {
    ctes: Prisma.sql`rate_limit_keys AS (SELECT ${keys} ${from ? Prisma.sql`FROM ${from}` : Prisma.empty}),
      ${Prisma.join(ctes)},
      rate_limit_pruned AS (
        DELETE FROM rate_limit_buckets WHERE (key, window_start) IN (
          SELECT key, window_start FROM rate_limit_buckets WHERE expires_at < now() AND EXISTS (SELECT 1 FROM ${hit(0)})
          LIMIT ${PRUNE_BATCH * limits.length} FOR UPDATE SKIP LOCKED)
      )`,
    result: Prisma.sql`json_build_array(${Prisma.join(reports)})`,
    /** Whether the hit was counted against every limit, as an SQL boolean for the statement's other parts. */
    counted: Prisma.sql`EXISTS (SELECT 1 FROM ${hit(limits.length - 1)})`,
    /**
     * The state of the limit that binds: the one that refused the hit (whose predecessors get their
     * hits back, so a refused request counts nowhere), else the one with the fewest hits left.
     */
    async settle(result: unknown): Promise<LimitState> {
      const rows = result as CountedWindow[];
      const states = rows.map((row, i) => stateOf(limits[i]!, row, row.counted));
      const refused = rows.findIndex((row) => !row.counted);
      if (refused === -1) return states.reduce((binding, state) => (state.remaining < binding.remaining ? state : binding));
      await giveBack(rows.slice(0, refused));
      // Its counts were read before concurrent hits filled it: it is full.
      return { ...states[refused]!, remaining: 0 };
    },
  };
}

/**
 * Counts one hit against the limit if it fits; a refused hit is not counted.
 * Given a transaction, the hit is counted in it, so a change that rolls back
 * leaves no count (and holds the counter's row until it ends).
 */
export async function consume(limit: Limit, db: Tx = prisma): Promise<Hit> {
  const counting = countingHits([{ ...limit, key: Prisma.sql`${limit.key}` }]);
  const [row] = await db.$queryRaw<{ hits: [CountedWindow] }[]>`WITH ${counting.ctes} SELECT ${counting.result} AS hits`;
  const [window] = row!.hits;
  return {
    ...(await counting.settle(row!.hits)),
    release: () => giveBack(window.counted ? [window] : []),
  };
}

/** Counts one hit against each limit if it fits them all, else against none: the state of the limit that binds (see countingHits). */
export async function consumeAll(limits: StatementLimit[]): Promise<LimitState> {
  const counting = countingHits(limits);
  const [row] = await query<{ hits: CountedWindow[] }>(Prisma.sql`WITH ${counting.ctes} SELECT ${counting.result} AS hits`);
  return counting.settle(row!.hits);
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
