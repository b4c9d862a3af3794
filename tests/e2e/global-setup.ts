import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { ROOT, startProductionServer } from "../helpers/production-server";

/**
 * Starts what the browser tests run against: `npm start` (its job worker too) on a fresh migrated
 * database, with email on, sent to a real SMTP server on loopback (tests/helpers/production-server.ts),
 * and webhooks allowed to reach the tests' receivers on loopback.
 * Tests learn the address from E2E_BASE_URL, the database from E2E_DATABASE_URL and the page of
 * the caught emails from E2E_MAILBOX_URL; global-teardown.ts stops everything.
 */

export const AUTH_SECRET = "e2e-test-secret-do-not-use-in-production-0123456789";
export const ARTIFACTS = path.join(ROOT, "tests/e2e/artifacts");

export default async function globalSetup() {
  const started = Date.now();
  mkdirSync(ARTIFACTS, { recursive: true });
  rmSync(path.join(ARTIFACTS, "screenshots"), { recursive: true, force: true });
  // Webhook receivers of the tests listen on 127.0.0.1 (over http): the operator's development switch allows that.
  const server = await startProductionServer({
    label: "e2e",
    logFile: path.join(ARTIFACTS, "next.log"),
    env: { AUTH_SECRET, WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: "true" },
    mailbox: true,
  });
  (globalThis as Record<string, unknown>).__TEAMHUB_E2E__ = server;
  process.env.E2E_BASE_URL = server.baseUrl;
  process.env.E2E_DATABASE_URL = server.databaseUrl;
  process.env.E2E_MAILBOX_URL = server.mailboxUrl;
  console.log(`[e2e] app server on ${server.baseUrl} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
