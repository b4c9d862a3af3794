import { prisma } from "@/lib/db/client";
import { signUp, verifyCredentials } from "@/lib/services/accounts";
import { resolveActor } from "@/lib/services/actors";
import { completeEmailLink, EMAIL_LINK_UNUSABLE, requestEmailVerification, requestSignUp } from "@/lib/services/email-verification";
import { createUser } from "../helpers/factories";
import { eventually, queuedJobs, withMailAndWorker } from "../helpers/jobs";
import { linkIn, TEST_APP_URL } from "../helpers/smtp";

/** Sign-up with email on (finished through an emailed link) and verifying an existing account's address. */

const context = { ip: "203.0.113.20" };
const tokenOf = (link: string) => link.split("/").pop()!;
let counter = 0;
const address = (label: string) => `${label}${++counter}-${Date.now()}@example.com`;

// In a describe block, so the worker stops before the per-file teardown drops the database.
describe("email verification", () => {
  const world = withMailAndWorker();

  beforeEach(async () => {
    await prisma.rateLimitBucket.deleteMany();
  });

  test("a new address: no account until the emailed link is used; the link creates it verified and signs in as it", async () => {
    const email = address("new");
    await expect(requestSignUp({ name: "Katherine Johnson", email, password: "orbital mechanics" }, context)).resolves.toBeUndefined();
    const mail = await world.mailbox.waitForMessage((m) => m.recipients.includes(email));
    expect(mail.subject).toBe("Confirm your email to finish creating your Teamhub account");
    expect(await prisma.user.count({ where: { email } })).toBe(0);

    const link = linkIn(mail, "/verify-email/");
    expect(link).toMatch(new RegExp(`^${TEST_APP_URL}/verify-email/vfy_[A-Za-z0-9_-]{43}$`));
    const user = await completeEmailLink(tokenOf(link), { ip: null });
    expect(user).toMatchObject({ email, name: "Katherine Johnson", sessionVersion: 0 });
    const stored = await prisma.user.findUniqueOrThrow({ where: { email }, include: { personalOrganization: true } });
    expect(stored.emailVerifiedAt).not.toBeNull();
    expect(stored.personalOrganization?.name).toBe("Katherine's organization");
    expect((await resolveActor(user.id, null, user.sessionVersion))?.emailVerified).toBe(true);
    // The password chosen at sign-up is the account's.
    await expect(verifyCredentials({ email, password: "orbital mechanics" }, { ip: null })).resolves.toMatchObject({ id: user.id });
    // Single use.
    await expect(completeEmailLink(tokenOf(link), { ip: null })).rejects.toMatchObject({ message: EMAIL_LINK_UNUSABLE });
  });

  test("an existing address: the same answer, an email saying someone tried, and no link that could take the account", async () => {
    const existing = await createUser("Dorothy Vaughan");
    await expect(requestSignUp({ name: "Mallory", email: existing.email, password: "takeover attempt" }, context)).resolves.toBeUndefined();
    const mail = await world.mailbox.waitForMessage((m) => m.recipients.includes(existing.email));
    expect(mail.subject).toBe("Someone tried to sign up with your address");
    expect(mail.text).toContain("Dorothy Vaughan");
    expect(mail.text).toContain(`${TEST_APP_URL}/sign-in`);
    expect(mail.text).toContain(`${TEST_APP_URL}/forgot-password`);
    expect(mail.text).not.toContain("/verify-email/");
    expect(await prisma.accountToken.count({ where: { email: existing.email } })).toBe(0);
  });

  // Timing is compared in `npm run bench` (no timed tests); here, that both do the same work.
  test("no enumeration: both answers are the same work in the request (one sign_up_request job each, the same counters)", async () => {
    const existing = await createUser("Mary Jackson");
    await world.withoutWorker(async () => {
      const effects: Record<"existing" | "fresh", unknown[]> = { existing: [], fresh: [] };
      for (const kind of ["existing", "fresh"] as const) {
        const email = kind === "existing" ? existing.email : address("fresh");
        await prisma.rateLimitBucket.deleteMany();
        const users = await prisma.user.count();
        await expect(requestSignUp({ name: "Someone", email, password: "some password" }, context)).resolves.toBeUndefined();
        const buckets = await prisma.rateLimitBucket.findMany({ select: { key: true, hits: true }, orderBy: { key: "asc" } });
        effects[kind] = [
          await prisma.user.count() - users,
          // The counters differ only by the address itself.
          buckets.map((bucket) => ({ key: bucket.key.replace(email, "<email>"), hits: bucket.hits })),
        ];
      }
      expect(effects.existing).toEqual(effects.fresh);
      const jobs = await queuedJobs();
      expect(jobs.map((job) => job.task)).toEqual(["sign_up_request", "sign_up_request"]);
    });
    await eventually(async () => (await queuedJobs()).length === 0, 30_000);
  });

  test("sign-ups are limited per address, whether or not it has an account", async () => {
    const email = address("limited");
    for (let i = 0; i < 5; i++) await requestSignUp({ name: "Repeat", email, password: "some password" }, { ...context, ip: `198.51.100.${i}` });
    await expect(requestSignUp({ name: "Repeat", email, password: "some password" }, { ...context, ip: "198.51.100.77" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  test("two sign-up links for one address: the first creates the account, the second is refused", async () => {
    const email = address("twice");
    await requestSignUp({ name: "First Try", email, password: "first password" }, context);
    const first = linkIn(await world.mailbox.waitForMessage((m) => m.recipients.includes(email)), "/verify-email/");
    // The newer link replaces the older one.
    await requestSignUp({ name: "Second Try", email, password: "second password" }, context);
    const second = linkIn(await world.mailbox.waitForMessage((m) => m.recipients.includes(email) && !m.text.includes(first)), "/verify-email/");
    await expect(completeEmailLink(tokenOf(first), { ip: null })).rejects.toMatchObject({ message: EMAIL_LINK_UNUSABLE });
    await expect(completeEmailLink(tokenOf(second), { ip: null })).resolves.toMatchObject({ name: "Second Try" });
  });

  test("a sign-up link for an address that got an account meanwhile (from an invitation) is refused", async () => {
    const email = address("raced");
    await requestSignUp({ name: "Link Holder", email, password: "some password" }, context);
    const link = linkIn(await world.mailbox.waitForMessage((m) => m.recipients.includes(email)), "/verify-email/");
    await signUp({ name: "Invited Meanwhile", email, password: "other password" }, { ip: null });
    await expect(completeEmailLink(tokenOf(link), { ip: null })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });

  test("an account made while email was off verifies its address from Verify your email", async () => {
    const user = await createUser("Annie Easley");
    expect((await resolveActor(user.id, null))?.emailVerified).toBe(false);
    await requestEmailVerification({ userId: user.id });
    const mail = await world.mailbox.waitForMessage((m) => m.recipients.includes(user.email));
    expect(mail.subject).toBe("Verify your email for Teamhub");
    const signedIn = await completeEmailLink(tokenOf(linkIn(mail, "/verify-email/")), { ip: null });
    expect(signedIn.id).toBe(user.id);
    expect((await resolveActor(user.id, null))?.emailVerified).toBe(true);
    await expect(requestEmailVerification({ userId: user.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("an expired verification link is refused", async () => {
    const user = await createUser();
    await requestEmailVerification({ userId: user.id });
    const link = linkIn(await world.mailbox.waitForMessage((m) => m.recipients.includes(user.email)), "/verify-email/");
    await prisma.accountToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect(completeEmailLink(tokenOf(link), { ip: null })).rejects.toMatchObject({ message: EMAIL_LINK_UNUSABLE });
    expect((await resolveActor(user.id, null))?.emailVerified).toBe(false);
  });
});
