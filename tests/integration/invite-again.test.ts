import { prisma } from "@/lib/db/client";
import { acceptInvitation, rejectInvitation } from "@/lib/services/invitations/respond";
import { inviteAgain } from "@/lib/services/invitations/invite-again";
import { cancelInvitation, createInvitation } from "@/lib/services/invitations/manage";
import { createTeam, expectUnchanged, snapshot } from "../helpers/factories";
import { invitee, newEmail, origin, tokenOf } from "../helpers/invitations";

describe("Invite again", () => {
  it("makes a fresh invitation for the address and role of a rejected one, by whoever asks; the rejected one stays", async () => {
    const { owner, admin, organization } = await createTeam();
    const email = newEmail("again");
    const first = await createInvitation(owner, { email, role: "ADMIN" }, origin);
    await rejectInvitation(await invitee(email), { token: tokenOf(first.url) });

    const again = await inviteAgain(admin, { id: first.id }, origin);
    expect(again).toMatchObject({ email, role: "ADMIN", state: "ACTIVE", invitedBy: { id: admin.userId } });
    expect(again.id).not.toBe(first.id);
    expect(again.url).not.toBe(first.url);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("REJECTED");
    expect(await prisma.auditLog.count({ where: { organizationId: organization.id, action: "invitation.created", targetId: again.id, actorUserId: admin.userId } })).toBe(1);
    // The new link works.
    const person = await prisma.user.findUniqueOrThrow({ where: { email } });
    await acceptInvitation({ userId: person.id, name: person.name, email, ip: null }, { token: tokenOf(again.url) });
    expect(await prisma.member.count({ where: { organizationId: organization.id, userId: person.id, role: "ADMIN" } })).toBe(1);
  });

  it("works for cancelled and expired invitations (one stored as pending past its expiry too)", async () => {
    const { owner } = await createTeam();
    const cancelled = await createInvitation(owner, { email: newEmail("cancelled"), role: "MEMBER" }, origin);
    await cancelInvitation(owner, { id: cancelled.id });
    const expired = await createInvitation(owner, { email: newEmail("expired"), role: "MEMBER" }, origin);
    await prisma.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    for (const previous of [cancelled, expired]) {
      await expect(inviteAgain(owner, { id: previous.id }, origin)).resolves.toMatchObject({ email: previous.email, role: "MEMBER", state: "ACTIVE" });
    }
    // The expired row was still PENDING: it is stored as EXPIRED now, so the new one is the address's only pending invitation.
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: expired.id } })).status).toBe("EXPIRED");
  });

  it("is refused, changing nothing, where inviting would be: active or accepted ones, a member already, a second time, a Member, another organization", async () => {
    const { owner, member } = await createTeam();
    const other = await createTeam("Globex");
    const active = await createInvitation(owner, { email: newEmail("active"), role: "MEMBER" }, origin);
    const joinedEmail = newEmail("joined");
    const joined = await createInvitation(owner, { email: joinedEmail, role: "MEMBER" }, origin);
    await acceptInvitation(await invitee(joinedEmail), { token: tokenOf(joined.url) });
    const cancelled = await createInvitation(owner, { email: joinedEmail.replace("joined", "left"), role: "MEMBER" }, origin);
    await cancelInvitation(owner, { id: cancelled.id });
    const rejected = await createInvitation(owner, { email: newEmail("twice"), role: "MEMBER" }, origin);
    await rejectInvitation(await invitee(rejected.email), { token: tokenOf(rejected.url) });
    await inviteAgain(owner, { id: rejected.id }, origin);
    // Someone invited again who joined meanwhile through another invitation.
    const memberInvitation = await createInvitation(owner, { email: "mia-again@example.com", role: "MEMBER" }, origin);
    await cancelInvitation(owner, { id: memberInvitation.id });
    await prisma.user.update({ where: { id: member.userId }, data: { email: "mia-again@example.com" } });

    const before = await snapshot();
    const cases: [Promise<unknown>, object][] = [
      [inviteAgain(owner, { id: active.id }, origin), { code: "CONFLICT", message: "Only rejected, cancelled or expired invitations can be sent again as a new one. This invitation is active." }],
      [inviteAgain(owner, { id: joined.id }, origin), { code: "CONFLICT", message: expect.stringContaining("already been accepted") }],
      [inviteAgain(owner, { id: memberInvitation.id }, origin), { code: "CONFLICT", message: "mia-again@example.com is already a member of this organization." }],
      [inviteAgain(owner, { id: rejected.id }, origin), { code: "CONFLICT", message: expect.stringContaining(`An active invitation for ${rejected.email} already exists`) }],
      [inviteAgain(member, { id: cancelled.id }, origin), { code: "FORBIDDEN", message: "Only Owners and Admins can manage invitations." }],
      [inviteAgain(other.owner, { id: cancelled.id }, origin), { code: "NOT_FOUND", message: "Invitation not found." }],
      [inviteAgain(owner, { id: "nope" }, origin), { code: "VALIDATION" }],
    ];
    for (const [attempt, refusal] of cases) await expect(attempt).rejects.toMatchObject(refusal);
    expect(await snapshot()).toEqual(before);
    await expectUnchanged(before, () => inviteAgain(owner, { id: active.id }, origin), "CONFLICT");
  });
});
