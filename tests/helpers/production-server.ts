import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabaseIfMissing, dropDatabase, withDatabase } from "../../lib/db/admin";
import { freeLoopbackPort, startEmbeddedPostgres } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";
import { serveMailbox, startMailbox } from "../../lib/dev/mailbox";
import { SERVER_NODE_OPTIONS } from "../../lib/cli/server.cjs";

/**
 * The production server as `npm start` runs it (Next.js's handler behind lib/cli/server.cjs, from
 * the build in .next) on a free loopback port, on a fresh migrated database: a throwaway embedded
 * PostgreSQL, or a new database on the server of DATABASE_URL. With a mailbox, `npm start` whole
 * (its job worker too) with email on, sent to a real SMTP server on loopback. The browser tests
 * (tests/e2e/global-setup.ts) and `npm run bench:http` run against it.
 */

export const ROOT = path.resolve(__dirname, "../..");

export type ProductionServer = {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** The app's database. */
  databaseUrl: string;
  /** The same PostgreSQL server's maintenance database ("postgres"). */
  adminUrl: string;
  /** The app server process, to watch for it exiting. */
  app: ChildProcess;
  /** With `mailbox`: the page of the SMTP server that catches every email (its /messages.json for programs). */
  mailboxUrl?: string;
  /** Stops the app and PostgreSQL (or drops the database on DATABASE_URL's server); safe to call twice. */
  stop(): Promise<void>;
};

export type ProductionServerOptions = {
  /** Names the database and temporary folder ("e2e" → teamhub_e2e_…). */
  label: string;
  /** Where the app server's output goes. */
  logFile: string;
  /** AUTH_SECRET and any other environment of the app server. */
  env: Record<string, string>;
  /**
   * Always start a throwaway embedded PostgreSQL, even when DATABASE_URL is set, with these
   * settings (postgres -c name=value).
   */
  embeddedSettings?: Record<string, string>;
  /**
   * Email on: a real SMTP server on loopback (lib/dev/mailbox.ts) catches every email, and the app
   * runs as `npm start` whole, with the job worker that sends them.
   */
  mailbox?: boolean;
};

/** Throws unless `next build` has run: the production server serves .next. */
export function assertProductionBuild(): void {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error("There is no production build in .next: run `npm run build` first.");
  }
}

async function waitUntilReady(baseUrl: string, app: ChildProcess, logFile: string, timeoutMs: number, readyPath = "/api/ready") {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`The app server exited with code ${app.exitCode}; see ${logFile}`);
    try {
      const response = await fetch(`${baseUrl}${readyPath}`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${baseUrl}${readyPath} did not answer 200 within ${timeoutMs} ms (last: ${last}); see ${logFile}`);
}

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

export type AppServer = { baseUrl: string; process: ChildProcess; stop(): Promise<void> };

export type AppServerOptions = {
  databaseUrl: string;
  logFile: string;
  env: Record<string, string>;
  /** Run `npm start` whole (lib/cli/app.ts start: migrations, the job worker, then the server) rather than the server alone. */
  withWorker?: boolean;
  /** The path that must answer 200 before the server counts as started; /api/ready (the database answers) by default. */
  readyPath?: string;
};

/**
 * The app server alone (lib/cli/server.cjs serving .next), or with its job worker, on a free
 * loopback port, on an existing migrated database; `env` adds settings (APP_URL, say). A second
 * one on the same database serves the same data under another configuration.
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const port = await freeLoopbackPort();
  const baseUrl = `http://127.0.0.1:${port}`;
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);
  const command = options.withWorker
    ? [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "lib/cli/app.ts"), "start"]
    : [...SERVER_NODE_OPTIONS, path.join(ROOT, "lib/cli/server.cjs")];
  const app = spawn(process.execPath, command, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      // Email needs APP_URL, as it would in production: here the server's own address.
      ...(options.env.SMTP_URL ? { APP_URL: baseUrl } : {}),
      ...options.env,
      DATABASE_URL: options.databaseUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
    },
  });
  app.stdout!.pipe(log);
  app.stderr!.pipe(log);
  const stop = () => stopProcess(app);
  try {
    await waitUntilReady(baseUrl, app, options.logFile, 60_000, options.readyPath);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, process: app, stop };
}

export async function startProductionServer(options: ProductionServerOptions): Promise<ProductionServer> {
  assertProductionBuild();
  // Undone last to first by stop(), also after a failed start: nothing may outlive it.
  const undo: (() => Promise<void> | void)[] = [];
  let stopping: Promise<void> | undefined;
  const undoAll = async () => {
    // Every step is tried, also after one fails (a Ctrl-C reaches PostgreSQL too, which then refuses to drop).
    const failures: unknown[] = [];
    for (const step of undo.reverse()) await Promise.resolve().then(step).catch((error: unknown) => failures.push(error));
    if (failures.length) throw failures[0];
  };
  // A second caller waits for the first to finish.
  const stop = () => (stopping ??= undoAll());
  try {
    let serverUrl = options.embeddedSettings ? undefined : process.env.DATABASE_URL;
    if (!serverUrl) {
      const tmpDir = mkdtempSync(path.join(os.tmpdir(), `teamhub-${options.label}-`));
      undo.push(() => rmSync(tmpDir, { recursive: true, force: true }));
      // As root, PostgreSQL runs as the "postgres" user, which must reach the data directory.
      chmodSync(tmpDir, 0o755);
      const postgres = await startEmbeddedPostgres({
        dataDir: path.join(tmpDir, "pg"),
        persistent: false,
        fast: true,
        settings: options.embeddedSettings,
      });
      undo.push(postgres.stop);
      serverUrl = postgres.adminUrl;
    }
    const database = `teamhub_${options.label}_${process.pid}_${Date.now().toString(36)}`;
    await createDatabaseIfMissing(serverUrl, database);
    const adminUrl = serverUrl;
    undo.push(() => dropDatabase(adminUrl, database));
    const databaseUrl = withDatabase(serverUrl, database);
    await applyMigrations(databaseUrl);

    let env = options.env;
    let mailboxUrl: string | undefined;
    if (options.mailbox) {
      const mailbox = await startMailbox();
      undo.push(mailbox.close);
      const viewer = await serveMailbox(mailbox);
      undo.push(viewer.close);
      mailboxUrl = viewer.url;
      env = { ...env, SMTP_URL: mailbox.smtpUrl, MAIL_FROM: "Teamhub Tests <tests@teamhub.test>" };
    }

    const app = await startAppServer({ databaseUrl, logFile: options.logFile, env, withWorker: options.mailbox });
    undo.push(app.stop);
    return { baseUrl: app.baseUrl, databaseUrl, adminUrl: withDatabase(serverUrl, "postgres"), app: app.process, mailboxUrl, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
