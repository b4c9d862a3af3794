/**
 * Errors that say the database couldn't serve a request in time (a stall, a
 * long lock, a full pool, a server that is down), as opposed to a bug. The
 * Prisma client (lib/db/client.ts) turns them into AppError
 * SERVICE_UNAVAILABLE: 503 with Retry-After, a form message, a "busy" page.
 */

const UNAVAILABLE_SQLSTATES = new Set([
  "57014", // query_canceled: statement_timeout
  "55P03", // lock_not_available: lock_timeout
  "25P03", // idle_in_transaction_session_timeout ended the session
  "57P01", // admin_shutdown: the server is stopping
  "57P03", // cannot_connect_now: the server is starting or stopping
  "53300", // too_many_connections
]);

// What @prisma/adapter-pg reports for a connection that failed or broke.
const UNAVAILABLE_ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

// pg-pool and pg raise these without a code: no free pool connection in time, no new
// connection in time, no answer in time (query_timeout), the connection dropped or was ended.
const UNAVAILABLE_DRIVER_MESSAGES = new Set([
  "timeout exceeded when trying to connect",
  "Connection terminated due to connection timeout",
  "Query read timeout",
  "Connection terminated unexpectedly",
  "Client has encountered a connection error and is not queryable",
]);

// What Node reports when a connection to the server can't be made or is cut (pg passes it on).
const UNAVAILABLE_NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

// Prisma's transaction manager: no connection within maxWait, or the transaction outlived its timeout.
const UNAVAILABLE_TRANSACTION_ERRORS = /Unable to start a transaction in the given time|cannot be executed on an expired transaction/;

type DriverAdapterCause = { kind?: string; originalCode?: string; originalMessage?: string; code?: string };
type MaybeDatabaseError = {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: DriverAdapterCause } };
};

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as MaybeDatabaseError;
  const adapterCause = e.meta?.driverAdapterError?.cause;
  if (adapterCause) {
    return UNAVAILABLE_ADAPTER_KINDS.has(adapterCause.kind ?? "") || UNAVAILABLE_SQLSTATES.has(adapterCause.originalCode ?? adapterCause.code ?? "");
  }
  if (e.code === "P2028") return typeof e.message === "string" && UNAVAILABLE_TRANSACTION_ERRORS.test(e.message);
  // A pg error straight from the driver.
  if (typeof e.code === "string" && (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_NETWORK_CODES.has(e.code))) return true;
  return typeof e.message === "string" && UNAVAILABLE_DRIVER_MESSAGES.has(e.message);
}

/** A one-line reason for the server log. */
export function unavailableReason(error: unknown): string {
  const e = error as MaybeDatabaseError;
  const cause = e.meta?.driverAdapterError?.cause;
  return cause?.originalMessage ?? cause?.kind ?? String(e.message);
}
