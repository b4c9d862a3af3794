import { decode, type JWT } from "next-auth/jwt";
import { appOriginOf } from "@/lib/http/origin";

/** Who a session cookie says signed in, and the session version it was issued under. */
export type SessionClaims = { userId: string; sessionVersion: number };

/**
 * Session cookies already opened in this process, by their exact value. Opening one (an HKDF key
 * derivation, then decrypting the JWE) cost ~3 ms of a page's server time, paid by the proxy and
 * again by the page (issue 10). A cookie only ever opens to the same claims, so a remembered one
 * is answered until its own expiry; revocation is not decided here but against the database
 * (resolveActor). Kept on globalThis so the proxy's bundle and the pages' bundles share one.
 */
const opened = ((globalThis as { teamhubOpenedSessions?: Map<string, { claims: SessionClaims; expiresAt: number }> }).teamhubOpenedSessions ??= new Map());
/** Enough for every signed-in user of a large deployment's busy hour; the oldest go first. */
export const OPENED_SESSIONS_KEPT = 10_000;

/** The session cookie's name: Auth.js makes it __Secure- on an https origin (lib/auth/index.ts). */
function cookieName(headers: Headers) {
  return appOriginOf(headers).startsWith("https:") ? "__Secure-authjs.session-token" : "authjs.session-token";
}

/** The session cookie's value, joined from its chunks (name.0, name.1, …) where Auth.js split a large one. */
function sessionCookie(headers: Headers, name: string): string | null {
  const chunks: string[] = [];
  let whole: string | null = null;
  for (const pair of (headers.get("cookie") ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at < 0) continue;
    const key = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (key === name) whole = value;
    else if (key.startsWith(`${name}.`) && /^\d+$/.test(key.slice(name.length + 1))) chunks[Number(key.slice(name.length + 1))] = value;
  }
  return whole ?? (chunks.length > 0 ? chunks.join("") : null);
}

/**
 * The claims of a request's Auth.js session cookie, if it holds a valid, unexpired one. Says only
 * who signed in: never what they may do, nor whether the session was ended since (resolveActor
 * checks that against the database). Only the cookie counts: an Authorization header is an API
 * key's (lib/api/authenticate.ts), never a session.
 */
export async function sessionClaims(headers: Headers, now = Date.now()): Promise<SessionClaims | null> {
  const name = cookieName(headers);
  const token = sessionCookie(headers, name);
  if (!token) return null;
  const known = opened.get(token);
  if (known && known.expiresAt > now) return known.claims;
  let payload: JWT | null;
  try {
    payload = await decode({ token, secret: process.env.AUTH_SECRET!, salt: name });
  } catch {
    return null;
  }
  if (typeof payload?.sub !== "string") return null;
  // Cookies issued before session versions existed count as version 0.
  const claims = { userId: payload.sub, sessionVersion: typeof payload.sv === "number" ? payload.sv : 0 };
  if (typeof payload.exp === "number") {
    opened.delete(token);
    opened.set(token, { claims, expiresAt: payload.exp * 1000 });
    if (opened.size > OPENED_SESSIONS_KEPT) opened.delete(opened.keys().next().value!);
  }
  return claims;
}

/** The user id in a request's session cookie, if it holds a valid, unexpired one. */
export async function sessionUserId(headers: Headers): Promise<string | null> {
  return (await sessionClaims(headers))?.userId ?? null;
}
