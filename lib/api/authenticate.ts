import { AppError } from "@/lib/errors";
import { consume, rateLimited } from "@/lib/rate-limit";
import { clientIp } from "@/lib/request";
import { resolveActor } from "@/lib/services/actors";
import { authenticateApiKey } from "@/lib/services/api-keys";
import { sessionUserId } from "@/lib/session-token";
import type { Actor } from "@/lib/services/types";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A browser session may call the API only from our own pages: state-changing
 * requests must say they are same-origin (Sec-Fetch-Site, or an Origin header
 * naming this host). API keys are not sent by browsers on their own, so they
 * need no such check.
 */
function isSameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = request.headers.get("origin");
  if (!origin) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

// Failed authentications (unknown, malformed, revoked or missing credentials) allowed per client address.
const FAILED_AUTHENTICATIONS_PER_ADDRESS = 100;
const FAILED_AUTHENTICATION_WINDOW = 15 * 60;
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
    const failure = await consume({ key: `api:failed-authentication:ip:${ip}`, limit: FAILED_AUTHENTICATIONS_PER_ADDRESS, windowSeconds: FAILED_AUTHENTICATION_WINDOW });
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
  const userId = await sessionUserId(request);
  const resolved = userId ? await resolveActor(userId, ip) : null;
  if (!resolved) throw new AppError("UNAUTHENTICATED", "Sign in, or send an API key as Authorization: Bearer <key>.");
  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request)) {
    throw new AppError("FORBIDDEN", "Cross-site requests with a browser session are refused. Programs should use an API key.");
  }
  return resolved.actor;
}
