import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { consume, consumeAll, countingHits, peek, PRUNE_BATCH, reset, type Limit } from "@/lib/rate-limit";
import { fillBucket, hitsOf } from "../helpers/rate-limits";

const bucketCount = () => prisma.rateLimitBucket.count();

/** Waits until PostgreSQL's clock, which places windows, is 50 ms into its next whole second. */
async function nextSecond() {
  const [row] = await prisma.$queryRaw<{ ms: number }[]>`SELECT (1000 - (extract(epoch FROM clock_timestamp()) * 1000) % 1000)::float8 AS ms`;
  await new Promise((resolve) => setTimeout(resolve, row!.ms + 50));
}
/** Limits as consumeAll takes them: their keys as statement parameters. */
const inStatement = (...limits: Limit[]) => limits.map((limit) => ({ ...limit, key: Prisma.sql`${limit.key}` }));
const expiredCount = () => prisma.rateLimitBucket.count({ where: { expiresAt: { lt: new Date() } } });

describe("PostgreSQL rate limits", () => {
  it("allows exactly the limit when many requests arrive at once", async () => {
    const limit = { key: "test:burst", limit: 10, windowSeconds: 60 };
    const states = await Promise.all(Array.from({ length: 25 }, () => consume(limit)));
    expect(states.filter((state) => state.allowed)).toHaveLength(10);
    expect(states.every((state) => state.resetSeconds >= 1 && state.resetSeconds <= 60)).toBe(true);
  });

  it("gives a hit back to the window it was counted in, and reset clears the key", async () => {
    const limit = { key: "test:release", limit: 2, windowSeconds: 60 };
    const first = await consume(limit);
    const second = await consume(limit);
    const refused = await consume(limit);
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    // A refused hit was never counted: giving it back changes nothing.
    await refused.release();
    expect(await hitsOf(limit.key)).toBe(2);
    await first.release();
    await second.release();
    expect(await consume(limit)).toMatchObject({ allowed: true, remaining: 1 });
    await reset(limit.key);
    expect(await hitsOf(limit.key)).toBe(0);
    expect(await consume(limit)).toMatchObject({ allowed: true, remaining: 1 });

    // A window that has ended meanwhile gets the hit back, not the current one (one-second windows).
    // Each hit lands just after a window begins: a fixed sleep put the second one past the first
    // window's expiry (two windows after it began) whenever the first came late in its window.
    const short = { key: "test:old-window", limit: 5, windowSeconds: 1 };
    await nextSecond();
    const old = await consume(short);
    await nextSecond();
    await consume(short);
    await old.release();
    const buckets = await prisma.rateLimitBucket.findMany({ where: { key: short.key }, orderBy: { windowStart: "asc" } });
    expect(buckets.map((bucket) => bucket.hits)).toEqual([0, 1]);
  });

  it("weighs the previous window by how much of it still overlaps", async () => {
    // 1,000 hits in the previous hour-long window: each second into this one lets 0.28 more through.
    const limit = { key: "test:sliding", limit: 1000, windowSeconds: 3600 };
    const secondsIntoWindow = async () => {
      const [row] = await prisma.$queryRaw<{ start: Date; elapsed: number }[]>`
        SELECT to_timestamp(floor(extract(epoch FROM now()) / 3600) * 3600) AS start,
               (extract(epoch FROM now()) - floor(extract(epoch FROM now()) / 3600) * 3600)::float8 AS elapsed`;
      return row!;
    };
    const { start } = await secondsIntoWindow();
    await prisma.rateLimitBucket.create({ data: { key: limit.key, windowStart: new Date(start.getTime() - 3_600_000), hits: 1000, expiresAt: new Date(start.getTime() + 3_600_000) } });
    const before = (await secondsIntoWindow()).elapsed;
    const state = await consume(limit);
    const after = (await secondsIntoWindow()).elapsed;
    // This hit plus the previous window's hits weighted by the part of it still inside the sliding hour.
    const remainingAt = (elapsed: number) => Math.max(0, Math.floor(1000 - 1 - 1000 * (1 - elapsed / 3600)));
    expect(state.remaining).toBeGreaterThanOrEqual(remainingAt(before));
    expect(state.remaining).toBeLessThanOrEqual(remainingAt(after));
  });

  it("counts nothing and writes nothing for a caller already over the limit", async () => {
    const limit = { key: "test:blocked", limit: 5, windowSeconds: 60 };
    await fillBucket(limit.key, 5);
    // (Expired rows of earlier tests may be pruned meanwhile: the table can only shrink.)
    const rows = await bucketCount();
    const refused = await Promise.all(Array.from({ length: 200 }, () => consume(limit)));
    expect(refused.every((hit) => !hit.allowed && hit.remaining === 0)).toBe(true);
    expect(await bucketCount()).toBeLessThanOrEqual(rows);
    expect(await prisma.rateLimitBucket.count({ where: { key: limit.key } })).toBe(2);
    expect(await hitsOf(limit.key)).toBe(10);

    // A new window whose predecessor still weighs over the limit starts no row either.
    const day = { key: "test:blocked-yesterday", limit: 5, windowSeconds: 86_400 };
    await prisma.$executeRaw`
      INSERT INTO rate_limit_buckets (key, window_start, hits, expires_at)
      SELECT ${day.key}, start - interval '1 day', 1000000000, start + interval '1 day'
      FROM (SELECT to_timestamp(floor(extract(epoch FROM now()) / 86400) * 86400) AS start) AS today`;
    for (let i = 0; i < 20; i += 1) expect(await consume(day)).toMatchObject({ allowed: false });
    expect(await prisma.rateLimitBucket.count({ where: { key: day.key } })).toBe(1);
  });

  it("peeks without counting or writing", async () => {
    const limit = { key: "test:peek", limit: 2, windowSeconds: 60 };
    expect(await peek(limit)).toMatchObject({ allowed: true, remaining: 2 });
    expect(await prisma.rateLimitBucket.count({ where: { key: limit.key } })).toBe(0);
    await consume(limit);
    expect(await peek(limit)).toMatchObject({ allowed: true, remaining: 1 });
    await consume(limit);
    expect(await peek(limit)).toMatchObject({ allowed: false, remaining: 0 });
    expect(await hitsOf(limit.key)).toBe(2);
  });

  it("keeps the table to recent windows: each call prunes expired rows, so it never grows while any remain", async () => {
    // 300 keys' buckets from windows that ended long ago: traffic of the past, 3 to 300 windows back.
    await prisma.$executeRaw`
      INSERT INTO rate_limit_buckets (key, window_start, hits, expires_at)
      SELECT 'test:old:' || n, start, 1, start + interval '2 minutes'
      FROM generate_series(1, 300) AS n,
           LATERAL (SELECT to_timestamp(floor(extract(epoch FROM now()) / 60) * 60 - (n + 2) * 60) AS start) AS old`;
    const live = async () => (await bucketCount()) - (await expiredCount());
    const expiredAtStart = await expiredCount();
    expect(expiredAtStart).toBeGreaterThanOrEqual(300);

    // New traffic: every call is a new key, so every call adds a row, yet the table shrinks.
    let total = await bucketCount();
    let calls = 0;
    while ((await expiredCount()) > 0) {
      await consume({ key: `test:new:${calls}`, limit: 10, windowSeconds: 60 });
      calls += 1;
      const now = await bucketCount();
      expect(now).toBeLessThanOrEqual(total);
      total = now;
    }
    expect(calls).toBeLessThanOrEqual(Math.ceil(expiredAtStart / (PRUNE_BATCH - 1)));
    // Only rows of each key's current and previous windows are left.
    expect(await live()).toBe(total);
    expect(await prisma.rateLimitBucket.count({ where: { key: { startsWith: "test:old:" } } })).toBe(0);
  });
});

