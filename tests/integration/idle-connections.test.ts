import pg from "pg";
import { prisma } from "@/lib/db/client";

/**
 * The app's connection pool outlives connections the server ends while they
 * sit idle (a PostgreSQL restart, an administrator's pg_terminate_backend):
 * the process goes on, and the next query gets a fresh connection.
 */
it("survives the server ending its idle connections, and the next query works", async () => {
  await Promise.all([prisma.$queryRaw`SELECT 1`, prisma.$queryRaw`SELECT 2`]);
  const warned = jest.spyOn(console, "warn").mockImplementation(() => {});
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ ended: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    const ended = rows.filter((row) => row.ended).length;
    expect(ended).toBeGreaterThan(0);
    // The pool hears of each (the idle clients' 'error' events) and drops it. A query that picked
    // one before its event arrived would get a 503, as any request racing a restart may.
    const closedWarnings = () => warned.mock.calls.filter(([line]) => String(line).includes("[teamhub] an idle database connection was closed")).length;
    for (let waited = 0; closedWarnings() < ended && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedWarnings()).toBe(ended);
    expect(await prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one`).toEqual([{ one: 1 }]);
  } finally {
    warned.mockRestore();
    await admin.end();
  }
});
