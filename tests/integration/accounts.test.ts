import { prisma } from "@/lib/db/client";
import type { AppError } from "@/lib/errors";
import { INVALID_CREDENTIALS, signUp, verifyCredentials } from "@/lib/services/accounts";
import { createUser, expectUnchanged, snapshot } from "../helpers/factories";
import { reset } from "@/lib/rate-limit";
import { fillBucket, hitsOf } from "../helpers/rate-limits";

const password = "correct horse battery";

describe("sign up", () => {
  it("creates the user with a personal organization where they are Owner, active", async () => {
    const user = await signUp({ name: "  Ada Lovelace ", email: "  Ada@Example.COM ", password }, { ip: null });
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, include: { memberships: true, personalOrganization: true } });
    expect(stored.email).toBe("ada@example.com");
    expect(stored.name).toBe("Ada Lovelace");
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.personalOrganization?.name).toBe("Ada's organization");
    expect(stored.activeOrganizationId).toBe(stored.personalOrganization?.id);
    expect(stored.memberships).toEqual([expect.objectContaining({ organizationId: stored.personalOrganization?.id, role: "OWNER" })]);
    const audit = await prisma.auditLog.findMany({ where: { organizationId: user.personalOrganizationId } });
    expect(audit.map((entry) => entry.action)).toEqual(["organization.created"]);
  });

  it("refuses an email that is already registered, whatever its case, and writes nothing", async () => {
    await createUser("First", "taken@example.com");
    const before = await snapshot();
    await expectUnchanged(before, () => signUp({ name: "Second", email: "TAKEN@example.com ", password }, { ip: null }), "VALIDATION");
    await expect(signUp({ name: "Second", email: "taken@example.com", password }, { ip: null })).rejects.toMatchObject({
      fieldErrors: { email: ["An account with this email already exists. Sign in instead."] },
    });
  });

  it("answers bad input with a message per field", async () => {
    const before = await snapshot();
    await expect(signUp({ name: "", email: "not-an-email", password: "short" }, { ip: null })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: {
        name: ["Enter a name."],
        email: ["Enter a valid email address, like name@example.com."],
        password: ["Use at least 8 characters."],
      },
    });
    await expectUnchanged(before, () => signUp({ name: 42, email: null, password: {} } as never, { ip: null }), "VALIDATION");
  });

  it("limits accounts created from one address", async () => {
    for (let i = 0; i < 20; i += 1) await signUp({ name: "Bulk", email: `bulk${i}@example.com`, password }, { ip: "198.51.100.9" });
    await expect(signUp({ name: "Bulk", email: "bulk20@example.com", password }, { ip: "198.51.100.9" })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    await expect(signUp({ name: "Other", email: "other-ip@example.com", password }, { ip: "198.51.100.10" })).resolves.toBeDefined();
  });
});

