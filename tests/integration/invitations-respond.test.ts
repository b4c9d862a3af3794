import { prisma } from "@/lib/db/client";
import { createInvitation, getInvitation } from "@/lib/services/invitations/manage";
import { acceptInvitation, lookupInvitation, rejectInvitation, signUpWithInvitation } from "@/lib/services/invitations/respond";
import { removeMember } from "@/lib/services/members";
import { listNotifications } from "@/lib/services/notifications";
import { fillBucket, hitsOf } from "../helpers/rate-limits";
import { actorFor, actorIn, createTeam, expectUnchanged, snapshot } from "../helpers/factories";
import { invitee, newEmail, origin, tokenOf } from "../helpers/invitations";

/** Answering an invitation (lib/services/invitations/respond.ts); managing them is invitations-manage.test.ts. */

describe("accepting and rejecting", () => {
  it("joins the organization with the invited role, makes it active and tells the inviter", async () => {
    const { owner, organization } = await createTeam();
    const email = newEmail("jane");
    const invitation = await createInvitation(owner, { email, role: "ADMIN" }, origin);
    const user = await invitee(email.toUpperCase(), "Jane");

    expect(await acceptInvitation(user, { token: tokenOf(invitation.url) })).toEqual({ organizationId: organization.id, role: "ADMIN" });
    const joined = await actorFor(user.userId);
    expect(joined).toMatchObject({ organizationId: organization.id, role: "ADMIN" });
    expect(await getInvitation(owner, { id: invitation.id })).toMatchObject({ state: "ACCEPTED", respondedAt: expect.any(Date) });
    expect((await listNotifications(owner)).data[0]).toMatchObject({
      type: "INVITATION_ACCEPTED",
      message: `Jane (${email}) accepted your invitation to Acme.`,
      read: false,
    });
    expect(await prisma.auditLog.findFirst({ where: { organizationId: organization.id, action: "invitation.accepted" } })).toMatchObject({
      actorUserId: user.userId,
      actorEmail: email,
      actorName: "Jane",
      ip: user.ip,
      targetId: invitation.id,
      details: { role: "ADMIN" },
    });
    const before = await snapshot();
    await expectUnchanged(before, () => acceptInvitation(user, { token: tokenOf(invitation.url) }), "CONFLICT");
    await expect(acceptInvitation(user, { token: tokenOf(invitation.url) })).rejects.toThrow("This invitation has already been accepted.");
  });

  it("refuses a link meant for another address, an expired or unknown one", async () => {
    const { owner } = await createTeam();
    const email = newEmail();
    const invitation = await createInvitation(owner, { email, role: "MEMBER" }, origin);
    const token = tokenOf(invitation.url);
    const stranger = await invitee(newEmail("stranger"));
    const before = await snapshot();
    await expectUnchanged(before, () => acceptInvitation(stranger, { token }), "FORBIDDEN");
    await expectUnchanged(before, () => rejectInvitation(stranger, { token }), "FORBIDDEN");
    await expect(acceptInvitation(stranger, { token })).rejects.toThrow("This invitation is for another email address.");
    await expectUnchanged(before, () => acceptInvitation(stranger, { token: `inv_${"A".repeat(43)}` }), "NOT_FOUND");
    await expectUnchanged(before, () => acceptInvitation(stranger, { token: "garbage" }), "NOT_FOUND");
    expect(await lookupInvitation("garbage", { ip: null })).toEqual({ kind: "not_found" });

    const user = await invitee(email);
    await prisma.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await lookupInvitation(token, { ip: null })).toMatchObject({ invitation: { state: "EXPIRED" } });
    await expectUnchanged(await snapshot(), () => acceptInvitation(user, { token }), "CONFLICT");
    await expect(acceptInvitation(user, { token })).rejects.toThrow("This invitation has expired.");
  });

  it("rejects: the inviter is told and the link can no longer be accepted", async () => {
    const { admin, organization } = await createTeam();
    const email = newEmail();
    const invitation = await createInvitation(admin, { email, role: "MEMBER" }, origin);
    const user = await invitee(email);
    expect(await rejectInvitation(user, { token: tokenOf(invitation.url) })).toEqual({ organizationId: organization.id, organizationName: "Acme" });
    expect(await getInvitation(admin, { id: invitation.id })).toMatchObject({ state: "REJECTED" });
    expect((await listNotifications(admin)).data[0]?.message).toBe(`Ivy Invitee (${email}) rejected your invitation to Acme.`);
    expect(await prisma.member.count({ where: { organizationId: organization.id, userId: user.userId } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { organizationId: organization.id, action: "invitation.rejected", actorUserId: user.userId } })).toBe(1);
    await expectUnchanged(await snapshot(), () => acceptInvitation(user, { token: tokenOf(invitation.url) }), "CONFLICT");
  });

  it("lets exactly one of concurrent accepts through", async () => {
    const { owner, organization } = await createTeam();
    const email = newEmail();
    const invitation = await createInvitation(owner, { email, role: "MEMBER" }, origin);
    const user = await invitee(email);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => acceptInvitation(user, { token: tokenOf(invitation.url) })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "CONFLICT" });
    }
    expect(await prisma.member.count({ where: { organizationId: organization.id, userId: user.userId } })).toBe(1);
    expect(await prisma.notification.count({ where: { userId: owner.userId } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { organizationId: organization.id, action: "invitation.accepted" } })).toBe(1);
  });

  it("never lowers the role of someone who became a member meanwhile, and raises a lower one", async () => {
    const { owner, organization } = await createTeam();
    const higherEmail = newEmail();
    const lowerEmail = newEmail();
    const asMember = await createInvitation(owner, { email: higherEmail, role: "MEMBER" }, origin);
    const asAdmin = await createInvitation(owner, { email: lowerEmail, role: "ADMIN" }, origin);
    const alreadyAdmin = await invitee(higherEmail);
    const alreadyMember = await invitee(lowerEmail);
    await prisma.member.createMany({
      data: [
        { organizationId: organization.id, userId: alreadyAdmin.userId, role: "ADMIN" },
        { organizationId: organization.id, userId: alreadyMember.userId, role: "MEMBER" },
      ],
    });
    expect(await acceptInvitation(alreadyAdmin, { token: tokenOf(asMember.url) })).toEqual({ organizationId: organization.id, role: "ADMIN" });
    expect(await acceptInvitation(alreadyMember, { token: tokenOf(asAdmin.url) })).toEqual({ organizationId: organization.id, role: "ADMIN" });
    expect(await prisma.member.count({ where: { organizationId: organization.id } })).toBe(5);
  });

  it("accepts while signing up, in the same transaction", async () => {
    const { owner, organization } = await createTeam();
    const email = newEmail();
    const invitation = await createInvitation(owner, { email, role: "MEMBER" }, origin);
    const token = tokenOf(invitation.url);
    const signUpWith = (address: string) => signUpWithInvitation({ name: "New Person", email: address, password: "correct horse battery" }, token, { ip: null });

    // A refused invitation undoes the whole sign-up.
    await expectUnchanged(await snapshot(), () => signUpWith(newEmail("other")), "FORBIDDEN");

    const user = await signUpWith(email.toUpperCase());
    expect(await actorFor(user.id)).toMatchObject({ organizationId: organization.id, role: "MEMBER", personalOrganizationId: user.personalOrganizationId });
    expect(await getInvitation(owner, { id: invitation.id })).toMatchObject({ state: "ACCEPTED" });
  });

  it("can invite again someone who was removed", async () => {
    const { owner, organization } = await createTeam();
    const email = newEmail();
    const user = await invitee(email);
    const first = await createInvitation(owner, { email, role: "ADMIN" }, origin);
    await acceptInvitation(user, { token: tokenOf(first.url) });
    await removeMember(await actorIn(owner.userId, organization.id), { userId: user.userId });
    const second = await createInvitation(owner, { email, role: "MEMBER" }, origin);
    expect(await acceptInvitation(user, { token: tokenOf(second.url) })).toEqual({ organizationId: organization.id, role: "MEMBER" });
  });

  it("limits invitation lookups per address", async () => {
    const { owner } = await createTeam();
    const invitation = await createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin);
    const token = tokenOf(invitation.url);
    for (let i = 0; i < 3; i += 1) await lookupInvitation(token, { ip: "192.0.2.50" });
    expect(await hitsOf("invitation-lookup:ip:192.0.2.50")).toBe(3);
    // Filled to the limit directly: 60 real lookups could straddle a minute boundary.
    await fillBucket("invitation-lookup:ip:192.0.2.50", 60);
    await expect(lookupInvitation(token, { ip: "192.0.2.50" })).rejects.toMatchObject({ code: "RATE_LIMITED", retryAfter: expect.any(Number) });
    await expect(lookupInvitation(token, { ip: "192.0.2.51" })).resolves.toMatchObject({ kind: "found" });
  });

  it("counts accepting and rejecting against the same per-address limit, changing nothing once it is reached", async () => {
    const { owner } = await createTeam();
    const email = newEmail();
    const user = { ...(await invitee(email)), ip: "192.0.2.60" };
    const invitation = await createInvitation(owner, { email, role: "MEMBER" }, origin);
    const made = `inv_${"A".repeat(43)}`;
    await expect(rejectInvitation(user, { token: made })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(acceptInvitation(user, { token: made })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await hitsOf(`invitation-lookup:ip:${user.ip}`)).toBe(2);
    await fillBucket(`invitation-lookup:ip:${user.ip}`, 60);
    const before = await snapshot();
    await expectUnchanged(before, () => acceptInvitation(user, { token: tokenOf(invitation.url) }), "RATE_LIMITED");
    await expectUnchanged(before, () => rejectInvitation(user, { token: tokenOf(invitation.url) }), "RATE_LIMITED");
    await expect(acceptInvitation({ ...user, ip: "192.0.2.61" }, { token: tokenOf(invitation.url) })).resolves.toMatchObject({ role: "MEMBER" });
  });
});
