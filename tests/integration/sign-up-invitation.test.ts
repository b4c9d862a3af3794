import { prisma } from "@/lib/db/client";
import { createInvitation } from "@/lib/services/invitations/manage";
import { signUp } from "@/lib/services/accounts";
import { signUpWithInvitation } from "@/lib/services/invitations/respond";
import { createTeam, expectUnchanged, snapshot } from "../helpers/factories";
import { hitsOf } from "../helpers/rate-limits";

const password = "correct horse battery";

const signUpFrom = (name: string, email: string, token: string) => signUpWithInvitation({ name, email, password }, token, { ip: null });

const tokenOf = (url: string) => url.split("/accept-invitation/")[1]!;

describe("creating an account from an invitation", () => {
  it("accepts it in the same transaction: the new user is a member with the invited role, in that organization", async () => {
    const { owner, organization } = await createTeam();
    const invitation = await createInvitation(owner, { email: "New.Hire@Example.com", role: "ADMIN" }, "http://app.test");
    const user = await signUpFrom("New Hire", "new.hire@example.com", tokenOf(invitation.url));
    const member = await prisma.member.findUniqueOrThrow({ where: { userId_organizationId: { userId: user.id, organizationId: organization.id } } });
    expect(member.role).toBe("ADMIN");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).activeOrganizationId).toBe(organization.id);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("ACCEPTED");
  });

  it("creates nothing at all when the email is not the invited one", async () => {
    const { owner } = await createTeam();
    const invitation = await createInvitation(owner, { email: "invited@example.com", role: "MEMBER" }, "http://app.test");
    await expectUnchanged(await snapshot(), () => signUpFrom("Intruder", "intruder@example.com", tokenOf(invitation.url)), "FORBIDDEN");
  });

  it("creates nothing when the invitation was cancelled meanwhile", async () => {
    const { owner } = await createTeam();
    const invitation = await createInvitation(owner, { email: "late@example.com", role: "MEMBER" }, "http://app.test");
    await prisma.invitation.update({ where: { id: invitation.id }, data: { status: "CANCELLED", cancelReason: "MANUAL" } });
    await expectUnchanged(await snapshot(), () => signUpFrom("Late", "late@example.com", tokenOf(invitation.url)), "CONFLICT");
  });
});

describe("the per-address sign-up limit and invitations", () => {
  // Each test signs up from an address of its own.
  let lastAddress = 70;
  const newOffice = () => {
    lastAddress += 1;
    const office = { ip: `198.51.100.${lastAddress}` };
    return { office, addressKey: `sign-up:ip:${office.ip}` };
  };

  // 51 password hashes: longer than most tests on a busy machine.
  it("doesn't count sign-ups through an active invitation: 30 from one address all join, and plain sign-ups still stop at 20", async () => {
    const { office, addressKey } = newOffice();
    const { owner, organization } = await createTeam();
    for (let i = 0; i < 30; i += 1) {
      const email = `kickoff-${i}@example.com`;
      const invitation = await createInvitation(owner, { email, role: "MEMBER" }, "http://app.test");
      await signUpWithInvitation({ name: `Kickoff ${i}`, email, password }, tokenOf(invitation.url), office);
    }
    expect(await prisma.member.count({ where: { organizationId: organization.id, user: { email: { startsWith: "kickoff-" } } } })).toBe(30);
    expect(await hitsOf(addressKey)).toBe(0);
    for (let i = 0; i < 20; i += 1) await signUp({ name: "Walk In", email: `walk-in-${i}@example.com`, password }, office);
    await expect(signUp({ name: "Walk In", email: "walk-in-20@example.com", password }, office)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: "Too many accounts created from this address. Try again later.",
    });
  }, 180_000);

  it("counts every attempt the invitation can't carry: a dead link, another email, a replay of a used link", async () => {
    const { office, addressKey } = newOffice();
    const { owner } = await createTeam();
    const invitation = await createInvitation(owner, { email: "replay@example.com", role: "MEMBER" }, "http://app.test");
    const token = tokenOf(invitation.url);
    await signUpWithInvitation({ name: "First", email: "replay@example.com", password }, token, office);
    expect(await hitsOf(addressKey)).toBe(0);
    // The link is used: signing up with it again, with the invited address or another, creates nothing and counts.
    const before = await snapshot();
    await expect(signUpWithInvitation({ name: "Again", email: "replay@example.com", password }, token, office)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(signUpWithInvitation({ name: "Other", email: "other@example.com", password }, token, office)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const dead = `inv_${"A".repeat(43)}`;
    await expect(signUpWithInvitation({ name: "Guess", email: "guess@example.com", password }, dead, office)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await snapshot()).toEqual(before);
    expect(await hitsOf(addressKey)).toBe(3);
  });

  it("makes one account per invitation, also when the same link is used twice at once", async () => {
    const { office } = newOffice();
    const { owner, organization } = await createTeam();
    const invitation = await createInvitation(owner, { email: "twice@example.com", role: "ADMIN" }, "http://app.test");
    const token = tokenOf(invitation.url);
    const results = await Promise.allSettled([
      signUpWithInvitation({ name: "Twice A", email: "twice@example.com", password }, token, office),
      signUpWithInvitation({ name: "Twice B", email: "twice@example.com", password }, token, office),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await prisma.user.count({ where: { email: "twice@example.com" } })).toBe(1);
    expect(await prisma.member.count({ where: { organizationId: organization.id, user: { email: "twice@example.com" } } })).toBe(1);
  });
});
