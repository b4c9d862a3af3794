import { getToken } from "next-auth/jwt";

/**
 * The user id in a request's Auth.js session cookie, if it holds a valid,
 * unexpired one. Says only who signed in: never what they may do.
 */
export async function sessionUserId(request: Request): Promise<string | null> {
  const secureCookie = request.headers.get("x-forwarded-proto")?.startsWith("https") || new URL(request.url).protocol === "https:";
  const token = await getToken({ req: request, secret: process.env.AUTH_SECRET!, secureCookie });
  return typeof token?.sub === "string" ? token.sub : null;
}
