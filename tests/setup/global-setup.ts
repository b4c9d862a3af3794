import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { createDatabaseIfMissing, dropDatabase, withDatabase } from "@/lib/db/admin";

/**
 * Starts PostgreSQL for the run (embedded, fast and throwaway, unless
 * DATABASE_URL names a server) and builds a migrated template database that
 * each test file clones (tests/setup/per-file.ts).
 */
export default async function globalSetup() {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const parent = mkdtempSync(path.join(os.tmpdir(), "teamhub-test-"));
    // As root, PostgreSQL runs as the "postgres" user, which must reach the data directory.
    chmodSync(parent, 0o755);
    const dataDir = path.join(parent, "pg");
    const server = await startEmbeddedPostgres({ dataDir, persistent: false, fast: true });
    (globalThis as Record<string, unknown>).__TEAMHUB_TEST_SERVER__ = server;
    serverUrl = server.adminUrl;
  }
  const template = `teamhub_template_${process.pid}`;
  await dropDatabase(serverUrl, template);
  await createDatabaseIfMissing(serverUrl, template);
  await applyMigrations(withDatabase(serverUrl, template));
  process.env.TEST_DATABASE_SERVER_URL = serverUrl;
  process.env.TEST_DATABASE_TEMPLATE = template;
  process.env.AUTH_SECRET ??= "test-secret-for-jest-only-0123456789abcdef";
}
