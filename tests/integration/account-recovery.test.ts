import { prisma } from "@/lib/db/client";
import { changePassword, signOutEverywhere } from "@/lib/services/account-settings";
import { verifyCredentials } from "@/lib/services/accounts";
import { resolveActor } from "@/lib/services/actors";
import { requestPasswordReset, RESET_LINK_UNUSABLE, resetPassword } from "@/lib/services/password-reset";
import { callApi } from "../helpers/api";
import { createUser } from "../helpers/factories";
import { eventually, queuedJobs, withMailAndWorker } from "../helpers/jobs";
import { linkIn, TEST_APP_URL } from "../helpers/smtp";
import { getOrganizationEndpoint } from "@/lib/api/endpoints/organization";

jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);

/**
 * Password reset and revocable sessions, end to end: the request, the job,
 * the email arriving at a real SMTP server, the link in it, the new password.
 */

// In a describe block, so the worker stops before the per-file teardown drops the database.
describe("password reset and sessions", () => {
  const context = { ip: "203.0.113.9" };
  const world = withMailAndWorker();

  beforeEach(async () => {
    await prisma.rateLimitBucket.deleteMany();
  });

  const tokenOf = (link: string) => link.split("/").pop()!;

  async function resetLinkFor(email: string, after = 0) {
    await requestPasswordReset({ email }, context);
    const mail = await world.mailbox.waitForMessage((m) => m.recipients.includes(email) && m.subject === "Reset your Teamhub password" && m.id > after);
    return { link: linkIn(mail, "/reset-password/"), mail };
  }

  test("forgot password → email → new password: old sessions end, the new password works, the owner is told", async () => {
    const user = await createUser("Grace Hopper");
    const before = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await resolveActor(user.id, null, before.sessionVersion)).not.toBeNull();

    const { link, mail } = await resetLinkFor(user.email);
    expect(link).toMatch(new RegExp(`^${TEST_APP_URL}/reset-password/pwr_[A-Za-z0-9_-]{43}$`));
    expect(mail.html).toContain("Grace Hopper");
    // Only the hash is stored.
    const stored = await prisma.accountToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).not.toContain(tokenOf(link));
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(stored.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);

    await resetPassword({ token: tokenOf(link), password: "a brand new password" });
    expect(await resolveActor(user.id, null, before.sessionVersion)).toBeNull();
    await expect(verifyCredentials({ email: user.email, password: "correct horse battery" }, { ip: null })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(verifyCredentials({ email: user.email, password: "a brand new password" }, { ip: null })).resolves.toMatchObject({ id: user.id });
    await world.mailbox.waitForMessage((m) => m.recipients.includes(user.email) && m.subject === "Your Teamhub password was changed");
    // The link reached the address: it counts as verified.
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
  });

  test("a reset link works once", async () => {
    const user = await createUser();
    const { link } = await resetLinkFor(user.email);
    await resetPassword({ token: tokenOf(link), password: "first new password" });
    await expect(resetPassword({ token: tokenOf(link), password: "second new password" })).rejects.toMatchObject({ message: RESET_LINK_UNUSABLE });
    await expect(verifyCredentials({ email: user.email, password: "first new password" }, { ip: null })).resolves.toMatchObject({ id: user.id });
  });

  test("two uses of one link at the same moment: exactly one succeeds", async () => {
    const user = await createUser();
    const { link } = await resetLinkFor(user.email);
    const results = await Promise.allSettled([
      resetPassword({ token: tokenOf(link), password: "racer number one" }),
      resetPassword({ token: tokenOf(link), password: "racer number two" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  test("an expired link is refused", async () => {
    const user = await createUser();
    const { link } = await resetLinkFor(user.email);
    await prisma.accountToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(resetPassword({ token: tokenOf(link), password: "too late password" })).rejects.toMatchObject({ message: RESET_LINK_UNUSABLE });
  });

  test("a newer link supersedes older ones", async () => {
    const user = await createUser();
    const first = await resetLinkFor(user.email);
    const second = await resetLinkFor(user.email, first.mail.id);
    expect(second.link).not.toBe(first.link);
    await expect(resetPassword({ token: tokenOf(first.link), password: "from the old link" })).rejects.toMatchObject({ message: RESET_LINK_UNUSABLE });
    await resetPassword({ token: tokenOf(second.link), password: "from the new link" });
  });

  test("malformed and made-up tokens are refused without touching any account", async () => {
    for (const token of ["", "pwr_short", `pwr_${"A".repeat(43)}`, `vfy_${"A".repeat(43)}`, "x".repeat(200)]) {
      await expect(resetPassword({ token, password: "whatever password" })).rejects.toMatchObject({ code: "VALIDATION" });
    }
  });

  test("no enumeration: an unknown address gets the same answer and the same work (one job), and no email", async () => {
    const user = await createUser();
    const unknown = `nobody-${Date.now()}@example.com`;
    await world.withoutWorker(async () => {
      await expect(requestPasswordReset({ email: user.email }, context)).resolves.toBeUndefined();
      await expect(requestPasswordReset({ email: unknown }, context)).resolves.toBeUndefined();
      const jobs = await queuedJobs("password_reset_request");
      expect(jobs.map((job) => (job.payload as { email: string }).email).sort()).toEqual([user.email, unknown].sort());
    });
    await world.mailbox.waitForMessage((m) => m.recipients.includes(user.email));
    await eventually(async () => (await queuedJobs()).length === 0);
    expect(world.mailbox.to(unknown)).toEqual([]);
  });

  test("reset requests are limited per address, whether or not it has an account", async () => {
    for (const email of [(await createUser()).email, `ghost-${Date.now()}@example.com`]) {
      for (let i = 0; i < 5; i++) await requestPasswordReset({ email }, { ...context, ip: `198.51.100.${i}` });
      await expect(requestPasswordReset({ email }, { ...context, ip: "198.51.100.99" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    }
  });

  test("reset requests are limited per client address", async () => {
    for (let i = 0; i < 20; i++) await requestPasswordReset({ email: `spray${i}-${Date.now()}@example.com` }, context);
    await expect(requestPasswordReset({ email: `spray-last-${Date.now()}@example.com` }, context)).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  describe("revocable sessions", () => {
    test("sign out of all devices: a copied session cookie stops working at once, also on the API", async () => {
      const user = await createUser();
      const cookieVersion = (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion;
      expect((await callApi(getOrganizationEndpoint, { sessionUserId: user.id, sessionVersion: cookieVersion })).status).toBe(200);
      await signOutEverywhere({ userId: user.id });
      expect(await resolveActor(user.id, null, cookieVersion)).toBeNull();
      expect((await callApi(getOrganizationEndpoint, { sessionUserId: user.id, sessionVersion: cookieVersion })).status).toBe(401);
      // A new sign-in gets the new version, and works.
      const { sessionVersion } = await verifyCredentials({ email: user.email, password: "correct horse battery" }, { ip: null });
      expect(sessionVersion).toBe(cookieVersion + 1);
      expect((await callApi(getOrganizationEndpoint, { sessionUserId: user.id, sessionVersion })).status).toBe(200);
    });

    test("changing the password needs the current one and ends every other session", async () => {
      const user = await createUser();
      await expect(changePassword({ userId: user.id }, { currentPassword: "not it at all", newPassword: "next password 1" })).rejects.toMatchObject({
        code: "VALIDATION",
        fieldErrors: { currentPassword: ["That is not your current password."] },
      });
      expect(await resolveActor(user.id, null, 0)).not.toBeNull();
      await changePassword({ userId: user.id }, { currentPassword: "correct horse battery", newPassword: "next password 1" });
      expect(await resolveActor(user.id, null, 0)).toBeNull();
      await expect(verifyCredentials({ email: user.email, password: "next password 1" }, { ip: null })).resolves.toMatchObject({ sessionVersion: 1 });
      await world.mailbox.waitForMessage((m) => m.recipients.includes(user.email) && m.subject === "Your Teamhub password was changed");
    });

    test("wrong current passwords are limited", async () => {
      const user = await createUser();
      for (let i = 0; i < 5; i++) {
        await expect(changePassword({ userId: user.id }, { currentPassword: `guess ${i}`, newPassword: "next password 1" })).rejects.toMatchObject({ code: "VALIDATION" });
      }
      await expect(changePassword({ userId: user.id }, { currentPassword: "correct horse battery", newPassword: "next password 1" })).rejects.toMatchObject({
        code: "RATE_LIMITED",
      });
    });
  });
});
