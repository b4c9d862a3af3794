/**
 * A database that can't serve a request in time — every pooled connection
 * busy, a row locked for long, a statement running too long, a server that
 * stopped answering — gets a quick 503 with Retry-After (problem+json from
 * the real /api/v1 route handlers, a form message from server actions)
 * instead of a request that hangs as long as the stall lasts. The timeouts are
 * the app's configuration (DATABASE_*), set small here.
 */
import { existsSync, readFileSync } from "node:fs";
import pg from "pg";
import { formDataOf, initialActionState } from "@/lib/forms/action-state";
import { ENDPOINTS } from "@/lib/api/endpoints";
import { openApiDocument } from "@/lib/api/openapi";
import { problemOut } from "@/lib/api/schemas";
import { databaseSettings, disconnectPrisma, prisma } from "@/lib/db/client";
import { SERVICE_UNAVAILABLE_MESSAGE } from "@/lib/errors";
import { renameOrganizationAction } from "@/app/(app)/settings/actions";
import { signedInAs } from "../helpers/action-request";
import { callApi, createApiTeam } from "../helpers/api";

jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);
jest.mock("@/lib/auth", () => jest.requireActual("../helpers/action-request").authModule);
jest.mock("next/headers", () => jest.requireActual("../helpers/action-request").headersModule);
jest.mock("next/cache", () => jest.requireActual("../helpers/action-request").cacheModule);

const endpoint = (operationId: string) => ENDPOINTS.find((each) => each.operationId === operationId)!;
const SETTINGS = ["DATABASE_POOL_SIZE", "DATABASE_CONNECT_TIMEOUT_MS", "DATABASE_LOCK_TIMEOUT_MS", "DATABASE_STATEMENT_TIMEOUT_MS", "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS"];

/** The app's Prisma client, made again with these settings on its next use. */
async function configure(settings: Record<string, string>) {
  await disconnectPrisma();
  for (const name of SETTINGS) delete process.env[name];
  Object.assign(process.env, settings);
}

let team: Awaited<ReturnType<typeof createApiTeam>>;
let warnings: jest.SpyInstance;

beforeAll(async () => {
  team = await createApiTeam();
});

