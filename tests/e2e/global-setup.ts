import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabaseIfMissing, dropDatabase, withDatabase } from "../../lib/db/admin";
import { freeLoopbackPort, startEmbeddedPostgres, type EmbeddedServer } from "../../lib/db/embedded";
import { serveMailbox, startMailbox, type Mailbox } from "../../lib/dev/mailbox";

/**
 * Starts what the browser tests run against: a fresh PostgreSQL database
 * (a throwaway embedded server, or a new database on the server of
 * DATABASE_URL), a real SMTP server catching every email (lib/dev/mailbox.ts),
 * and `npm start` itself (lib/cli/app.ts start: migrations, the job worker,
 * and the production build behind lib/cli/server.cjs) on a free port with
 * SMTP_URL pointing at that mailbox. Tests learn the address from
 * E2E_BASE_URL, the database from E2E_DATABASE_URL and the mailbox's
 * messages.json from E2E_MAILBOX_URL; global-teardown.ts stops everything.
 */

export const AUTH_SECRET = "e2e-test-secret-do-not-use-in-production-0123456789";
const ROOT = path.resolve(__dirname, "../..");
export const ARTIFACTS = path.join(ROOT, "tests/e2e/artifacts");

export type E2EState = {
  next?: ChildProcess;
  mailbox?: Mailbox;
  mailboxViewer?: { url: string; close(): Promise<void> };
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
  state.mailbox = await startMailbox();
  state.mailboxViewer = await serveMailbox(state.mailbox);

  const port = await freeLoopbackPort();
  const baseURL = `http://127.0.0.1:${port}`;
  const nextLog = createWriteStream(path.join(ARTIFACTS, "next.log"));
  // `npm start`: migrations, the in-process job worker, and the production server (next's handler behind lib/cli/server.cjs).
  const next = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "lib/cli/app.ts"), "start"], {
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
      SMTP_URL: state.mailbox.smtpUrl,
      MAIL_FROM: "Teamhub E2E <e2e@teamhub.test>",
    },
  });
  state.next = next;
  next.stdout!.pipe(nextLog);
  next.stderr!.pipe(nextLog);
  await waitForServer(`${baseURL}/sign-in`, next, 60_000);

  process.env.E2E_BASE_URL = baseURL;
  process.env.E2E_DATABASE_URL = databaseUrl;
  process.env.E2E_MAILBOX_URL = state.mailboxViewer.url;
}

/** Stops next and PostgreSQL (or drops the database on DATABASE_URL's server). */
export async function stopAll(state: E2EState | undefined) {
  if (!state || state.stopped) return;
  state.stopped = true;
  const next = state.next;
  if (next && next.exitCode === null) {
    const exited = new Promise((resolve) => next.once("exit", resolve));
    next.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (next.exitCode === null) next.kill("SIGKILL");
  }
  await state.mailboxViewer?.close();
  await state.mailbox?.close();
  if (state.server) {
    await state.server.stop();
  } else if (state.serverUrl) {
    await dropDatabase(state.serverUrl, state.database);
  }
  if (state.tmpDir) rmSync(state.tmpDir, { recursive: true, force: true });
}
