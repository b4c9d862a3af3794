import { NextResponse, type NextRequest } from "next/server";
import { appOriginOf } from "@/lib/http/origin";
import { refuseMalformedRequest } from "@/lib/http/request-guard";
import { sessionUserId } from "@/lib/auth/session-token";

// Pages anyone may open; every other page needs a signed-in session.
const PUBLIC_PATHS = [/^\/sign-in$/, /^\/sign-up$/, /^\/accept-invitation\//, /^\/api-docs$/, /^\/forgot-password$/, /^\/reset-password\//, /^\/verify-email\//];

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Radix positions popovers with inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Refuses malformed requests (lib/http/request-guard.ts), sends signed-out
 * visitors of app pages to /sign-in (and back afterwards), and gives every
 * page a Content-Security-Policy with a per-request nonce. Only the session's
 * presence is checked here; who may do what is decided by lib/auth/session.ts
 * against the database. /api routes authenticate each request themselves and
 * answer JSON: they go on untouched, with the static security headers of
 * next.config.js (no nonce to make, no headers to copy).
 */
export default async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const refusal = await refuseMalformedRequest(request, pathname);
  if (refusal) return refusal;
  if (pathname.startsWith("/api/")) return NextResponse.next();
  if (!PUBLIC_PATHS.some((pattern) => pattern.test(pathname)) && !(await sessionUserId(request.headers))) {
    // Next.js builds request.url from the address it listens on (http://0.0.0.0:3000): never put that in a Location.
    const signIn = new URL("/sign-in", appOriginOf(request.headers));
    if (pathname !== "/") signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }
  return withCsp(request);
}

function withCsp(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
