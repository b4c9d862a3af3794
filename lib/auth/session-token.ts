import { getToken } from "next-auth/jwt";
import { appOriginOf } from "@/lib/http/origin";

/** Who a session cookie says signed in, and the session version it was issued under. */
export type SessionClaims = { userId: string; sessionVersion: number };

/**
 * The claims of a request's Auth.js session cookie, if it holds a valid,
 * unexpired one. Says only who signed in: never what they may do, nor whether
 * the session was ended since (resolveActor checks that against the database).
 */
export async function sessionClaims(request: Request): Promise<SessionClaims | null> {
  // The cookie's name depends on whether it is Secure, which Auth.js decides from the app's origin (lib/auth/index.ts).
  const secureCookie = appOriginOf(request.headers).startsWith("https:");
  const token = await getToken({ req: request, secret: process.env.AUTH_SECRET!, secureCookie });
  if (typeof token?.sub !== "string") return null;
  // Cookies issued before session versions existed count as version 0.
  return { userId: token.sub, sessionVersion: typeof token.sv === "number" ? token.sv : 0 };
}

/** The user id in a request's session cookie, if it holds a valid, unexpired one. */
export async function sessionUserId(request: Request): Promise<string | null> {
  return (await sessionClaims(request))?.userId ?? null;
}
