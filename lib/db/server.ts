import path from "node:path";
import { createDatabaseIfMissing } from "./admin";
import { startEmbeddedPostgres } from "./embedded";

export const DATA_DIR = path.resolve(process.cwd(), ".data");
const APP_DATABASE = "teamhub";

/** Where the app's data lives for this process, and how to let go of it. */
export type Database = { url: string; embedded: boolean; stop(): Promise<void> };

/**
 * DATABASE_URL when it is set; otherwise an embedded PostgreSQL server with its
 * data under .data/postgres, on a free loopback port.
 */
export async function openDatabase(log: (line: string) => void): Promise<Database> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dataDir: path.join(DATA_DIR, "postgres"),
    persistent: true,
  });
  await createDatabaseIfMissing(server.adminUrl, APP_DATABASE);
  log(`embedded PostgreSQL on ${new URL(server.adminUrl).host} (data in .data/postgres)`);
  return { url: server.urlFor(APP_DATABASE), embedded: true, stop: server.stop };
}
