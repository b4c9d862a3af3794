import { prisma } from "@/lib/db/client";
import { consume, reset } from "@/lib/rate-limit";

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
    expect(await consume(limit)).toMatchObject({ allowed: false, remaining: 0 });
    await first.release();
    await second.release();
    expect(await consume(limit)).toMatchObject({ allowed: true, remaining: 0 });
    await reset(limit.key);
    expect(await consume(limit)).toMatchObject({ allowed: true, remaining: 1 });

    // A window that has ended meanwhile gets the hit back, not the current one (one-second windows).
    const short = { key: "test:old-window", limit: 5, windowSeconds: 1 };
    const old = await consume(short);
    await new Promise((resolve) => setTimeout(resolve, 1100));
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
    await prisma.rateLimitBucket.create({ data: { key: limit.key, windowStart: new Date(start.getTime() - 3_600_000), hits: 1000 } });
    const before = (await secondsIntoWindow()).elapsed;
    const state = await consume(limit);
    const after = (await secondsIntoWindow()).elapsed;
    // This hit plus the previous window's hits weighted by the part of it still inside the sliding hour.
    const remainingAt = (elapsed: number) => Math.max(0, Math.floor(1000 - 1 - 1000 * (1 - elapsed / 3600)));
    expect(state.remaining).toBeGreaterThanOrEqual(remainingAt(before));
    expect(state.remaining).toBeLessThanOrEqual(remainingAt(after));
  });
});