describe("sign in", () => {
  it("accepts the right password with any email casing", async () => {
    const user = await createUser("Grace", "grace@example.com");
    await expect(verifyCredentials({ email: " GRACE@example.com", password }, { ip: null })).resolves.toMatchObject({ id: user.id });
  });

  it("says the same thing for a wrong password and an unknown email", async () => {
    await createUser("Linus", "linus@example.com");
    // Awaited one at a time: a second pending promise that rejects before its expect attaches is an unhandled rejection.
    await expect(verifyCredentials({ email: "linus@example.com", password: "nope nope nope" }, { ip: null })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: INVALID_CREDENTIALS,
    });
    await expect(verifyCredentials({ email: "nobody@example.com", password }, { ip: null })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: INVALID_CREDENTIALS,
    });
  });

  const signIn = (email: string, attempt: string, ip: string | null) => verifyCredentials({ email, password: attempt }, { ip });
  const failures = async (email: string, ips: string[]) => {
    for (const [i, ip] of ips.entries()) await expect(signIn(email, `wrong-${i}-password`, ip)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  };
  const addresses = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}.${Math.floor(i / 250)}.${i % 250}`);

  it("blocks an address after 5 failures on an account, even for the right password, while the owner signs in from another", async () => {
    await createUser("Target", "target@example.com");
    await createUser("Bystander", "bystander@example.com");
    const attacker = "192.0.2.1";
    await failures("target@example.com", Array(5).fill(attacker));
    const blocked = await signIn("target@example.com", password, attacker).catch((error: AppError) => error);
    expect(blocked).toMatchObject({ code: "RATE_LIMITED" });
    expect((blocked as AppError).retryAfter).toBeLessThanOrEqual(15 * 60);

    // The real owner, elsewhere, is not locked out; the attacker's address stays blocked on this account only.
    await expect(signIn("target@example.com", password, "192.0.2.2")).resolves.toMatchObject({ email: "target@example.com" });
    await expect(signIn("target@example.com", password, attacker)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(signIn("bystander@example.com", password, attacker)).resolves.toBeDefined();
  });

  it("clears an address's count on an account when the right password comes from it", async () => {
    await createUser("Typo", "typo@example.com");
    const ip = "192.0.2.20";
    await failures("typo@example.com", Array(4).fill(ip));
    await expect(signIn("typo@example.com", password, ip)).resolves.toBeDefined();
    expect(await hitsOf(`sign-in:account:typo@example.com:ip:${ip}`)).toBe(0);
    await failures("typo@example.com", Array(5).fill(ip));
    await expect(signIn("typo@example.com", password, ip)).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("stops guessing spread over many addresses at 50 failures an hour per account", async () => {
    await createUser("Spread", "spread@example.com");
    await failures("spread@example.com", addresses("198.18", 50));
    const blocked = await signIn("spread@example.com", password, "198.18.9.9").catch((error: AppError) => error);
    expect(blocked).toMatchObject({ code: "RATE_LIMITED" });
    expect((blocked as AppError).retryAfter).toBeLessThanOrEqual(60 * 60);
    expect(await hitsOf("sign-in:account:spread@example.com")).toBe(50);
    // Unknown emails are counted the same way, so the limit tells nothing about who has an account.
    await failures("nobody-here@example.com", addresses("198.19", 50));
    await expect(signIn("nobody-here@example.com", password, "198.19.9.9")).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("still lets the owner in from an address they signed in from in the last 30 days, 5 failures at most from it", async () => {
    const user = await createUser("Homebody", "homebody@example.com");
    const home = "203.0.113.10";
    await expect(signIn("homebody@example.com", password, home)).resolves.toBeDefined();
    await failures("homebody@example.com", addresses("198.18", 50));
    await expect(signIn("homebody@example.com", password, "203.0.113.11")).rejects.toMatchObject({ code: "RATE_LIMITED" });

    // From home: in, and still in after a couple of typos.
    await expect(signIn("homebody@example.com", password, home)).resolves.toBeDefined();
    await failures("homebody@example.com", [home, home]);
    await expect(signIn("homebody@example.com", password, home)).resolves.toBeDefined();
    // Someone sharing that address gets no more than the 5 of any address.
    await failures("homebody@example.com", Array(5).fill(home));
    await expect(signIn("homebody@example.com", password, home)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // A failure from home doesn't count towards the account's cap once it is reached: still 50.
    expect(await hitsOf("sign-in:account:homebody@example.com")).toBe(50);

    // Recognition lasts 30 days from the last successful sign-in.
    await reset(`sign-in:account:homebody@example.com:ip:${home}`);
    await prisma.signInAddress.update({
      where: { userId_ip: { userId: user.id, ip: home } },
      data: { lastSignedInAt: new Date(Date.now() - 31 * 86_400_000) },
    });
    await expect(signIn("homebody@example.com", password, home)).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("lets through at most 5 guesses per address and 50 per account even when they arrive at the same moment", async () => {
    const codesOf = (results: PromiseSettledResult<unknown>[]) =>
      results.map((result) => (result.status === "rejected" ? (result.reason as AppError).code : "SIGNED_IN"));
    await createUser("Rushed", "rushed@example.com");
    const oneAddress = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => signIn("rushed@example.com", `guess-${i}-password`, "198.51.100.1")));
    expect(codesOf(oneAddress).filter((code) => code === "UNAUTHENTICATED")).toHaveLength(5);
    expect(codesOf(oneAddress).filter((code) => code === "RATE_LIMITED")).toHaveLength(20);

    await createUser("Swarmed", "swarmed@example.com");
    await fillBucket("sign-in:account:swarmed@example.com", 45, 60 * 60);
    const manyAddresses = await Promise.allSettled(addresses("198.51", 25).map((ip, i) => signIn("swarmed@example.com", `guess-${i}-password`, ip)));
    expect(codesOf(manyAddresses).filter((code) => code === "UNAUTHENTICATED")).toHaveLength(5);
    expect(codesOf(manyAddresses).filter((code) => code === "RATE_LIMITED")).toHaveLength(20);
  });

  it("gives a successful sign-in's slot back to its address", async () => {
    await createUser("Regular", "regular@example.com");
    const ip = "203.0.113.150";
    for (let i = 0; i < 40; i += 1) await verifyCredentials({ email: "regular@example.com", password }, { ip });
    expect(await hitsOf(`sign-in:ip:${ip}`)).toBe(0);
    expect(await hitsOf("sign-in:account:regular@example.com")).toBe(0);
  });

  it("remembers the addresses of successful sign-ins for 30 days, each sign-in forgetting a batch of older ones", async () => {
    const user = await createUser("Traveller", "traveller@example.com");
    const longAgo = new Date(Date.now() - 31 * 86_400_000);
    await prisma.signInAddress.createMany({ data: addresses("100.64", 10).map((ip) => ({ userId: user.id, ip, lastSignedInAt: longAgo })) });
    const old = () => prisma.signInAddress.count({ where: { lastSignedInAt: { lt: new Date(Date.now() - 30 * 86_400_000) } } });
    let remaining = await old();
    for (const ip of ["100.65.0.1", "100.65.0.2", "100.65.0.3"]) {
      await signIn("traveller@example.com", password, ip);
      expect(await old()).toBeLessThan(remaining);
      remaining = await old();
    }
    expect(remaining).toBe(0);
    expect((await prisma.signInAddress.findMany({ where: { userId: user.id } })).map((row) => row.ip).sort()).toEqual(["100.65.0.1", "100.65.0.2", "100.65.0.3"]);
  });

  it("limits failures per address across accounts, and the limit is kept in PostgreSQL", async () => {
    const ip = "203.0.113.200";
    for (let i = 0; i < 30; i += 1) {
      await expect(verifyCredentials({ email: `spray${i}@example.com`, password }, { ip })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    await createUser("Victim", "victim@example.com");
    await expect(verifyCredentials({ email: "victim@example.com", password }, { ip })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await hitsOf(`sign-in:ip:${ip}`)).toBe(30);

    // Once blocked, the address writes nothing more, however many accounts it tries.
    const rows = await prisma.rateLimitBucket.count();
    for (let i = 0; i < 200; i += 1) {
      await expect(verifyCredentials({ email: `more${i}@example.com`, password }, { ip })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    }
    expect(await prisma.rateLimitBucket.count()).toBe(rows);
    expect(await hitsOf(`sign-in:ip:${ip}`)).toBe(30);
  });
});
