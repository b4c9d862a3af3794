import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/request";
import { verifyCredentials } from "@/lib/services/accounts";

/** Thrown by authorize() when too many sign-ins failed; the form says so. */
class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

/** Thrown by authorize() when the database couldn't answer in time: not a wrong password. */
class ServiceBusy extends CredentialsSignin {
  code = "service_unavailable";
}

/**
 * Auth.js (next-auth v5) with email + password. The session is a signed JWT
 * cookie holding only the user id: membership and role are always read from
 * the database (lib/session.ts), never from the token.
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
          return { id: user.id, email: user.email, name: user.name };
        } catch (error) {
          if (error instanceof AppError && error.code === "RATE_LIMITED") throw new TooManyAttempts();
          if (error instanceof AppError && error.code === "SERVICE_UNAVAILABLE") throw new ServiceBusy();
          if (error instanceof AppError) return null;
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
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
