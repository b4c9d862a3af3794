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
    const limit = { key: "test:sliding", limit: 10, windowSeconds: 3600 };
    // Ten hits in the previous hour-long window: right after the boundary they still count almost fully.
    const [bucket] = await prisma.$queryRaw<{ start: Date }[]>`
      SELECT to_timestamp(floor(extract(epoch FROM now()) / 3600) * 3600 - 3600) AS start`;
    const start = bucket!.start;
    await prisma.rateLimitBucket.create({ data: { key: limit.key, windowStart: start, hits: 10 } });
    const state = await consume(limit);
    const elapsed = (Date.now() - start.getTime()) / 1000 - 3600;
    const expectedRemaining = Math.max(0, Math.floor(10 - 1 - 10 * (1 - elapsed / 3600)));
    expect(state.remaining).toBeGreaterThanOrEqual(expectedRemaining - 1);
    expect(state.remaining).toBeLessThanOrEqual(expectedRemaining + 1);
  });
});
