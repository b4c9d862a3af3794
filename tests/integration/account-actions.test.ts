/**
 * The account pages' server actions, called directly as a hand-made request
 * would: the same answers whether or not an address has an account, and the
 * controls the page disables without email refused here too. Only the
 * session cookie is stood in for (Auth.js can't load under jest).
 */
import { formDataOf, initialActionState, type ActionState } from "@/lib/forms/action-state";
import { prisma } from "@/lib/db/client";
import { signOutAction } from "@/app/(app)/actions";
import { changePasswordAction, emailNotificationsAction, requestEmailVerificationAction } from "@/app/(app)/account/actions";
import { verifyPassword } from "@/lib/auth/passwords";
import { forgotPasswordAction, signUpAction } from "@/app/(auth)/actions";
import { createUser } from "../helpers/factories";
import { queuedJobs } from "../helpers/jobs";

let signedInUserId: string | null = null;
// Set when signing in is refused (sign-in limits, a busy database), as Auth.js does: with CredentialsSignin.
let mockSignInRefused = false;
// The genuine next-auth/jwt, loaded by Node: the signed-in user's request carries a real session cookie.
jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);
jest.mock("@/lib/auth", () => ({
  signIn: async () => {
    if (mockSignInRefused) throw new (jest.requireMock<typeof import("next-auth")>("next-auth").CredentialsSignin)();
  },
  signOut: async () => {},
  EmailLinkRefused: class extends Error {},
}));
jest.mock("next-auth", () => ({ CredentialsSignin: class extends Error {} }));
jest.mock("next/headers", () => ({
  headers: async () => {
    const { encode } = jest.requireActual<typeof import("../helpers/next-auth-jwt")>("../helpers/next-auth-jwt").nextAuthJwt;
    const session = signedInUserId ? await encode({ token: { sub: signedInUserId, sv: 0 }, secret: process.env.AUTH_SECRET!, salt: "authjs.session-token" }) : null;
    return new Headers({ host: "teamhub.test", "x-forwarded-for": "203.0.113.41", ...(session ? { cookie: `authjs.session-token=${session}` } : {}) });
  },
}));
jest.mock("next/cache", () => ({ revalidatePath: () => {} }));

async function call(action: (previous: ActionState, formData: FormData) => Promise<ActionState>, fields: Record<string, string>, userId: string | null = null) {
  signedInUserId = userId;
  try {
    return await action(initialActionState, formDataOf(fields));
  } finally {
    signedInUserId = null;
  }
}

beforeEach(async () => {
  await prisma.rateLimitBucket.deleteMany();
  await prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs`;
});

describe("with email on", () => {
  beforeAll(() => {
    // No worker runs here: only what the actions answer and enqueue is looked at.
    process.env.SMTP_URL = "smtp://127.0.0.1:9";
  });
  afterAll(() => {
    delete process.env.SMTP_URL;
  });

  test("sign-up answers the same for a taken address and a new one, and creates no account yet", async () => {
    const existing = await createUser("Taken Name");
    const fresh = `fresh-${Date.now()}@example.com`;
    const taken = await call(signUpAction, { name: "Someone", email: existing.email, password: "long enough password" });
    const created = await call(signUpAction, { name: "Someone", email: fresh, password: "long enough password" });
    expect(taken).toEqual(created);
    expect(created.success).toMatch(/^Check your email/);
    expect(await prisma.user.count({ where: { email: fresh } })).toBe(0);
    expect((await queuedJobs()).map((job) => job.task)).toEqual(["sign_up_request", "sign_up_request"]);
  });

  test("forgot password answers the same for an account and for nobody", async () => {
    const existing = await createUser();
    const known = await call(forgotPasswordAction, { email: existing.email });
    const unknown = await call(forgotPasswordAction, { email: `nobody-${Date.now()}@example.com` });
    expect(known).toEqual(unknown);
    expect(known.success).toMatch(/^If an account exists for that address/);
  });
});

describe("with email off (the page disables or hides these)", () => {
  test("the notification email switch and Verify your email are refused, changing nothing", async () => {
    const user = await createUser();
    expect(await call(emailNotificationsAction, { enabled: "false" }, user.id)).toMatchObject({ error: expect.stringMatching(/Email is not set up/) });
    expect(await call(requestEmailVerificationAction, {}, user.id)).toMatchObject({ error: expect.stringMatching(/Email is not set up/) });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailNotifications).toBe(true);
    expect(await queuedJobs()).toEqual([]);
  });

  test("forgot password says email isn't set up", async () => {
    expect(await call(forgotPasswordAction, { email: "someone@example.com" })).toMatchObject({ error: expect.stringMatching(/can't be reset by email/) });
  });

  test("signed out, the account actions are refused", async () => {
    expect(await call(emailNotificationsAction, { enabled: "false" }).catch((error: Error) => error.message)).toMatch(/NEXT_REDIRECT/);
  });
});

test("Sign out ends every session of the account, so a copied cookie stops working too", async () => {
  const user = await createUser();
  signedInUserId = user.id;
  try {
    // Then the action itself sends the browser to sign in (a path: Auth.js is told not to redirect).
    await expect(signOutAction(formDataOf({}))).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT;[a-z]+;\/sign-in;/) });
  } finally {
    signedInUserId = null;
  }
  expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(1);
});

describe("Change password", () => {
  const change = (userId: string) => call(changePasswordAction, { currentPassword: "correct horse battery", newPassword: "a brand new password" }, userId);
  const redirectTo = (path: string) => ({ digest: expect.stringContaining(`;${path};`) });
  const passwordIs = async (userId: string, password: string) =>
    verifyPassword((await prisma.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash, password);

  test("signs this device in again and comes back to Account settings (a path on this site)", async () => {
    const user = await createUser();
    await expect(change(user.id)).rejects.toMatchObject(redirectTo("/account?password=changed"));
    expect(await passwordIs(user.id, "a brand new password")).toBe(true);
  });

  test("when signing in again is refused, the password is still changed and the person is sent to sign in", async () => {
    const user = await createUser();
    mockSignInRefused = true;
    try {
      await expect(change(user.id)).rejects.toMatchObject(redirectTo("/sign-in?reset=done"));
    } finally {
      mockSignInRefused = false;
    }
    expect(await passwordIs(user.id, "a brand new password")).toBe(true);
  });
});
