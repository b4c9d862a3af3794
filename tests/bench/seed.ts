import os from "node:os";
import type { PrismaClient } from "../../lib/generated/prisma/client";

/**
 * Adds `count` members to an organization in set-based SQL (generate_series): one statement, not
 * `count` service calls, so 100,000 take seconds. Emails are m<i>-<tag>@bench.example (tag in
 * lower case); they join over the past year. Then VACUUM ANALYZE: the planner knows the rows, and
 * autovacuum has nothing left to do while figures are measured.
 */
export async function addBulkMembers(prisma: PrismaClient, organizationId: string, count: number, tag: string) {
  await prisma.$executeRaw`
    WITH new_users AS (
      INSERT INTO users (email, name, password_hash)
      SELECT 'm' || i || '-' || ${tag} || '@bench.example', 'Member ' || i, 'x' FROM generate_series(1, ${count}::int) AS i
      RETURNING id
    )
    INSERT INTO members (user_id, organization_id, role, joined_at)
    SELECT id, ${organizationId}::uuid, 'MEMBER', now() - random() * interval '365 days' FROM new_users`;
  await prisma.$executeRaw`VACUUM ANALYZE`;
}

/** What the figures were measured on, printed with them. */
export function describeMachine(): string {
  const cpus = os.cpus();
  const memory = Math.round(os.totalmem() / 2 ** 30);
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${memory} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}
