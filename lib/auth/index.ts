import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { appOriginOf } from "@/lib/http/origin";
import { clientIp } from "@/lib/http/client-ip";
import { safeReturnPath } from "@/lib/http/return-path";
import { verifyCredentials } from "@/lib/services/accounts";
import { completeEmailLink } from "@/lib/services/email-verification";

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    /** The session version the cookie was issued under (see resolveActor). */
    sessionVersion: number;
  }
}

// Auth.js errors a request causes (a wrong password, a missing CSRF token, an unknown
// /api/auth path or method), not faults of ours: answered, not logged.
const REQUEST_ERRORS = new Set(["CredentialsSignin", "MissingCSRF", "UnknownAction", "InvalidCallbackUrl"]);

/** Thrown by authorize() when too many sign-ins failed; the form says so. */
class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

/** Thrown by authorize() when the database couldn't answer in time: not a wrong password. */
class ServiceBusy extends CredentialsSignin {
  code = "service_unavailable";
}

/** Thrown by the email-link provider for a link that can't be used; the page shows `reason`. */
export class EmailLinkRefused extends CredentialsSignin {
  code = "email_link_refused";
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Auth.js (next-auth v5) with email + password, and with an emailed link
 * (finishing a sign-up or verifying an address signs in). The session is a
 * signed JWT cookie holding only the user id and the user's session version
 * at sign-in: membership and role are always read from the database
 * (lib/auth/session.ts), never from the token, and a session whose version is no
 * longer the user's is refused there.
 */
const { handlers, signIn, signOut } = NextAuth({
  secret: process.env.AUTH_SECRET,
  trustHost: true,
  // With APP_URL, its scheme decides (Secure cookies behind a TLS proxy); otherwise the request's.
  useSecureCookies: process.env.APP_URL ? new URL(process.env.APP_URL).protocol === "https:" : undefined,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        try {
          const user = await verifyCredentials(
            { email: credentials.email as string, password: credentials.password as string },
            { ip: clientIp(request.headers) },
          );
          return user;
        } catch (error) {
          if (error instanceof AppError && error.code === "RATE_LIMITED") throw new TooManyAttempts();
          if (error instanceof AppError && error.code === "SERVICE_UNAVAILABLE") throw new ServiceBusy();
          if (error instanceof AppError) return null;
          throw error;
        }
      },
    }),
    Credentials({
      id: "email-link",
      credentials: { token: {} },
      async authorize(credentials, request) {
        try {
          return await completeEmailLink(String(credentials.token ?? ""), { ip: clientIp(request.headers) });
        } catch (error) {
          if (error instanceof AppError) throw new EmailLinkRefused(error.message);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    // Wherever Auth.js is told to go afterwards (a callbackUrl), only a path on this site.
    redirect({ url, baseUrl }) {
      const path = url === baseUrl || url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) || "/" : url;
      return `${baseUrl}${safeReturnPath(path)}`;
    },
    jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.sv = user.sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.sessionVersion = typeof token.sv === "number" ? token.sv : 0;
      return session;
    },
  },
  logger: {
    // A bad request is not a server error; everything else is logged.
    error(error) {
      if (REQUEST_ERRORS.has((error as { type?: string }).type ?? "")) return;
      console.error(error);
    },
  },
});

/**
 * The /api/auth route handlers. Next.js gives route handlers a URL built from
 * the address it listens on (http://0.0.0.0:3000), from which Auth.js builds
 * its redirects and links: they see the app's public origin instead, and any
 * callbackUrl cut down to a path on this site (Auth.js answers 500 to one
 * that isn't a URL).
 */
function atAppOrigin(handler: (request: NextRequest) => Promise<Response>) {
  return (request: NextRequest) => {
    const url = new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, appOriginOf(request.headers));
    const callbackUrl = url.searchParams.get("callbackUrl");
    if (callbackUrl !== null) url.searchParams.set("callbackUrl", safeReturnPath(callbackUrl));
    // A plain Request, as a NextRequest would turn 127.0.0.1 into "localhost"; next-auth reads nextUrl only under AUTH_URL.
    return handler(Object.assign(new Request(url, request), { nextUrl: url }) as unknown as NextRequest);
  };
}

export { signIn, signOut };
export const authRouteHandlers = { GET: atAppOrigin(handlers.GET), POST: atAppOrigin(handlers.POST) };
