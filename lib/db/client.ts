import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { createHash } from "node:crypto";
import pg from "pg";
import { markDatabaseUnavailable } from "@/lib/cli/busy-page.cjs";
import { serviceUnavailable } from "@/lib/errors";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { isDatabaseUnavailable, unavailableReason } from "./unavailable";

export type { Prisma };
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const globalForPrisma = globalThis as unknown as { prismaClient?: PrismaClient; pool?: pg.Pool; statementNames?: Map<string, string> };

/** A whole number above 0 from the environment, or the default. */
function positiveInteger(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a whole number above 0, not "${raw}".`);
  return value;
}

/**
 * How long a request waits on PostgreSQL before it is answered 503 instead
 * (README, Configuration). Writes to one organization queue on its row
 * (lib/services/access.ts) behind at most a deletion of a large
 * organization (1.5 s for 100,000 members): the lock wait gives up well
 * after that and before the 15 s transaction timeout; no single statement
 * of ours comes near the statement timeout.
 */
export function databaseSettings(env: Record<string, string | undefined> = process.env) {
  return {
    poolSize: positiveInteger(env, "DATABASE_POOL_SIZE", 10),
    connectTimeoutMs: positiveInteger(env, "DATABASE_CONNECT_TIMEOUT_MS", 5_000),
    lockTimeoutMs: positiveInteger(env, "DATABASE_LOCK_TIMEOUT_MS", 10_000),
    statementTimeoutMs: positiveInteger(env, "DATABASE_STATEMENT_TIMEOUT_MS", 15_000),
    idleInTransactionTimeoutMs: positiveInteger(env, "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS", 15_000),
  };
}

// The server cancels a statement at statement_timeout; this is for a server that doesn't answer at all (frozen, cut off).
const NO_ANSWER_GRACE_MS = 5_000;

/** Database errors that mean "busy, try again" become AppError SERVICE_UNAVAILABLE; everything else passes as is. */
function unavailableAsAppError(error: unknown): unknown {
  if (!isDatabaseUnavailable(error)) return error;
  console.warn(`[teamhub] database unavailable: ${unavailableReason(error)}`);
  // A page failing because of this answers 503 with a busy page (lib/cli/busy-page.cjs).
  markDatabaseUnavailable();
  return serviceUnavailable();
}

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or `npm start`.");
  }
  const settings = databaseSettings();
  const pool = new pg.Pool({
    connectionString,
    // Queries are written without waiting for the answers before them (pipelinedTransaction); Prisma sends one at a time anyway.
    pipeline: true,
    max: settings.poolSize,
    // Waiting for a free connection of the pool, or for a new one to open.
    connectionTimeoutMillis: settings.connectTimeoutMs,
    // Sent as start-up parameters, so they hold for every statement on every connection.
    lock_timeout: settings.lockTimeoutMs,
    statement_timeout: settings.statementTimeoutMs,
    idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs,
    query_timeout: settings.statementTimeoutMs + NO_ANSWER_GRACE_MS,
  } as pg.PoolConfig);
  // An idle connection the server ended (a restart, an administrator's pg_terminate_backend) is
  // dropped by the pool, which opens another when needed; unheard, its error would end the process.
  pool.on("error", (error) => console.warn(`[teamhub] an idle database connection was closed: ${error.message}`));
  globalForPrisma.pool = pool;
  return new PrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
    // Writes to one organization queue on its row: one waiting behind a long one (deleting a
    // large organization) gets more than Prisma's default 5 s. A transaction waits for its
    // connection as long as any query does.
    transactionOptions: { timeout: 15_000, maxWait: settings.connectTimeoutMs },
  });
}

/** The client with the errors of its queries mapped by unavailableAsAppError; it behaves as the base one otherwise. */
function withUnavailableAsAppError(base: PrismaClient): PrismaClient {
  return base.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          throw unavailableAsAppError(error);
        }
      },
    },
  }) as unknown as PrismaClient;
}

// Next.js bundles a copy of this module and of lib/errors.ts for pages and another for route
// handlers, and `instanceof AppError` fails across copies: each copy maps errors itself.
let mapped: { base: PrismaClient; client: PrismaClient } | undefined;

function client(): PrismaClient {
  // One client (one pool) per process, kept on globalThis so dev hot reloads and every bundled copy share it.
  globalForPrisma.prismaClient ??= createClient();
  const base = globalForPrisma.prismaClient;
  if (mapped?.base !== base) mapped = { base, client: withUnavailableAsAppError(base) };
  return mapped.client;
}

/**
 * The Prisma client, created on first use so that DATABASE_URL can be chosen
 * after import (tests point each file at its own database).
 */
export const prisma = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const target = client();
    const value = Reflect.get(target, property, target);
    if (property === "$transaction") {
      // Starting a transaction takes a connection outside any query: its failure is mapped here.
      return (...args: Parameters<PrismaClient["$transaction"]>) =>
        (value as PrismaClient["$transaction"]).apply(target, args).catch((error: unknown) => {
          throw unavailableAsAppError(error);
        });
    }
    return typeof value === "function" ? value.bind(target) : value;
  },
});

export async function disconnectPrisma() {
  await globalForPrisma.prismaClient?.$disconnect();
  globalForPrisma.prismaClient = undefined;
  globalForPrisma.pool = undefined;
}

/** Prisma's pool, which client() makes. */
function pool(): pg.Pool {
  client();
  return globalForPrisma.pool!;
}

// Statement texts are written in our code (values are always parameters), so there are few of them;
// this bounds the names kept should that ever change.
const MAX_NAMED_STATEMENTS = 500;

/**
 * A statement as a prepared one of its own name: PostgreSQL parses and plans it once per
 * connection instead of on every request, and its text isn't sent again. The name is a digest of
 * the text, so every bundled copy of this module names a statement alike on a shared connection.
 */
function prepared(statement: Prisma.Sql): pg.QueryConfig {
  const names = (globalForPrisma.statementNames ??= new Map());
  let name = names.get(statement.text);
  if (name === undefined && names.size < MAX_NAMED_STATEMENTS) {
    name = `teamhub_${createHash("sha256").update(statement.text).digest("base64url").slice(0, 32)}`;
    names.set(statement.text, name);
  }
  return { name, text: statement.text, values: statement.values };
}

/**
 * A statement run on Prisma's pool by the pg driver itself, outside any transaction: for the
 * statements every API request makes, where Prisma's own handling of a raw query costs more CPU
 * than the query. Columns come back as pg parses them (timestamps as Dates, bigints as strings).
 */
export async function query<T>(statement: Prisma.Sql): Promise<T[]> {
  try {
    return (await pool().query(prepared(statement))).rows as T[];
  } catch (error) {
    throw unavailableAsAppError(error);
  }
}

/**
 * Statements run as one transaction in one round trip: BEGIN, the statements and COMMIT are
 * written to one connection of Prisma's pool together (pg's pipeline mode), and PostgreSQL runs
 * them back to back. A lock the first statement takes is held for no round trip to Node, and each
 * later statement sees everything committed before it started (READ COMMITTED), so one that runs
 * after a lock sees every change made under it. Nothing in Node runs between them: each statement
 * checks for itself what it relies on. A failing statement fails the ones after it and the
 * transaction rolls back; its error is thrown. Returns each statement's rows.
 */
export async function pipelinedTransaction(statements: Prisma.Sql[]): Promise<unknown[][]> {
  let connection: pg.PoolClient;
  try {
    connection = await pool().connect();
  } catch (error) {
    throw unavailableAsAppError(error);
  }
  const sent = [connection.query("BEGIN"), ...statements.map((statement) => connection.query(prepared(statement))), connection.query("COMMIT")];
  const answers = await Promise.allSettled(sent);
  const failure = answers.find((answer) => answer.status === "rejected");
  // A connection that broke is closed rather than reused.
  connection.release(failure && isDatabaseUnavailable(failure.reason) ? (failure.reason as Error) : undefined);
  if (failure) throw unavailableAsAppError(failure.reason);
  return answers.slice(1, -1).map((answer) => (answer as PromiseFulfilledResult<pg.QueryResult>).value.rows);
}
