import { headers } from "next/headers";
import { AppError } from "@/lib/errors";

// A host name, IPv4 or bracketed IPv6 address, with an optional port: what a Host header may hold.
const HOST = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The origin the client used: its Host header, or the X-Forwarded-Host and
 * X-Forwarded-Proto of trusted proxies (lib/cli/server.cjs drops them
 * otherwise). Null when the host is malformed.
 */
export function requestOriginOf(requestHeaders: Headers): string | null {
  const host = (requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "localhost:3000").split(",")[0]!.trim();
  const proto = requestHeaders.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https" ? "https" : "http";
  if (!HOST.test(host)) return null;
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * The app's public origin, for every absolute URL it emits (invitation links,
 * redirects). APP_URL wins (set it in production); otherwise the origin the
 * request came in on. Never the address the server listens on.
 */
export function appOriginOf(requestHeaders: Headers): string {
  if (process.env.APP_URL) return new URL(process.env.APP_URL).origin;
  const origin = requestOriginOf(requestHeaders);
  if (!origin) throw new AppError("BAD_REQUEST", "The Host header is malformed.");
  return origin;
}

/** appOriginOf for server components and actions. */
export async function appOrigin(): Promise<string> {
  return appOriginOf(await headers());
}

/**
 * Whether a browser request says it comes from this site's own pages:
 * Sec-Fetch-Site, when sent, is same-origin; Origin, when sent, names the
 * host the request came in on; and at least one of them is sent (browsers
 * send both on every POST).
 */
export function isSameOrigin(requestHeaders: Headers): boolean {
  const site = requestHeaders.get("sec-fetch-site");
  const origin = requestHeaders.get("origin");
  if (site === null && origin === null) return false;
  if (site !== null && site !== "same-origin") return false;
  if (origin === null) return true;
  try {
    return new URL(origin).host === (requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host"));
  } catch {
    return false;
  }
}
