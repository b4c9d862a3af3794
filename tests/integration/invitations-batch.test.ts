import { prisma } from "@/lib/db/client";
import { inviteMany } from "@/lib/services/invitations/batch";
import { cancelInvitation, createInvitation } from "@/lib/services/invitations/manage";
import { changeMemberRole } from "@/lib/services/members";
import { acceptInvitation } from "@/lib/services/invitations/respond";
import { MAX_INVITATIONS_PER_BATCH, RATE_LIMITS } from "@/lib/config/fixed-limits";
import { createTeam, expectUnchanged, snapshot } from "../helpers/factories";
import { fillBucket } from "../helpers/rate-limits";
import { invitee, newEmail, origin, tokenOf } from "../helpers/invitations";

/** Invite members (Account → Members) and POST /invitations/batch: many addresses, one transaction each, an answer per address. */

/** Sends recorded in the audit log, as createInvitation and resendInvitation count them for the hourly limit. */
async function recordSends(organizationId: string, count: number) {
  await prisma.auditLog.createMany({
    data: Array.from({ length: count }, (_, index) => ({
      organizationId,
      action: "invitation.created",
      actorName: "Olivia Owner",
      createdAt: new Date(Date.now() - 30 * 60_000 + index * 1000),
    })),
  });
}

describe("inviting many addresses at once", () => {
  it("answers each address once, in order: invited, repeated, already a member, already invited, invalid", async () => {
    const { owner, users, organization } = await createTeam();
    const [ada, grace] = [newEmail("ada"), newEmail("grace")];
    const pending = await createInvitation(owner, { email: newEmail("pending"), role: "ADMIN" }, origin);

    const outcomes = await inviteMany(
      owner,
      { emails: [` ${ada} `, users.member.email.toUpperCase(), ada.toUpperCase(), pending.email, "not-an-address", grace, ""], role: "ADMIN", expiresInDays: 3 },
      origin,
    );

    expect(outcomes.map(({ email, status }) => [email, status])).toEqual([
      [ada, "invited"],
      [users.member.email, "already_member"],
      [pending.email, "already_invited"],
      ["not-an-address", "invalid"],
      [grace, "invited"],
      ["", "invalid"],
    ]);
    const [invitedAda, member, alreadyInvited, invalid, invitedGrace, empty] = outcomes;
    for (const invited of [invitedAda, invitedGrace]) {
      if (invited?.status !== "invited") throw new Error("not invited");
      expect(invited.invitation).toMatchObject({ role: "ADMIN", state: "ACTIVE", invitedBy: { id: owner.userId } });
      expect(invited.invitation.url).toMatch(/^https:\/\/teamhub\.example\/accept-invitation\/inv_/);
      expect(invited.invitation.expiresAt.getTime() - Date.now()).toBeGreaterThan(3 * 86_400_000 - 60_000);
    }
    expect(member).toMatchObject({ problem: { code: "CONFLICT", message: `${users.member.email} is already a member of this organization.` } });
    // The address's active invitation, for Resend.
    expect(alreadyInvited).toMatchObject({ invitation: { id: pending.id, state: "ACTIVE" }, problem: { code: "CONFLICT" } });
    expect(invalid).toMatchObject({ problem: { code: "VALIDATION", message: "Enter a valid email address, like name@example.com." } });
    expect(empty).toMatchObject({ problem: { code: "VALIDATION" } });

    // Exactly the two new invitations exist, each with its own audit entry, and their links work.
    const rows = await prisma.invitation.findMany({ where: { organizationId: organization.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((row) => row.email)).toEqual([pending.email, ada, grace]);
    expect(await prisma.auditLog.count({ where: { organizationId: organization.id, action: "invitation.created" } })).toBe(3);
    if (invitedAda?.status !== "invited") throw new Error("not invited");
    const person = await invitee(ada);
    await expect(acceptInvitation(person, { token: tokenOf(invitedAda.invitation.url) })).resolves.toMatchObject({ role: "ADMIN" });
  });

  it("keeps going past refusals: the hourly limit hit midway refuses the rest with its message, and what went before stays", async () => {
    const { admin, organization } = await createTeam();
    await recordSends(organization.id, 48);
    const emails = [newEmail(), "bad@", newEmail(), newEmail(), newEmail()];

    const outcomes = await inviteMany(admin, { emails, role: "MEMBER" }, origin);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(["invited", "invalid", "invited", "refused", "refused"]);
    for (const refused of outcomes.slice(3)) {
      expect(refused).toMatchObject({
        problem: { code: "RATE_LIMITED", message: expect.stringMatching(/^This organization sent 50 invitations in the last hour, the most allowed\. Try again in \d+ minutes\.$/) },
      });
      if (refused.status !== "refused") throw new Error("not refused");
      expect(refused.problem.retryAfter).toBeGreaterThan(0);
    }
    expect((await prisma.invitation.findMany({ where: { organizationId: organization.id } })).map((row) => row.email).sort()).toEqual(
      [emails[0], emails[2]].sort(),
    );
  });

  it("refuses addresses past the organization's 100 active invitations, telling them apart from addresses already invited", async () => {
    const { owner, organization } = await createTeam();
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    const invited = await createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin);
    await prisma.invitation.createMany({
      data: Array.from({ length: 99 }, (_, index) => ({
        organizationId: organization.id,
        email: `cap-${index}-${Date.now()}@example.com`,
        role: "MEMBER" as const,
        tokenHash: `hash-${index}-${Math.random()}`,
        tokenCiphertext: "sealed",
        createdAt: twoHoursAgo,
        expiresAt: new Date(Date.now() + 86_400_000),
        invitedById: owner.userId,
        invitedByName: owner.name,
        invitedByEmail: owner.email,
      })),
    });

    const [over, again] = await inviteMany(owner, { emails: [newEmail(), invited.email], role: "MEMBER" }, origin);

    expect(over).toMatchObject({ status: "refused", problem: { code: "CONFLICT", message: "This organization has 100 active invitations, the most allowed. Cancel some first." } });
    expect(again).toMatchObject({ status: "already_invited", invitation: { id: invited.id } });
  });

  it("with email on, emails each address, and an address that had its emails for the hour is refused with that limit's message", async () => {
    const { owner } = await createTeam();
    const [flooded, fresh] = [newEmail(), newEmail()];
    await fillBucket(`invitation-email:${flooded}`, RATE_LIMITS.invitationEmailsPerRecipient.limit, RATE_LIMITS.invitationEmailsPerRecipient.windowSeconds);
    process.env.SMTP_URL = "smtp://127.0.0.1:9";
    try {
      const [refused, emailed] = await inviteMany(owner, { emails: [flooded, fresh], role: "MEMBER" }, origin);
      expect(refused).toMatchObject({ status: "refused", problem: { code: "RATE_LIMITED", message: expect.stringContaining(`${flooded} was sent 5 invitation emails in the last hour`) } });
      expect(emailed).toMatchObject({ status: "invited", invitation: { emailStatus: "QUEUED" } });
      // Links only, as asked: nothing to refuse.
      const [linkOnly] = await inviteMany(owner, { emails: [flooded], role: "MEMBER", sendEmail: false }, origin);
      expect(linkOnly).toMatchObject({ status: "invited", invitation: { emailStatus: null } });
    } finally {
      delete process.env.SMTP_URL;
    }
  });

  it("invites again an address whose invitation expired or was cancelled", async () => {
    const { owner } = await createTeam();
    const expired = await createInvitation(owner, { email: newEmail(), role: "MEMBER", expiresInDays: 1 }, origin);
    await prisma.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const cancelled = await createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin);
    await cancelInvitation(owner, { id: cancelled.id });

    const outcomes = await inviteMany(owner, { emails: [expired.email, cancelled.email], role: "MEMBER" }, origin);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["invited", "invited"]);
  });

  it("refuses the whole batch, creating nothing, for a Member, for Owner invitations, for email the server can't send and past the cap", async () => {
    const { owner, admin, member } = await createTeam();
    const before = await snapshot();
    await expectUnchanged(before, () => inviteMany(member, { emails: [newEmail(), "not-an-address"], role: "MEMBER" }, origin), "FORBIDDEN");
    await expectUnchanged(before, () => inviteMany(admin, { emails: [newEmail()], role: "OWNER" as "ADMIN" }, origin), "VALIDATION");
    await expectUnchanged(before, () => inviteMany(owner, { emails: [newEmail()], role: "MEMBER", sendEmail: true }, origin), "CONFLICT");
    await expectUnchanged(before, () => inviteMany(owner, { emails: [], role: "MEMBER" }, origin), "VALIDATION");
    const tooMany = Array.from({ length: MAX_INVITATIONS_PER_BATCH + 1 }, () => newEmail());
    const error = await inviteMany(owner, { emails: tooMany, role: "MEMBER" }, origin).catch((e) => e);
    expect(error).toMatchObject({ code: "VALIDATION", fieldErrors: { emails: [`Invite at most ${MAX_INVITATIONS_PER_BATCH} addresses at a time.`] } });
    await expectUnchanged(before, () => inviteMany(owner, { emails: [newEmail()], role: "MEMBER", expiresInDays: 31 }, origin), "VALIDATION");
    expect(await snapshot()).toEqual(before);
  });

  it("invites as many as the batch allows, each in its own transaction", async () => {
    const { owner, organization } = await createTeam();
    const emails = Array.from({ length: MAX_INVITATIONS_PER_BATCH }, () => newEmail());
    const outcomes = await inviteMany(owner, { emails, role: "MEMBER" }, origin);
    // The hourly limit (50) stops the second half; each refused address says so.
    expect(outcomes.filter((outcome) => outcome.status === "invited")).toHaveLength(50);
    expect(outcomes.slice(50).every((outcome) => outcome.status === "refused" && outcome.problem.code === "RATE_LIMITED")).toBe(true);
    expect(await prisma.invitation.count({ where: { organizationId: organization.id } })).toBe(50);
  });

  it("refuses the whole batch, creating nothing, when the inviter lost the right to invite before it began", async () => {
    const { owner, admin } = await createTeam();
    await changeMemberRole(owner, { userId: admin.userId, role: "MEMBER" });
    const before = await snapshot();
    // `admin` is the actor as the request resolved it, an Admin; the database now says Member.
    await expectUnchanged(before, () => inviteMany(admin, { emails: ["not-an-address", newEmail()], role: "MEMBER" }, origin), "FORBIDDEN");
  });

  it("answers the addresses done when the inviter loses the right to invite midway, and refuses the rest with that reason", async () => {
    const { admin, organization } = await createTeam();
    const [first, second, third] = [newEmail(), newEmail(), newEmail()];
    // A demotion committed with the first address's invitation, as one coming between two addresses would be.
    await prisma.$executeRawUnsafe(
      `CREATE FUNCTION demote_inviter() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
         UPDATE members SET role = 'MEMBER' WHERE user_id = '${admin.userId}' AND organization_id = '${organization.id}'; RETURN NEW;
       END $$`,
    );
    await prisma.$executeRawUnsafe(`CREATE TRIGGER demote_inviter AFTER INSERT ON invitations FOR EACH ROW WHEN (NEW.email = '${first}') EXECUTE FUNCTION demote_inviter()`);
    try {
      const outcomes = await inviteMany(admin, { emails: [first, second, "not-an-address", third], role: "MEMBER" }, origin);
      expect(outcomes.map(({ email, status }) => [email, status])).toEqual([
        [first, "invited"],
        [second, "refused"],
        ["not-an-address", "invalid"],
        [third, "refused"],
      ]);
      for (const refused of [outcomes[1], outcomes[3]]) {
        expect(refused).toMatchObject({ problem: { code: "FORBIDDEN", message: "Only Owners and Admins can manage invitations." } });
      }
      expect((await prisma.invitation.findMany({ where: { organizationId: organization.id } })).map((row) => row.email)).toEqual([first]);
    } finally {
      await prisma.$executeRawUnsafe("DROP TRIGGER demote_inviter ON invitations");
      await prisma.$executeRawUnsafe("DROP FUNCTION demote_inviter");
    }
  });
});
