import "server-only";
import { RATE_LIMITS } from "@/lib/config/fixed-limits";
import { AppError } from "@/lib/errors";
import { isSameOrigin } from "@/lib/http/origin";
import { REFUSALS } from "@/lib/permissions/refusals";
import { consume, rateLimited } from "@/lib/rate-limit";
import { clientIp } from "@/lib/http/client-ip";
import { resolveActor } from "@/lib/services/actors";
import { authenticateApiKey } from "@/lib/services/api-keys";
import { sessionClaims } from "@/lib/auth/session-token";
import type { Actor } from "@/lib/services/types";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// Failed authentications (unknown, malformed, revoked or missing credentials) allowed per client address.
const TOO_MANY_FAILURES = "Too many requests with invalid credentials from this address. Retry after the number of seconds in Retry-After.";

/**
 * The caller of an API request, as an Actor: `Authorization: Bearer <key>`
 * acts in the key's organization with the key's role; otherwise the signed-in
 * session acts in its active organization. Both are resolved from the database.
 *
 * Failed authentications are limited per address. Only failures count and
 * only failures are checked against the limit, so valid credentials cost no
 * extra statement and are never refused because their neighbours (a shared
 * office or CI address) sent bad ones. A refused failure writes nothing.
 */
export async function authenticateRequest(request: Request): Promise<Actor> {
  const ip = clientIp(request.headers);
  try {
    return await authenticate(request, ip);
  } catch (error) {
    if (!ip || !(error instanceof AppError && error.code === "UNAUTHENTICATED")) throw error;
    const failure = await consume({ key: `api:failed-authentication:ip:${ip}`, ...RATE_LIMITS.failedApiAuthenticationsPerAddress });
    throw failure.allowed ? error : rateLimited(failure, TOO_MANY_FAILURES);
  }
}

async function authenticate(request: Request, ip: string | null): Promise<Actor> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const bearer = /^Bearer +([^\s]+)$/i.exec(authorization.trim());
    const actor = bearer ? await authenticateApiKey(bearer[1]!, ip) : null;
    if (!actor) throw new AppError("UNAUTHENTICATED", "The API key is missing, malformed, revoked or expired. Send Authorization: Bearer <key>.");
    return actor;
  }
  const session = await sessionClaims(request);
  const resolved = session ? await resolveActor(session.userId, ip, session.sessionVersion) : null;
  if (!resolved) throw new AppError("UNAUTHENTICATED", "Sign in, or send an API key as Authorization: Bearer <key>.");
  // A browser session may change things only from our own pages; API keys are not sent by browsers on their own.
  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request.headers)) {
    throw new AppError("FORBIDDEN", REFUSALS.crossSiteSession);
  }
  return resolved.actor;
}
