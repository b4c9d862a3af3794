import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/request";
import { resolveActor } from "@/lib/services/actors";
import { authenticateApiKey } from "@/lib/services/api-keys";
import { sessionClaims } from "@/lib/session-token";
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

/**
 * The caller of an API request, as an Actor: `Authorization: Bearer <key>`
 * acts in the key's organization with the key's role; otherwise the signed-in
 * session acts in its active organization. Both are resolved from the database.
 */
export async function authenticateRequest(request: Request): Promise<Actor> {
  const ip = clientIp(request.headers);
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
  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request)) {
    throw new AppError("FORBIDDEN", "Cross-site requests with a browser session are refused. Programs should use an API key.");
  }
  return resolved.actor;
}