beforeEach(() => {
  // Each 503 is logged on the server with its reason, in one line.
  warnings = jest.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(async () => {
  warnings.mockRestore();
  await configure({});
});

/** Another session on the test database, outside the app's pool. */
async function withSession<T>(work: (session: pg.Client) => Promise<T>): Promise<T> {
  const session = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await session.connect();
  try {
    return await work(session);
  } finally {
    await session.end();
  }
}

const organizationName = async () => (await prisma.organization.findUniqueOrThrow({ where: { id: team.team.organization.id } })).name;

async function expectServiceUnavailable(result: Awaited<ReturnType<typeof callApi>>) {
  expect({ status: result.status, json: result.json }).toEqual({
    status: 503,
    json: {
      type: "/api-docs#problem-service_unavailable",
      title: "Service unavailable",
      status: 503,
      detail: SERVICE_UNAVAILABLE_MESSAGE,
      code: "SERVICE_UNAVAILABLE",
    },
  });
  expect(result.headers.get("content-type")).toBe("application/problem+json");
  expect(result.headers.get("retry-after")).toBe("5");
  expect(() => problemOut.parse(result.json)).not.toThrow();
}

/** A promise and the function that settles it. */
function signal() {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fire, fired };
}

/** Runs `during` while a transaction of the app's own pool holds its connection. */
async function whileHoldingAConnection(during: () => Promise<void>) {
  const released = signal();
  const held = signal();
  const transaction = prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1`;
      held.fire();
      await released.fired;
    },
    { timeout: 20_000 },
  );
  await held.fired;
  try {
    await during();
  } finally {
    released.fire();
    await transaction;
  }
}

/** Runs `during` while another session holds the organization's row (as a long write to it would). */
async function whileOrganizationLocked(during: () => Promise<void>) {
  await withSession(async (session) => {
    await session.query("BEGIN");
    await session.query("SELECT id FROM organizations WHERE id = $1 FOR UPDATE", [team.team.organization.id]);
    await during();
  });
}

describe("database settings", () => {
  it("have documented defaults that fit the app's own transactions", () => {
    expect(databaseSettings({})).toEqual({
      poolSize: 10,
      connectTimeoutMs: 5_000,
      lockTimeoutMs: 10_000,
      statementTimeoutMs: 15_000,
      idleInTransactionTimeoutMs: 15_000,
    });
    const readme = readFileSync(`${__dirname}/../../README.md`, "utf8");
    for (const [name, value] of [
      ["DATABASE_CONNECT_TIMEOUT_MS", "5000"],
      ["DATABASE_LOCK_TIMEOUT_MS", "10000"],
      ["DATABASE_STATEMENT_TIMEOUT_MS", "15000"],
      ["DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS", "15000"],
    ]) {
      expect({ name, documented: readme.includes(`| \`${name}\` | \`${value}\` |`) }).toEqual({ name, documented: true });
    }
  });

  it("refuse a value that isn't a whole number of milliseconds, naming it", () => {
    expect(() => databaseSettings({ DATABASE_LOCK_TIMEOUT_MS: "10s" })).toThrow('DATABASE_LOCK_TIMEOUT_MS must be a whole number above 0, not "10s".');
    expect(() => databaseSettings({ DATABASE_POOL_SIZE: "0" })).toThrow("DATABASE_POOL_SIZE must be a whole number above 0");
  });

  it("reach every connection of the pool", async () => {
    await configure({ DATABASE_LOCK_TIMEOUT_MS: "1234", DATABASE_STATEMENT_TIMEOUT_MS: "4321", DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: "2345" });
    const [settings] = await prisma.$queryRaw<{ lock: string; statement: string; idle: string }[]>`
      SELECT current_setting('lock_timeout') AS lock, current_setting('statement_timeout') AS statement,
             current_setting('idle_in_transaction_session_timeout') AS idle`;
    expect(settings).toEqual({ lock: "1234ms", statement: "4321ms", idle: "2345ms" });
  });

  it("are listed in the OpenAPI document: every operation can answer 503", () => {
    const document = openApiDocument();
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations) as { responses: Record<string, { description: string }> }[]) {
        expect(operation.responses["503"]?.description).toContain("SERVICE_UNAVAILABLE");
      }
    }
  });
});

describe("every connection of the pool in use (DATABASE_POOL_SIZE=1, a transaction holding it)", () => {
  beforeEach(() => configure({ DATABASE_POOL_SIZE: "1", DATABASE_CONNECT_TIMEOUT_MS: "1000" }));

  it("answers API requests 503 with Retry-After, then serves them once the connection is free", async () => {
    await whileHoldingAConnection(async () => {
      await expectServiceUnavailable(await callApi(endpoint("getOrganization"), { key: team.adminKey.secret }));
      await expectServiceUnavailable(
        await callApi(endpoint("changeMemberRole"), { key: team.adminKey.secret, params: { userId: team.target.id }, body: { role: "admin" } }),
      );
    });
    expect(warnings).toHaveBeenCalledWith("[teamhub] database unavailable: timeout exceeded when trying to connect");
    const result = await callApi(endpoint("getOrganization"), { key: team.adminKey.secret });
    expect(result.status).toBe(200);
  });

  it("gives server actions the busy message as form state, and changes nothing", async () => {
    const before = await organizationName();
    await whileHoldingAConnection(async () => {
      const state = await signedInAs(team.team.owner.userId, () => renameOrganizationAction(initialActionState, formDataOf({ name: "Renamed while busy" })));
      expect(state).toEqual({ error: SERVICE_UNAVAILABLE_MESSAGE, values: { name: "Renamed while busy" } });
    });
    expect(await organizationName()).toBe(before);
  });
});

