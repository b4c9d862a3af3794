/**
 * What a server action sees of its request under jest. The session cookie is
 * stood in for (Auth.js is ESM-only and doesn't load here); who the user is
 * in the organization still comes from the database. In a test file:
 *
 *   jest.mock("@/lib/auth", () => jest.requireActual("../helpers/action-request").authModule);
 *   jest.mock("next/headers", () => jest.requireActual("../helpers/action-request").headersModule);
 *   jest.mock("next/cache", () => jest.requireActual("../helpers/action-request").cacheModule);
 */
const session: { userId: string | null } = { userId: null };

export const authModule = {
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
  signIn: async () => {},
  signOut: async () => {},
};
export const headersModule = { headers: async () => new Headers({ host: "teamhub.test", "x-forwarded-for": "203.0.113.40" }) };
export const cacheModule = { revalidatePath: () => {} };

/** Runs `work` as a request signed in as `userId`. */
export async function signedInAs<T>(userId: string, work: () => Promise<T>): Promise<T> {
  session.userId = userId;
  try {
    return await work();
  } finally {
    session.userId = null;
  }
}
