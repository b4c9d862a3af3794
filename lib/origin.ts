import { headers } from "next/headers";

/**
 * The app's public origin, for invitation links. APP_URL wins (set it in
 * production); otherwise the origin the request came in on.
 */
export async function appOrigin(): Promise<string> {
  if (process.env.APP_URL) return new URL(process.env.APP_URL).origin;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http";
  return `${proto}://${host}`;
}
