import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { problemResponse } from "./problem";

/**
 * Probes for load balancers and orchestrators, outside /api/v1 and without credentials. Health
 * says the process answers (through proxy.ts and the same server as every page, and touching no
 * database); readiness says it can also reach PostgreSQL, so it can take traffic.
 */

/** A database that doesn't answer within this long counts as unreachable: probes time out too. */
const READINESS_TIMEOUT_MS = 3000;

const NO_STORE = { "Cache-Control": "no-store" };

export function health(): Response {
  return Response.json({ status: "ok" }, { headers: NO_STORE });
}

async function pingDatabase(): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
  });
  try {
    await Promise.race([prisma.$queryRaw`SELECT 1`, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function readiness(): Promise<Response> {
  try {
    await pingDatabase();
    return Response.json({ status: "ready" }, { headers: NO_STORE });
  } catch (error) {
    // Logged without the connection string; the caller learns only that it should wait.
    console.error(`[teamhub] not ready: the database is unreachable (${(error as Error).message})`);
    return problemResponse(new AppError("SERVICE_UNAVAILABLE", "The database can't be reached. Retry later.", { retryAfter: 5 }), NO_STORE);
  }
}