describe("a row held locked by another session", () => {
  it("gives up on the lock after DATABASE_LOCK_TIMEOUT_MS: 503, nothing written", async () => {
    await configure({ DATABASE_LOCK_TIMEOUT_MS: "500" });
    const roleBefore = await prisma.member.findFirstOrThrow({ where: { userId: team.target.id } });
    await whileOrganizationLocked(async () => {
      const result = await callApi(endpoint("changeMemberRole"), { key: team.adminKey.secret, params: { userId: team.target.id }, body: { role: "admin" } });
      await expectServiceUnavailable(result);
    });
    expect(warnings).toHaveBeenCalledWith("[teamhub] database unavailable: canceling statement due to lock timeout");
    expect(await prisma.member.findFirstOrThrow({ where: { userId: team.target.id } })).toEqual(roleBefore);
  });

  it("ends a statement after DATABASE_STATEMENT_TIMEOUT_MS, whatever it waits for: 503", async () => {
    await configure({ DATABASE_LOCK_TIMEOUT_MS: "20000", DATABASE_STATEMENT_TIMEOUT_MS: "1000" });
    await whileOrganizationLocked(async () => {
      const result = await callApi(endpoint("changeMemberRole"), { key: team.adminKey.secret, params: { userId: team.target.id }, body: { role: "admin" } });
      await expectServiceUnavailable(result);
    });
    expect(warnings).toHaveBeenCalledWith("[teamhub] database unavailable: canceling statement due to statement timeout");
  });

  it("is let go by a transaction left idle past DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS, so other writes go on", async () => {
    await configure({ DATABASE_POOL_SIZE: "2", DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: "500" });
    const released = signal();
    const held = signal();
    // A transaction of the app's pool takes the organization's row, then stalls (a stuck request, say).
    const stalled = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM organizations WHERE id = ${team.team.organization.id}::uuid FOR UPDATE`;
        held.fire();
        await released.fired;
        await tx.$queryRaw`SELECT 1`;
      },
      { timeout: 30_000 },
    );
    const outcome = stalled.then(
      () => "committed",
      (error: { code?: string }) => error.code,
    );
    await held.fired;
    try {
      const result = await callApi(endpoint("changeMemberRole"), { key: team.adminKey.secret, params: { userId: team.target.id }, body: { role: "admin" } });
      expect(result.status).toBe(200);
    } finally {
      released.fire();
    }
    expect(await outcome).toBe("SERVICE_UNAVAILABLE");
  });
});

/** The process of the one PostgreSQL backend serving the app's pool, when it runs on this machine. */
async function localBackendOfThePool(database: string): Promise<number | null> {
  const { rows } = await withSession((session) =>
    session.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database]),
  );
  if (rows.length !== 1) return null;
  const cmdline = `/proc/${rows[0]!.pid}/cmdline`;
  // The same pid on this machine must be that very backend ("postgres: user database address state").
  return existsSync(cmdline) && readFileSync(cmdline, "utf8").includes(` ${database} `) ? rows[0]!.pid : null;
}

describe("a PostgreSQL that stops answering", () => {
  it("answers 503 once the statement timeout and a grace period pass, instead of waiting for the server", async () => {
    await configure({ DATABASE_POOL_SIZE: "1", DATABASE_STATEMENT_TIMEOUT_MS: "1000" });
    await prisma.$queryRaw`SELECT 1`;
    const backend = await localBackendOfThePool(new URL(process.env.DATABASE_URL!).pathname.slice(1));
    if (backend === null) {
      console.log("skipped: the test database's server doesn't run on this machine");
      return;
    }
    // Frozen as by a stalled disk or a stopped VM: the connection stays open, nothing answers.
    process.kill(backend, "SIGSTOP");
    const thaw = setTimeout(() => process.kill(backend, "SIGCONT"), 25_000);
    try {
      await expectServiceUnavailable(await callApi(endpoint("getOrganization"), { key: team.adminKey.secret }));
    } finally {
      clearTimeout(thaw);
      process.kill(backend, "SIGCONT");
    }
    expect(warnings).toHaveBeenCalledWith("[teamhub] database unavailable: Query read timeout");
  });

  it("answers 503 when the server can't be reached at all", async () => {
    const url = process.env.DATABASE_URL!;
    const closed = new URL(url);
    closed.port = "1";
    await configure({ DATABASE_CONNECT_TIMEOUT_MS: "1000" });
    process.env.DATABASE_URL = closed.toString();
    try {
      await expectServiceUnavailable(await callApi(endpoint("getOrganization"), { key: team.adminKey.secret }));
    } finally {
      await disconnectPrisma();
      process.env.DATABASE_URL = url;
    }
  });
});
