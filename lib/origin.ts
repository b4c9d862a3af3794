import { headers } from "next/headers";

/**
 * The app's public origin, for invitation links. APP_URL wins (set it in
 * production); otherwise the origin the request came in on.
 */
export function appOriginOf(requestHeaders: Headers): string {
  if (process.env.APP_URL) return new URL(process.env.APP_URL).origin;
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "localhost:3000";
  const proto = requestHeaders.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http";
  return `${proto}://${host}`;
}

/** appOriginOf for server components and actions. */
export async function appOrigin(): Promise<string> {
  return appOriginOf(await headers());
}
