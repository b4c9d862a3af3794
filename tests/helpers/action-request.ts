/**
 * What a server action sees of its request under jest: a real Auth.js session
 * cookie for the signed-in user, opened by the app's own lib/auth/session-token.ts;
 * who the user is in the organization still comes from the database. Auth.js's
 * sign-in and sign-out are stood in for (Auth.js is ESM-only and doesn't load here).
 * In a test file:
 *
 *   jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);
 *   jest.mock("@/lib/auth", () => jest.requireActual("../helpers/action-request").authModule);
 *   jest.mock("next/headers", () => jest.requireActual("../helpers/action-request").headersModule);
 *   jest.mock("next/cache", () => jest.requireActual("../helpers/action-request").cacheModule);
 */
import { nextAuthJwt } from "./next-auth-jwt";

const session: { cookie: string | null } = { cookie: null };

export const authModule = {
  signIn: async () => {},
  signOut: async () => {},
};
export const headersModule = {
  headers: async () => new Headers({ host: "teamhub.test", "x-forwarded-for": "203.0.113.40", ...(session.cookie ? { cookie: session.cookie } : {}) }),
};
export const cacheModule = { revalidatePath: () => {} };

/** Runs `work` as a request signed in as `userId`. */
export async function signedInAs<T>(userId: string, work: () => Promise<T>): Promise<T> {
  const token = await nextAuthJwt.encode({ token: { sub: userId }, secret: process.env.AUTH_SECRET!, salt: "authjs.session-token" });
  session.cookie = `authjs.session-token=${token}`;
  try {
    return await work();
  } finally {
    session.cookie = null;
  }
}
