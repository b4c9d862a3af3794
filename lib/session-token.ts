import { getToken } from "next-auth/jwt";
import { appOriginOf } from "@/lib/origin";

/**
 * The user id in a request's Auth.js session cookie, if it holds a valid,
 * unexpired one. Says only who signed in: never what they may do.
 */
export async function sessionUserId(request: Request): Promise<string | null> {
  // The cookie's name depends on whether it is Secure, which Auth.js decides from the app's origin (lib/auth.ts).
  const secureCookie = appOriginOf(request.headers).startsWith("https:");
  const token = await getToken({ req: request, secret: process.env.AUTH_SECRET!, secureCookie });
  return typeof token?.sub === "string" ? token.sub : null;
}
