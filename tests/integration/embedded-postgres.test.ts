/**
 * Every way the embedded PostgreSQL can fail to start says what happened and
 * what to do, for real: two servers on one data directory, the lock a server
 * killed with kill -9 leaves (also when its process id now belongs to another
 * program), a server left running by a killed app, a taken port, a data
 * directory with the wrong permissions. As root, a checkout the "postgres"
 * user can't enter keeps its database in the system's state directory.
 *
 * The servers run in processes of their own, as `npm run dev` runs them
 * (tests/helpers/embedded-postgres-process.ts, and the real lib/cli tools).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freeLoopbackPort } from "@/lib/db/embedded";
import { isRunning, lockedBy } from "@/lib/db/postmaster-lock";
import { embeddedDataDir } from "@/lib/db/server";

jest.setTimeout(120_000);

const asRoot = process.getuid?.() === 0;
const ROOT = path.resolve(__dirname, "../..");
const TSX = require.resolve("tsx");
const HELPER = path.join(ROOT, "tests/helpers/embedded-postgres-process.ts");

/** The environment of a tool run by hand: no test database. */
function toolEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, ...env } = process.env;
  return env;
}

type Run = { process: ChildProcess; stdout: string; stderr: string; exited: Promise<number | null> };

function run(args: string[], cwd = ROOT): Run {
  const child = spawn(process.execPath, ["--import", TSX, ...args], { cwd, env: toolEnv(), stdio: ["pipe", "pipe", "pipe"] });
  const result: Run = { process: child, stdout: "", stderr: "", exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
  child.stdout!.on("data", (chunk: Buffer) => (result.stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (result.stderr += chunk.toString()));
  return result;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 60_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Started = { run: Run; adminUrl: string; notices: string[] };

/** Starts a server on the data directory in a process of its own; its failure message, when it doesn't start. */
async function start(port?: number): Promise<Started | string> {
  const server = run([HELPER, dataDir, ...(port ? [String(port)] : [])]);
  let exitCode: number | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  await until(() => /^ready /m.test(server.stdout) || exitCode !== undefined, "the server to start or fail");
  const ready = /^ready (.+)$/m.exec(server.stdout);
  if (!ready) return server.stderr.trim();
  const notices = [...server.stdout.matchAll(/^notice: (.+)$/gm)].map((match) => match[1]!);
  return { run: server, adminUrl: ready[1]!, notices };
}

async function stop(started: Started): Promise<void> {
  started.run.process.stdin!.end();
  expect(await started.run.exited).toBe(0);
}

async function answers(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  await client.end();
}

function started(result: Started | string): Started {
  if (typeof result === "string") throw new Error(`the server didn't start: ${result}`);
  return result;
}

/** Starts, checks the server answers, stops; the start-up notices. */
async function startAndQuery(): Promise<string[]> {
  const server = started(await start());
  await answers(server.adminUrl);
  await stop(server);
  return server.notices;
}

/** The user the server runs as: uid and gid to run another process as them. */
function serverUser(): { uid: number; gid: number } {
  if (!asRoot) return { uid: process.getuid!(), gid: process.getgid!() };
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
  return { uid: id("-u"), gid: id("-g") };
}

let checkout: string;
let dataDir: string;

beforeAll(async () => {
  checkout = mkdtempSync(path.join(os.tmpdir(), "teamhub-embedded-"));
  chmodSync(checkout, 0o755);
  dataDir = path.join(checkout, ".data", "postgres");
  // Initialised once; each test starts it in its own way.
  expect(await startAndQuery()).toEqual([]);
});

afterAll(() => rmSync(checkout, { recursive: true, force: true }));

describe("a data directory in use", () => {
  it("refuses a second app on it with what to do, where it crashed with a TypeError", async () => {
    const first = started(await start());
    try {
      const pid = lockedBy(dataDir);
      // The real `npm run dev` of the same checkout.
      const second = run([path.join(ROOT, "lib/cli/app.ts"), "dev"], checkout);
      expect(await second.exited).toBe(1);
      expect(second.stderr).toBe(
        `[teamhub] The embedded PostgreSQL data in ${dataDir} is in use by another app of this checkout (PID ${first.run.process.pid}: ` +
          `${process.execPath} --import ${TSX} ${HELPER} ${dataDir}): its server (PID ${pid}) is running. ` +
          `One app at a time can use it (npm run dev, npm start, npm run db:*): stop the other one first (Ctrl+C in its terminal, or kill ${first.run.process.pid}), ` +
          "or give this one another database with DATABASE_URL.\n",
      );
    } finally {
      await stop(first);
    }
  });
});

describe("what a crash leaves behind", () => {
  it("recovers by itself from the lock of a server killed with kill -9, also when its process id now belongs to another program", async () => {
    const server = started(await start());
    const pid = lockedBy(dataDir)!;
    process.kill(pid, "SIGKILL");
    await until(() => !isRunning(pid), "the killed server to end");
    server.run.process.kill("SIGKILL");
    // After a restart (a container's, say) the dead server's process id is another program's, of the same user.
    const other = spawn("sleep", ["60"], { ...serverUser(), stdio: "ignore" });
    try {
      const lockFile = path.join(dataDir, "postmaster.pid");
      writeFileSync(lockFile, readFileSync(lockFile, "utf8").replace(/^\d+/, String(other.pid)));
      expect(await startAndQuery()).toEqual([`removed the lock of a PostgreSQL server that no longer runs (PID ${other.pid}) from ${dataDir}`]);
    } finally {
      other.kill();
    }
  });

  it("stops a server an app left running when it was killed with kill -9, then starts", async () => {
    const app = started(await start());
    const orphan = lockedBy(dataDir)!;
    app.run.process.kill("SIGKILL");
    await app.run.exited;
    expect(isRunning(orphan)).toBe(true);

    expect(await startAndQuery()).toEqual([
      `stopping the embedded PostgreSQL server (PID ${orphan}) that an earlier run (PID ${app.run.process.pid}) left running when it was killed`,
    ]);
    expect(isRunning(orphan)).toBe(false);
  });
});

describe("the port", () => {
  it("says which port is taken, when it was chosen (EMBEDDED_POSTGRES_PORT)", async () => {
    const port = await freeLoopbackPort();
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(port, "127.0.0.1", resolve));
    try {
      expect(await start(port)).toBe(
        `The embedded PostgreSQL (data in ${dataDir}) did not start: port ${port} on 127.0.0.1 is taken by another program. ` +
          "Stop that program or choose another port, or leave the port to the app (unset EMBEDDED_POSTGRES_PORT).",
      );
    } finally {
      holder.close();
    }
  });
});

describe("permissions", () => {
  afterEach(() => {
    chmodSync(dataDir, 0o700);
    if (asRoot) execFileSync("chown", ["postgres:", dataDir]);
  });

  it("says how to make a data directory others can read private again", async () => {
    chmodSync(dataDir, 0o777);
    expect(await start()).toBe(
      `The embedded PostgreSQL (data in ${dataDir}) did not start: PostgreSQL refuses a data directory other users can read. Make it private to its owner: chmod 700 ${dataDir}`,
    );
  });

  (asRoot ? it : it.skip)("says whom to give a data directory the server's user can't read (as root: one that isn't postgres's)", async () => {
    execFileSync("chown", ["root:", dataDir]);
    expect(await start()).toBe(
      `The embedded PostgreSQL (data in ${dataDir}) did not start: "postgres", the user PostgreSQL runs as, may not read or write its files ` +
        `(postgres: could not access the server configuration file "${dataDir}/postgresql.conf": Permission denied). ` +
        `Give them back: chown -R postgres ${dataDir} && chmod 700 ${dataDir}`,
    );
  });

  it("starts again once they are put right", async () => {
    expect(await startAndQuery()).toEqual([]);
  });
});

describe("a checkout in a private folder", () => {
  let privateCheckout: string;
  beforeEach(() => {
    // mktemp -d makes the folder mode 700, like /root.
    privateCheckout = path.join(mkdtempSync(path.join(os.tmpdir(), "teamhub-private-")), "teamhub");
    mkdirSync(privateCheckout);
  });
  afterEach(() => {
    const { dataDir: kept, closed } = embeddedDataDir(privateCheckout);
    if (closed) rmSync(path.dirname(kept), { recursive: true, force: true });
    rmSync(path.dirname(privateCheckout), { recursive: true, force: true });
  });

  (asRoot ? it : it.skip)("as root, keeps the database where the postgres user can reach it, one folder per checkout, and says where", async () => {
    const { dataDir: kept, closed } = embeddedDataDir(privateCheckout);
    expect(closed).toBe(path.dirname(privateCheckout));
    expect(kept).toMatch(/^\/var\/lib\/teamhub\/teamhub-[0-9a-f]{12}\/postgres$/);
    mkdirSync(path.join(path.dirname(privateCheckout), "another"));
    expect(embeddedDataDir(path.join(path.dirname(privateCheckout), "another")).dataDir).not.toBe(kept);

    // The real `npm run db:migrate`, from the private checkout.
    const migrate = run([path.join(ROOT, "lib/cli/db.ts"), "migrate"], privateCheckout);
    expect({ code: await migrate.exited, stderr: migrate.stderr }).toMatchObject({ code: 0 });
    expect(migrate.stderr).toMatch(
      new RegExp(`^\\[teamhub\\] embedded PostgreSQL on 127\\.0\\.0\\.1:\\d+, data in ${kept} \\(not in the checkout: the "postgres" user it runs as can't enter ${path.dirname(privateCheckout)}\\)$`, "m"),
    );
    expect(migrate.stderr).toMatch(/^\[teamhub\] \d+ migration\(s\) applied$/m);
    expect(existsSync(path.join(kept, "PG_VERSION"))).toBe(true);
    expect(existsSync(path.join(privateCheckout, ".data", "postgres"))).toBe(false);
  });

  it("keeps the database in the checkout's .data/ when the postgres user can enter it", () => {
    chmodSync(path.dirname(privateCheckout), 0o755);
    expect(embeddedDataDir(privateCheckout)).toEqual({ dataDir: path.join(privateCheckout, ".data", "postgres"), closed: null });
  });
});
