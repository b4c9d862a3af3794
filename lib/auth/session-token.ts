import { decode, getToken, type JWT } from "next-auth/jwt";
import { appOriginOf } from "@/lib/http/origin";

/** Who a session cookie says signed in, and the session version it was issued under. */
export type SessionClaims = { userId: string; sessionVersion: number };

type Opened = { claims: SessionClaims; expiresAt: number };

/**
 * Session cookies already opened in this process, by cookie name and exact value. Opening one (an
 * HKDF key derivation, then decrypting the JWE) cost ~3 ms of a page's server time, paid by the
 * proxy and again by the page (issue 10). A cookie opens to the same claims for as long as the
 * secret is the same, so a remembered one is answered until its own expiry, and all are forgotten
 * when AUTH_SECRET changes (in development it can, without a restart). Revocation is not decided
 * here but against the database (resolveActor). Kept on globalThis so the proxy's bundle and the
 * pages' bundles share one.
 */
const store = ((globalThis as { teamhubOpenedSessions?: { secret: string | undefined; opened: Map<string, Opened> } }).teamhubOpenedSessions ??= {
  secret: undefined,
  opened: new Map(),
});
/** Enough for every signed-in user of a large deployment's busy hour; the oldest go first. */
export const OPENED_SESSIONS_KEPT = 10_000;

/** Whether the app's session cookie is the __Secure- one: Auth.js decides by the app's origin (lib/auth/index.ts). */
function secureCookie(headers: Headers) {
  return appOriginOf(headers).startsWith("https:");
}

/**
 * The claims of a request's Auth.js session cookie, if it holds a valid, unexpired one. Says only
 * who signed in: never what they may do, nor whether the session was ended since (resolveActor
 * checks that against the database). Only the cookie counts: an Authorization header is an API
 * key's (lib/api/authenticate.ts), never a session.
 */
export async function sessionClaims(headers: Headers, now = Date.now()): Promise<SessionClaims | null> {
  const name = secureCookie(headers) ? "__Secure-authjs.session-token" : "authjs.session-token";
  // Auth.js's own reading of the cookie (its parser, its joining of a cookie split into chunks); only
  // the Cookie header is passed, as an Authorization header is an API key's, never a session.
  const token = await getToken({ req: { headers: { cookie: headers.get("cookie") ?? "" } }, cookieName: name, raw: true });
  if (!token) return null;
  if (store.secret !== process.env.AUTH_SECRET) {
    store.opened.clear();
    store.secret = process.env.AUTH_SECRET;
  }
  const key = `${name}=${token}`;
  const known = store.opened.get(key);
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
    store.opened.delete(key);
    store.opened.set(key, { claims, expiresAt: payload.exp * 1000 });
    if (store.opened.size > OPENED_SESSIONS_KEPT) store.opened.delete(store.opened.keys().next().value!);
  }
  return claims;
}

/** The user id in a request's session cookie, if it holds a valid, unexpired one. */
export async function sessionUserId(headers: Headers): Promise<string | null> {
  return (await sessionClaims(headers))?.userId ?? null;
}
