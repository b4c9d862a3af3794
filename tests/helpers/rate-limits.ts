import { prisma } from "@/lib/db/client";

/**
 * Sets the hits of a rate-limit bucket for this window and the next, so a
 * window boundary falling mid-test can't empty it.
 */
export async function fillBucket(key: string, hits: number, windowSeconds = 60) {
  await prisma.$executeRaw`
    INSERT INTO rate_limit_buckets (key, window_start, hits, expires_at)
    SELECT ${key}, start, ${hits}, start + make_interval(secs => 2 * ${windowSeconds})
    FROM generate_series(0, 1) AS s,
         LATERAL (SELECT to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}) * ${windowSeconds} + s * ${windowSeconds}) AS start) AS aligned
    ON CONFLICT (key, window_start) DO UPDATE SET hits = EXCLUDED.hits`;
}

/** All hits a key holds, whichever windows they fell in. */
export async function hitsOf(key: string): Promise<number> {
  const buckets = await prisma.rateLimitBucket.findMany({ where: { key } });
  return buckets.reduce((sum, bucket) => sum + bucket.hits, 0);
}
