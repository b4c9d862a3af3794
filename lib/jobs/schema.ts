import { Logger, runMigrations } from "graphile-worker";

const silent = new Logger(() => () => {});

/**
 * Creates or updates graphile-worker's own schema (graphile_worker.*). Part of
 * every database set-up (lib/db/migrate.ts), so enqueueing works from the
 * first request, before any worker has started.
 */
export async function migrateJobQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: silent });
}