describe("PostgreSQL rate limits counted together (consumeAll)", () => {
  it("counts a hit against every limit or none, exactly under concurrency", async () => {
    // The first limit binds, then the second: either way exactly 10 of 25 get through, and the
    // refused ones count nowhere (those the second refuses give the first its hit back).
    for (const [first, second] of [
      [10, 20],
      [20, 10],
    ] as const) {
      const limits = inStatement({ key: `test:all:a:${first}`, limit: first, windowSeconds: 60 }, { key: `test:all:b:${first}`, limit: second, windowSeconds: 60 });
      const states = await Promise.all(Array.from({ length: 25 }, () => consumeAll(limits)));
      expect(states.filter((state) => state.allowed)).toHaveLength(10);
      expect([await hitsOf(`test:all:a:${first}`), await hitsOf(`test:all:b:${first}`)]).toEqual([10, 10]);
      // A refusal says so with nothing left. (Until a refused request's hit is given back, the first
      // limit counts it too, and may refuse another request for it: never more get through.)
      const refusals = states.filter((state) => !state.allowed);
      expect(refusals.every((state) => state.remaining === 0 && (state.limit === first || state.limit === second))).toBe(true);
      if (first < second) expect(refusals.every((state) => state.limit === first)).toBe(true);
    }
  });

  it("reports the limit with the fewest hits left, and writes nothing for a request the first limit refuses", async () => {
    const [wide, narrow] = [
      { key: "test:all:wide", limit: 100, windowSeconds: 60 },
      { key: "test:all:narrow", limit: 5, windowSeconds: 60 },
    ];
    expect(await consumeAll(inStatement(wide, narrow))).toMatchObject({ allowed: true, limit: 5, remaining: 4 });
    expect(await consumeAll(inStatement(narrow, wide))).toMatchObject({ allowed: true, limit: 5, remaining: 3 });

    await fillBucket("test:all:full", 5);
    const rows = await bucketCount();
    const refused = await consumeAll(inStatement({ key: "test:all:full", limit: 5, windowSeconds: 60 }, { key: "test:all:untouched", limit: 5, windowSeconds: 60 }));
    expect(refused).toMatchObject({ allowed: false, limit: 5, remaining: 0 });
    expect(await bucketCount()).toBeLessThanOrEqual(rows);
    expect(await prisma.rateLimitBucket.count({ where: { key: "test:all:untouched" } })).toBe(0);
  });

  it("works out keys in the statement, from a row it found, and counts nothing when it found none", async () => {
    const limits = [{ key: Prisma.sql`'test:found:' || found.id`, limit: 5, windowSeconds: 60 }];
    const counted = async (id: string | null) => {
      const found = Prisma.sql`(SELECT ${id}::text AS id WHERE ${id}::text IS NOT NULL) AS found`;
      const counting = countingHits(limits, found);
      const rows = await prisma.$queryRaw<{ hits: unknown }[]>`WITH ${counting.ctes} SELECT ${counting.result} AS hits`;
      return rows[0]!.hits;
    };
    await counted("one");
    expect(await hitsOf("test:found:one")).toBe(1);
    const rows = await bucketCount();
    await counted(null);
    expect(await bucketCount()).toBe(rows);
  });
});
