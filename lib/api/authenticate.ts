import { AppError } from "@/lib/errors";
import { isSameOrigin } from "@/lib/origin";
import { clientIp } from "@/lib/request";
import { resolveActor } from "@/lib/services/actors";
import { authenticateApiKey } from "@/lib/services/api-keys";
import { sessionUserId } from "@/lib/session-token";
import type { Actor } from "@/lib/services/types";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

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
  const userId = await sessionUserId(request);
  const resolved = userId ? await resolveActor(userId, ip) : null;
  if (!resolved) throw new AppError("UNAUTHENTICATED", "Sign in, or send an API key as Authorization: Bearer <key>.");
  // A browser session may change things only from our own pages; API keys are not sent by browsers on their own.
  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request.headers)) {
    throw new AppError("FORBIDDEN", "Cross-site requests with a browser session are refused. Programs should use an API key.");
  }
  return resolved.actor;
}
