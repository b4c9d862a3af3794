import "server-only";
import { API_REQUESTS_PER_MINUTE_PER_CALLER, API_REQUESTS_PER_MINUTE_PER_ORGANIZATION } from "@/lib/config/limits";
import { RATE_LIMITS } from "@/lib/config/fixed-limits";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { isSameOrigin } from "@/lib/http/origin";
import { REFUSALS } from "@/lib/permissions/refusals";
import { consume, consumeAll, rateLimited, type LimitState, type StatementLimit } from "@/lib/rate-limit";
import { clientIp } from "@/lib/http/client-ip";
import { resolveActor } from "@/lib/services/actors";
import { authenticateApiKeyCounted } from "@/lib/services/api-keys";
import { sessionClaims } from "@/lib/auth/session-token";
import type { Actor } from "@/lib/services/types";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// Failed authentications (unknown, malformed, revoked or missing credentials) allowed per client address.
const TOO_MANY_FAILURES = "Too many requests with invalid credentials from this address. Retry after the number of seconds in Retry-After.";

/** A value for requestLimits, as a statement parameter. */
const value = (text: string) => Prisma.sql`${text}`;

/** An authenticated request: who acts, and where the request stands against its limits (it was counted if allowed). */
export type AuthenticatedRequest = { actor: Actor; limit: LimitState };

/**
 * The limits every authenticated request counts against, all or none: its caller's (`key:<id>`
 * or `user:<id>`) and its organization's. Each part is a value or a column of the statement that
 * counts (for an API key, the statement that finds it).
 */
function requestLimits(caller: Prisma.Sql, organizationId: Prisma.Sql): StatementLimit[] {
  return [
    { key: Prisma.sql`'api:' || ${caller}`, limit: API_REQUESTS_PER_MINUTE_PER_CALLER, windowSeconds: 60 },
    { key: Prisma.sql`'api:organization:' || ${organizationId}`, limit: API_REQUESTS_PER_MINUTE_PER_ORGANIZATION, windowSeconds: 60 },
  ];
}

/**
 * The caller of an API request, as an Actor, counted against the request
 * limits: `Authorization: Bearer <key>` acts in the key's organization with
 * the key's role (found and counted in one statement); otherwise the signed-in
 * session acts in its active organization. Both are resolved from the database.
 *
 * Failed authentications are limited per address. Only failures count and
 * only failures are checked against the limit, so valid credentials cost no
 * extra statement and are never refused because their neighbours (a shared
 * office or CI address) sent bad ones. A refused failure writes nothing.
 */
export async function authenticateRequest(request: Request): Promise<AuthenticatedRequest> {
  const ip = clientIp(request.headers);
  try {
    return await authenticate(request, ip);
  } catch (error) {
    if (!ip || !(error instanceof AppError && error.code === "UNAUTHENTICATED")) throw error;
    const failure = await consume({ key: `api:failed-authentication:ip:${ip}`, ...RATE_LIMITS.failedApiAuthenticationsPerAddress });
    throw failure.allowed ? error : rateLimited(failure, TOO_MANY_FAILURES);
  }
}

async function authenticate(request: Request, ip: string | null): Promise<AuthenticatedRequest> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const bearer = /^Bearer +([^\s]+)$/i.exec(authorization.trim());
    const caller = bearer
      ? await authenticateApiKeyCounted(bearer[1]!, ip, (key) => requestLimits(Prisma.sql`'key:' || ${key.apiKeyId}`, key.organizationId))
      : null;
    if (!caller) throw new AppError("UNAUTHENTICATED", "The API key is missing, malformed, revoked or expired. Send Authorization: Bearer <key>.");
    return caller;
  }
  const session = await sessionClaims(request.headers);
  const resolved = session ? await resolveActor(session.userId, ip, session.sessionVersion) : null;
  if (!resolved) throw new AppError("UNAUTHENTICATED", "Sign in, or send an API key as Authorization: Bearer <key>.");
  // A browser session may change things only from our own pages; API keys are not sent by browsers on their own.
  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request.headers)) {
    throw new AppError("FORBIDDEN", REFUSALS.crossSiteSession);
  }
  const { actor } = resolved;
  return { actor, limit: await consumeAll(requestLimits(value(`user:${actor.userId}`), value(actor.organizationId))) };
}
