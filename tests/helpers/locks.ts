import { prisma } from "@/lib/db/client";

/**
 * Resolves once PostgreSQL reports at least `sessions` sessions of this test's
 * database waiting for a lock; fails after 10 s. Proves a transaction is
 * queued behind another without sleeping.
 */
export async function waitUntilWaitingForLocks(sessions = 1) {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const [row] = await prisma.$queryRaw<{ waiting: number }[]>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (row!.waiting >= sessions) return;
  }
  throw new Error(`Fewer than ${sessions} sessions waited for a lock within 10 s.`);
}
