import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabaseIfMissing, dropDatabase, withDatabase } from "../../lib/db/admin";
import { freeLoopbackPort, startEmbeddedPostgres, type EmbeddedServer } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";

/**
 * Starts what the browser tests run against: a fresh PostgreSQL database
 * (a throwaway embedded server, or a new database on the server of
 * DATABASE_URL), migrated, and the production build (lib/cli/server.cjs, as `npm start`) on a free
 * port. Tests learn the address from E2E_BASE_URL and the database from
 * E2E_DATABASE_URL; global-teardown.ts stops both.
 */

export const AUTH_SECRET = "e2e-test-secret-do-not-use-in-production-0123456789";
const ROOT = path.resolve(__dirname, "../..");
export const ARTIFACTS = path.join(ROOT, "tests/e2e/artifacts");

export type E2EState = {
  next?: ChildProcess;
  server?: EmbeddedServer;
  serverUrl: string;
  database: string;
  tmpDir?: string;
  stopped?: boolean;
};

const log = (line: string) => console.log(`[e2e] ${line}`);

async function waitForServer(url: string, next: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (next.exitCode !== null) throw new Error(`The app server exited with code ${next.exitCode}; see tests/e2e/artifacts/next.log`);
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

export default async function globalSetup() {
  const started = Date.now();
  mkdirSync(ARTIFACTS, { recursive: true });
  rmSync(path.join(ARTIFACTS, "screenshots"), { recursive: true, force: true });

  const state: E2EState = { serverUrl: process.env.DATABASE_URL ?? "", database: `teamhub_e2e_${process.pid}_${Date.now().toString(36)}` };
  (globalThis as Record<string, unknown>).__TEAMHUB_E2E__ = state;
  try {
    await start(state);
  } catch (error) {
    // Nothing may outlive a failed set-up.
    await stopAll(state).catch(() => {});
    throw error;
  }
  log(`app server on ${process.env.E2E_BASE_URL}, database ${state.database} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function start(state: E2EState) {
  if (!state.serverUrl) {
    state.tmpDir = mkdtempSync(path.join(os.tmpdir(), "teamhub-e2e-"));
    // As root, PostgreSQL runs as the "postgres" user, which must reach the data directory.
    chmodSync(state.tmpDir, 0o755);
    state.server = await startEmbeddedPostgres({ dataDir: path.join(state.tmpDir, "pg"), persistent: false, fast: true });
    state.serverUrl = state.server.adminUrl;
  }
  await createDatabaseIfMissing(state.serverUrl, state.database);
  const databaseUrl = withDatabase(state.serverUrl, state.database);
  await applyMigrations(databaseUrl);

  const { baseURL } = await startAppServer(databaseUrl, "next.log", state);
  process.env.E2E_BASE_URL = baseURL;
  process.env.E2E_DATABASE_URL = databaseUrl;
}

/**
 * Starts the production server (`npm start`'s lib/cli/server.cjs, next's handler behind it) on a free
 * loopback port, logging to tests/e2e/artifacts/<logName>; `env` adds settings (e.g. APP_URL).
 * `owner.next` is set as soon as it runs, so a failed start still gets stopped.
 */
export async function startAppServer(databaseUrl: string, logName: string, owner: { next?: ChildProcess }, env: Record<string, string> = {}) {
  const port = await freeLoopbackPort();
  const baseURL = `http://127.0.0.1:${port}`;
  const log = createWriteStream(path.join(ARTIFACTS, logName));
  const child = spawn(process.execPath, [path.join(ROOT, "lib/cli/server.cjs")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      ...env,
    },
  });
  owner.next = child;
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  await waitForServer(`${baseURL}/sign-in`, child, 60_000);
  return { child, baseURL, port };
}

/** Stops a server startAppServer started: SIGTERM, then SIGKILL after 10 s. */
export async function stopAppServer(next: ChildProcess) {
  if (next.exitCode !== null) return;
  const exited = new Promise((resolve) => next.once("exit", resolve));
  next.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (next.exitCode === null) next.kill("SIGKILL");
}

/** Stops next and PostgreSQL (or drops the database on DATABASE_URL's server). */
export async function stopAll(state: E2EState | undefined) {
  if (!state || state.stopped) return;
  state.stopped = true;
  if (state.next) await stopAppServer(state.next);
  if (state.server) {
    await state.server.stop();
  } else if (state.serverUrl) {
    await dropDatabase(state.serverUrl, state.database);
  }
  if (state.tmpDir) rmSync(state.tmpDir, { recursive: true, force: true });
}
