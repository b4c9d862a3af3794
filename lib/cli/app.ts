/**
 * `npm run dev` and `npm start`: opens the database (DATABASE_URL or the
 * embedded server), applies pending migrations (the job queue's schema too),
 * then runs Next.js through lib/cli/server.cjs (in dev mode for `npm run dev`)
 * with DATABASE_URL pointing at it, and the job worker in this process
 * (WORKER_IN_PROCESS=false leaves that to `npm run worker`). Without SMTP_URL,
 * `npm run dev` starts the development mailbox: a real SMTP server on loopback
 * and a page to read what it caught. Everything stops when Next exits. Options
 * after the mode go to the server: `npm run dev -- -p 3001`, as `next dev -p 3001`.
 */
import "./server-only.cjs";
import { spawn } from "node:child_process";
import path from "node:path";
import { loadAuthSecret } from "../config/secret";
import { applyMigrations } from "../db/migrate";
import { openDatabase } from "../db/server";
import { mailSettings } from "../mail/config";
import { parseServerArguments, SERVER_NODE_OPTIONS } from "./server.cjs";
import { workerConcurrency, workerInProcess } from "./worker-settings";

const log = (line: string) => console.log(`[teamhub] ${line}`);

function fail(error: unknown): never {
  console.error(`[teamhub] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

function parseMode(argument: string | undefined): "dev" | "start" {
  if (argument === "dev" || argument === "start") return argument;
  console.error("usage: app.ts dev|start [-p|--port <port>] [-H|--hostname <host>]");
  process.exit(2);
}
const mode = parseMode(process.argv[2]);
const serverArguments = [...(mode === "dev" ? ["--dev"] : []), ...process.argv.slice(3)];

/** The development mailbox (dev tooling: loaded only here, only for `npm run dev` without SMTP_URL). */
async function startDevMailbox(): Promise<{ smtpUrl: string; close(): Promise<void> }> {
  const { startMailbox, serveMailbox } = await import("../dev/mailbox");
  const mailbox = await startMailbox({ smtpPort: await portOr(Number(process.env.DEV_MAILBOX_SMTP_PORT ?? 1025)) });
  const viewer = await serveMailbox(mailbox, await portOr(Number(process.env.DEV_MAILBOX_PORT ?? 1080)));
  log(`development mailbox: every email the app sends is caught, read them at ${viewer.url} (SMTP on ${mailbox.smtpUrl})`);
  return {
    smtpUrl: mailbox.smtpUrl,
    close: async () => {
      await Promise.all([mailbox.close(), viewer.close()]);
    },
  };
}

/** `preferred` when it is free on loopback, else any free port. */
async function portOr(preferred: number): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(0));
    probe.listen(preferred, "127.0.0.1", () => probe.close(() => resolve(preferred)));
  });
}

async function main() {
  // Checked before anything starts: a mistyped option is refused, not ignored.
  const { port } = parseServerArguments(serverArguments, process.env);
  // `npm run dev` links to itself; `npm start` with email on needs APP_URL (mailSettings refuses to start without it).
  if (mode === "dev") process.env.APP_URL ||= `http://localhost:${port}`;
  const authSecret = loadAuthSecret({ ...process.env, NODE_ENV: mode === "dev" ? "development" : "production" });
  // Reads and checks the configured limits now: a bad value stops here, naming its variable.
  await import("../config/limits");
  mailSettings(); // refuses a malformed SMTP_URL before anything starts
  const database = await openDatabase(log);
  await applyMigrations(database.url, { log });

  const mailbox = mode === "dev" && !process.env.SMTP_URL ? await startDevMailbox() : null;
  if (!mailbox && !process.env.SMTP_URL) log("email is off (SMTP_URL is not set): invitation and other links are shared by hand");
  const env = {
    NEXT_TELEMETRY_DISABLED: "1",
    ...process.env,
    NODE_ENV: mode === "dev" ? "development" : "production",
    DATABASE_URL: database.url,
    AUTH_SECRET: authSecret,
    ...(mailbox ? { SMTP_URL: mailbox.smtpUrl } : {}),
  } as NodeJS.ProcessEnv;

  // The worker runs here, beside Next, with the same settings.
  Object.assign(process.env, env);
  // Loaded only now, like the app it runs: a start-up failure above is reported without loading it.
  const worker = workerInProcess()
    ? await (await import("../jobs/runner")).startWorker({ connectionString: database.url, concurrency: workerConcurrency(), log })
    : null;
  if (!worker) log("job worker not started here (WORKER_IN_PROCESS=false): run `npm run worker`");

  // Both run our server (lib/cli/server.cjs), which records client addresses; development with Next's dev mode.
  const command = [...SERVER_NODE_OPTIONS, path.join(__dirname, "server.cjs"), ...serverArguments];
  const child = spawn(process.execPath, command, { cwd: path.resolve(__dirname, "../.."), stdio: "inherit", env });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // Jobs under way finish (or are released for another worker) before the database goes.
    await worker?.stop().catch(() => {});
    await mailbox?.close();
    await database.stop();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      child.kill(signal);
    });
  }
  child.on("exit", (code) => void stop(code ?? 0));
}

main().catch(fail);
