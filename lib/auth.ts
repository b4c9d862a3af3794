import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/request";
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

/** Thrown by authorize() when too many sign-ins failed; the form says so. */
class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
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
 * (lib/session.ts), never from the token, and a session whose version is no
 * longer the user's is refused there.
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: process.env.AUTH_SECRET,
  trustHost: true,
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
    // A wrong password is not a server error; everything else is logged.
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error(error);
    },
  },
});
