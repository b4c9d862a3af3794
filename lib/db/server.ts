import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, realpathSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parsePort } from "../config/port.cjs";
import { createDatabaseIfMissing } from "./admin";
import { startEmbeddedPostgres } from "./embedded";
import { closedDirectory } from "./postgres-user";

const APP_DATABASE = "teamhub";

/** Where the embedded server keeps a checkout's data, and, when not in the checkout, the directory that kept it out. */
export type EmbeddedDataDir = { dataDir: string; closed: string | null };

/** The system's directory for programs' state: the postgres user can enter it, and it outlives a reboot. */
function stateDirectory(): string {
  return process.platform === "linux" ? "/var/lib/teamhub" : path.join(os.tmpdir(), "teamhub");
}

/**
 * The checkout's .data/postgres; but as root, when the "postgres" user that
 * runs the server can't enter the checkout (under /root, or a `mktemp -d`
 * folder), a folder of the system's state directory, one per checkout (its
 * name ends in a hash of the checkout's path). Only the database moves: the
 * rest of .data/ (the development AUTH_SECRET) is read by the app, as root.
 */
export function embeddedDataDir(checkout = process.cwd()): EmbeddedDataDir {
  const inCheckout = path.join(checkout, ".data", "postgres");
  const closed = process.getuid?.() === 0 ? closedDirectory(path.dirname(inCheckout)) : null;
  if (!closed) return { dataDir: inCheckout, closed: null };
  const real = realpathSync(checkout);
  const key = `${path.basename(real)}-${createHash("sha256").update(real).digest("hex").slice(0, 12)}`;
  return { dataDir: path.join(stateDirectory(), key, "postgres"), closed };
}

/** Every directory from the state directory down to the data directory's parent, open for others to enter (whatever the umask). */
function openWayTo(dataDir: string) {
  const base = stateDirectory();
  mkdirSync(path.dirname(dataDir), { recursive: true });
  for (let dir = path.dirname(dataDir); dir.startsWith(base); dir = path.dirname(dir)) chmodSync(dir, 0o755);
}

/** Where the app's data lives for this process, and how to let go of it. */
export type Database = { url: string; embedded: boolean; stop(): Promise<void> };

/**
 * DATABASE_URL when it is set; otherwise an embedded PostgreSQL server with its
 * data under .data/postgres (or where embeddedDataDir says), on a free loopback
 * port, or EMBEDDED_POSTGRES_PORT.
 */
export async function openDatabase(log: (line: string) => void, checkout = process.cwd()): Promise<Database> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const { dataDir, closed } = embeddedDataDir(checkout);
  if (closed) openWayTo(dataDir);
  const server = await startEmbeddedPostgres({ dataDir, persistent: true, port: embeddedPort(), notice: log });
  await createDatabaseIfMissing(server.adminUrl, APP_DATABASE);
  const why = closed ? ` (not in the checkout: the "postgres" user it runs as can't enter ${closed})` : "";
  log(`embedded PostgreSQL on ${new URL(server.adminUrl).host}, data in ${dataDir}${why}`);
  return { url: server.urlFor(APP_DATABASE), embedded: true, stop: server.stop };
}

function embeddedPort(): number | undefined {
  const raw = process.env.EMBEDDED_POSTGRES_PORT;
  return raw ? parsePort(raw, "EMBEDDED_POSTGRES_PORT") : undefined;
}
