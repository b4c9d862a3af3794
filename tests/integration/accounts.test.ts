import { prisma } from "@/lib/db/client";
import type { AppError } from "@/lib/errors";
import { INVALID_CREDENTIALS, signUp, verifyCredentials } from "@/lib/services/accounts";
import { createUser, expectUnchanged, snapshot } from "../helpers/factories";
import { hitsOf } from "../helpers/rate-limits";

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

  it("locks an account after 5 failures, even for the right password, without touching other accounts", async () => {
    await createUser("Target", "target@example.com");
    await createUser("Bystander", "bystander@example.com");
    for (let i = 0; i < 5; i += 1) {
      await expect(verifyCredentials({ email: "target@example.com", password: `wrong-${i}-password` }, { ip: `192.0.2.${i}` })).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
      });
    }
    await expect(verifyCredentials({ email: "target@example.com", password }, { ip: "192.0.2.99" })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    await expect(verifyCredentials({ email: "bystander@example.com", password }, { ip: "192.0.2.99" })).resolves.toBeDefined();
  });

  it("lets through at most 5 guesses for an account even when 25 arrive at the same moment", async () => {
    await createUser("Rushed", "rushed@example.com");
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) => verifyCredentials({ email: "rushed@example.com", password: `guess-${i}-password` }, { ip: `198.51.100.${i}` })),
    );
    const codes = results.map((result) => (result.status === "rejected" ? (result.reason as AppError).code : "SIGNED_IN"));
    expect(codes.filter((code) => code === "UNAUTHENTICATED")).toHaveLength(5);
    expect(codes.filter((code) => code === "RATE_LIMITED")).toHaveLength(20);
  });

  it("gives a successful sign-in's slot back to its address", async () => {
    await createUser("Regular", "regular@example.com");
    const ip = "203.0.113.150";
    for (let i = 0; i < 40; i += 1) await verifyCredentials({ email: "regular@example.com", password }, { ip });
    expect(await hitsOf(`sign-in:ip:${ip}`)).toBe(0);
  });

  it("limits failures per address across accounts, and the limit is kept in PostgreSQL", async () => {
    const ip = "203.0.113.200";
    for (let i = 0; i < 30; i += 1) {
      await expect(verifyCredentials({ email: `spray${i}@example.com`, password }, { ip })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    await createUser("Victim", "victim@example.com");
    await expect(verifyCredentials({ email: "victim@example.com", password }, { ip })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await hitsOf(`sign-in:ip:${ip}`)).toBe(30);
  });
});
