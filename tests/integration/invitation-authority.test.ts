import { prisma } from "@/lib/db/client";
import { cancelInvitation, createInvitation, getInvitation, resendInvitation } from "@/lib/services/invitations/manage";
import { acceptInvitation, lookupInvitation, rejectInvitation, signUpWithInvitation } from "@/lib/services/invitations/respond";
import { changeMemberRole, leaveOrganization, removeMember } from "@/lib/services/members";
import { lockOrganization } from "@/lib/services/access";
import type { Actor } from "@/lib/services/types";
import { actorIn, addMember, createApiKeyActor, createTeam, createUser, expectUnchanged, snapshot } from "../helpers/factories";
import { waitUntilWaitingForLocks } from "../helpers/locks";

/**
 * An invitation carries its inviter's authority: removing the inviter, their
 * leaving, or a role that may no longer invite at the invitation's role
 * cancels it in the same transaction, and answering re-checks it under the
 * organization lock.
 */

const ORIGIN = "https://teamhub.test";
const CANCELLED_FOR_INVITER = "This invitation was cancelled. The person who invited you can no longer invite you to this organization.";
const NO_LONGER_VALID = "This invitation is no longer valid. The person who invited you can no longer invite you to this organization.";

let emails = 0;
const newEmail = () => `invitee${++emails}-${Date.now()}@example.com`;
const tokenOf = (url: string) => url.split("/accept-invitation/")[1]!;

/** The signed-up person an invitation is for, as acceptInvitation sees them. */
async function invitee(email: string) {
  const user = await createUser("Ivy Invitee", email);
  return { userId: user.id, name: "Ivy Invitee", email: user.email, ip: null };
}

const stateOf = async (owner: Actor, id: string) => {
  const { state, cancelReason } = await getInvitation(owner, { id });
  return { state, cancelReason };
};

/** The organization's invitation.cancelled entries, by invitation id. */
const cancellationsIn = (organizationId: string) =>
  prisma.auditLog.findMany({
    where: { organizationId, action: "invitation.cancelled" },
    orderBy: { targetId: "asc" },
    select: { actorUserId: true, targetId: true, targetLabel: true, details: true },
  });

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

const membershipOf = (organizationId: string, userId: string) =>
  prisma.member.findUnique({ where: { userId_organizationId: { userId, organizationId } }, select: { role: true } });

describe("an inviter who is removed", () => {
  it("takes every invitation of theirs that could still be used or resent with them, audit-logged as the remover's; others' stay", async () => {
    const { owner, admin, organization } = await createTeam();
    const asAdmin = await createInvitation(admin, { email: newEmail(), role: "ADMIN" }, ORIGIN);
    const asMember = await createInvitation(admin, { email: newEmail(), role: "MEMBER" }, ORIGIN);
    const expired = await createInvitation(admin, { email: newEmail(), role: "MEMBER" }, ORIGIN);
    await prisma.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // Made through their API key: still theirs.
    const viaKey = await createInvitation((await createApiKeyActor(admin, "ADMIN")).actor, { email: newEmail(), role: "ADMIN" }, ORIGIN);
    const answered = await createInvitation(admin, { email: newEmail(), role: "ADMIN" }, ORIGIN);
    await acceptInvitation(await invitee(answered.email), { token: tokenOf(answered.url) });
    const byOwner = await createInvitation(owner, { email: newEmail(), role: "ADMIN" }, ORIGIN);

    await removeMember(owner, { userId: admin.userId });

    const cancelled = [asAdmin, asMember, expired, viaKey];
    for (const invitation of cancelled) {
      expect(await stateOf(owner, invitation.id)).toEqual({ state: "CANCELLED", cancelReason: "INVITER_REMOVED" });
    }
    expect(await stateOf(owner, answered.id)).toEqual({ state: "ACCEPTED", cancelReason: null });
    expect(await stateOf(owner, byOwner.id)).toEqual({ state: "ACTIVE", cancelReason: null });
    expect(await cancellationsIn(organization.id)).toEqual(
      byId(cancelled).map((invitation) => ({
        actorUserId: owner.userId,
        targetId: invitation.id,
        targetLabel: invitation.email,
        details: { role: invitation.role, reason: "inviter_removed" },
      })),
    );

    // The link is dead and says why; the page shows it cancelled, with the reason.
    const token = tokenOf(asAdmin.url);
    const user = await invitee(asAdmin.email);
    await expectUnchanged(await snapshot(), () => acceptInvitation(user, { token }), "CONFLICT");
    await expect(acceptInvitation(user, { token })).rejects.toThrow(CANCELLED_FOR_INVITER);
    expect(await lookupInvitation(token, { ip: null })).toMatchObject({ invitation: { state: "CANCELLED", cancelReason: "INVITER_REMOVED" } });

    // For good: it can't be resent, and inviting the inviter back doesn't revive it.
    await expectUnchanged(await snapshot(), () => resendInvitation(owner, { id: asAdmin.id }, ORIGIN), "CONFLICT");
    await addMember(organization.id, admin.userId, "ADMIN");
    await expect(acceptInvitation(user, { token })).rejects.toThrow(CANCELLED_FOR_INVITER);
  });

  it("can't have an invitation superseded before the removal resent", async () => {
    const { owner, admin } = await createTeam();
    const email = newEmail();
    const first = await createInvitation(admin, { email, role: "MEMBER" }, ORIGIN);
    await prisma.invitation.update({ where: { id: first.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // Superseded: stored EXPIRED, so the removal leaves it as it is.
    const second = await createInvitation(owner, { email, role: "MEMBER" }, ORIGIN);
    await removeMember(owner, { userId: admin.userId });
    await cancelInvitation(owner, { id: second.id });
    expect(await stateOf(owner, first.id)).toEqual({ state: "EXPIRED", cancelReason: null });

    await expectUnchanged(await snapshot(), () => resendInvitation(owner, { id: first.id }, ORIGIN), "CONFLICT");
    await expect(resendInvitation(owner, { id: first.id }, ORIGIN)).rejects.toThrow(
      `Adam Admin, who made this invitation, can no longer invite as Member, so it can't be resent. Invite ${email} again instead.`,
    );
  });
});

describe("an inviter who leaves", () => {
  it("takes their invitations with them, audit-logged as theirs", async () => {
    const { owner, admin, organization } = await createTeam();
    const invitation = await createInvitation(admin, { email: newEmail(), role: "ADMIN" }, ORIGIN);
    const byOwner = await createInvitation(owner, { email: newEmail(), role: "MEMBER" }, ORIGIN);

    await leaveOrganization(admin);

    expect(await stateOf(owner, invitation.id)).toEqual({ state: "CANCELLED", cancelReason: "INVITER_LEFT" });
    expect(await stateOf(owner, byOwner.id)).toEqual({ state: "ACTIVE", cancelReason: null });
    expect(await cancellationsIn(organization.id)).toEqual([
      { actorUserId: admin.userId, targetId: invitation.id, targetLabel: invitation.email, details: { role: "ADMIN", reason: "inviter_left" } },
    ]);
    const user = await invitee(invitation.email);
    await expectUnchanged(await snapshot(), () => acceptInvitation(user, { token: tokenOf(invitation.url) }), "CONFLICT");
    expect(await membershipOf(organization.id, user.userId)).toBeNull();
  });
});

describe("an inviter whose role changes", () => {
  it("Admin → Member: all their invitations are cancelled (a Member may invite nobody), audit-logged as whoever changed the role", async () => {
    const { owner, admin, organization } = await createTeam();
    const asAdmin = await createInvitation(admin, { email: newEmail(), role: "ADMIN" }, ORIGIN);
    const asMember = await createInvitation(admin, { email: newEmail(), role: "MEMBER" }, ORIGIN);

    await changeMemberRole(owner, { userId: admin.userId, role: "MEMBER" });

    for (const invitation of [asAdmin, asMember]) {
      expect(await stateOf(owner, invitation.id)).toEqual({ state: "CANCELLED", cancelReason: "INVITER_ROLE_CHANGED" });
    }
    expect(await cancellationsIn(organization.id)).toEqual(
      byId([asAdmin, asMember]).map((invitation) => ({
        actorUserId: owner.userId,
        targetId: invitation.id,
        targetLabel: invitation.email,
        details: { role: invitation.role, reason: "inviter_role_changed" },
      })),
    );
    // Getting the role back doesn't revive them.
    await changeMemberRole(owner, { userId: admin.userId, role: "ADMIN" });
    const user = await invitee(asAdmin.email);
    await expect(acceptInvitation(user, { token: tokenOf(asAdmin.url) })).rejects.toThrow(CANCELLED_FOR_INVITER);
    expect(await membershipOf(organization.id, user.userId)).toBeNull();
  });

  it("Owner → Admin keeps their Admin and Member invitations, which Admins may make; Admin → Member then cancels them", async () => {
    const { owner, organization } = await createTeam();
    const second = await createUser("Oscar Owner");
    await addMember(organization.id, second.id, "OWNER");
    const coOwner = await actorIn(second.id, organization.id);
    const asAdmin = await createInvitation(coOwner, { email: newEmail(), role: "ADMIN" }, ORIGIN);
    const asMember = await createInvitation(coOwner, { email: newEmail(), role: "MEMBER" }, ORIGIN);

    await changeMemberRole(owner, { userId: coOwner.userId, role: "ADMIN" });
    for (const invitation of [asAdmin, asMember]) expect(await stateOf(owner, invitation.id)).toEqual({ state: "ACTIVE", cancelReason: null });
    expect(await cancellationsIn(organization.id)).toEqual([]);
    const user = await invitee(asAdmin.email);
    expect(await acceptInvitation(user, { token: tokenOf(asAdmin.url) })).toEqual({ organizationId: organization.id, role: "ADMIN" });

    await changeMemberRole(owner, { userId: coOwner.userId, role: "MEMBER" });
    expect(await stateOf(owner, asMember.id)).toEqual({ state: "CANCELLED", cancelReason: "INVITER_ROLE_CHANGED" });
    expect(await stateOf(owner, asAdmin.id)).toEqual({ state: "ACCEPTED", cancelReason: null });
  });
});

describe("accepting while the inviter is removed", () => {
  /**
   * Holds the organization's row, as a write under way does, starts `first`
   * and then `second` once PostgreSQL reports `first` waiting for it (so
   * `first` is ahead in the queue), then lets both go. Returns both outcomes.
   */
  async function queuedBehindTheOrganization(organizationId: string, first: () => Promise<unknown>, second: () => Promise<unknown>) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = prisma.$transaction(async (tx) => {
      await lockOrganization(tx, organizationId);
      locked();
      await released;
    });
    const settled = (operation: Promise<unknown>) =>
      operation.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
    try {
      await Promise.race([isLocked, holder]);
      const firstOutcome = settled(first());
      await waitUntilWaitingForLocks(1);
      const secondOutcome = settled(second());
      await waitUntilWaitingForLocks(2);
      release();
      await holder;
      return [await firstOutcome, await secondOutcome] as const;
    } finally {
      release();
    }
  }

  it("whoever takes the organization's row first wins: the removal cancels the link, or the accept joins and the removal leaves it accepted", async () => {
    // The removal first: the accept, waiting behind it, finds the invitation cancelled.
    const first = await createTeam();
    const lost = await createInvitation(first.admin, { email: newEmail(), role: "ADMIN" }, ORIGIN);
    const lateUser = await invitee(lost.email);
    const [removal, lateAccept] = await queuedBehindTheOrganization(
      first.organization.id,
      () => removeMember(first.owner, { userId: first.admin.userId }),
      () => acceptInvitation(lateUser, { token: tokenOf(lost.url) }),
    );
    expect(removal).toEqual({ value: { userId: first.admin.userId, name: "Adam Admin" } });
    expect(lateAccept).toEqual({ error: expect.objectContaining({ code: "CONFLICT", message: expect.stringContaining(CANCELLED_FOR_INVITER) }) });
    expect(await membershipOf(first.organization.id, lateUser.userId)).toBeNull();
    expect(await stateOf(first.owner, lost.id)).toEqual({ state: "CANCELLED", cancelReason: "INVITER_REMOVED" });

    // The accept first: it joins with the role the inviter could still grant, and the removal then finds nothing to cancel.
    const second = await createTeam();
    const kept = await createInvitation(second.admin, { email: newEmail(), role: "ADMIN" }, ORIGIN);
    const earlyUser = await invitee(kept.email);
    const [earlyAccept, laterRemoval] = await queuedBehindTheOrganization(
      second.organization.id,
      () => acceptInvitation(earlyUser, { token: tokenOf(kept.url) }),
      () => removeMember(second.owner, { userId: second.admin.userId }),
    );
    expect(earlyAccept).toEqual({ value: { organizationId: second.organization.id, role: "ADMIN" } });
    expect(laterRemoval).toEqual({ value: { userId: second.admin.userId, name: "Adam Admin" } });
    expect(await membershipOf(second.organization.id, earlyUser.userId)).toEqual({ role: "ADMIN" });
    expect(await stateOf(second.owner, kept.id)).toEqual({ state: "ACCEPTED", cancelReason: null });
    expect(await cancellationsIn(second.organization.id)).toEqual([]);
  });
});

describe("signing up with the link of an inviter who was removed", () => {
  it("creates nothing at all", async () => {
    const { owner, admin } = await createTeam();
    const email = newEmail();
    const invitation = await createInvitation(admin, { email, role: "ADMIN" }, ORIGIN);
    await removeMember(owner, { userId: admin.userId });
    const signUp = () => signUpWithInvitation({ name: "New Person", email, password: "correct horse battery" }, tokenOf(invitation.url), { ip: null });
    await expectUnchanged(await snapshot(), signUp, "CONFLICT");
    await expect(signUp()).rejects.toThrow(CANCELLED_FOR_INVITER);
  });
});

describe("answering re-checks the inviter's authority under the organization lock", () => {
  it("refuses accepting, rejecting, signing up and resending while the inviter may not invite at the role, for rows that predate cancelling", async () => {
    const { owner, admin, organization } = await createTeam();
    const email = newEmail();
    const invitation = await createInvitation(admin, { email, role: "ADMIN" }, ORIGIN);
    const forNewcomer = await createInvitation(admin, { email: newEmail(), role: "MEMBER" }, ORIGIN);
    // As before invitations followed their inviter: demoted, the invitations left active.
    await prisma.member.update({ where: { userId_organizationId: { userId: admin.userId, organizationId: organization.id } }, data: { role: "MEMBER" } });

    const token = tokenOf(invitation.url);
    const user = await invitee(email);
    const before = await snapshot();
    await expectUnchanged(before, () => acceptInvitation(user, { token }), "CONFLICT");
    await expect(acceptInvitation(user, { token })).rejects.toThrow(NO_LONGER_VALID);
    await expectUnchanged(before, () => rejectInvitation(user, { token }), "CONFLICT");
    const signUp = () =>
      signUpWithInvitation({ name: "New Person", email: forNewcomer.email, password: "correct horse battery" }, tokenOf(forNewcomer.url), { ip: null });
    await expectUnchanged(before, signUp, "CONFLICT");
    await expectUnchanged(before, () => resendInvitation(owner, { id: invitation.id }, ORIGIN), "CONFLICT");
    await expect(resendInvitation(owner, { id: invitation.id }, ORIGIN)).rejects.toThrow(
      "Adam Admin, who made this invitation, can no longer invite as Admin, so it can't be resent.",
    );

    // Nothing cancelled it, so with the authority back it works.
    await prisma.member.update({ where: { userId_organizationId: { userId: admin.userId, organizationId: organization.id } }, data: { role: "ADMIN" } });
    expect(await acceptInvitation(user, { token })).toEqual({ organizationId: organization.id, role: "ADMIN" });
  });

  it("treats an inviter whose account is gone as having no authority left", async () => {
    const { admin } = await createTeam();
    const invitation = await createInvitation(admin, { email: newEmail(), role: "MEMBER" }, ORIGIN);
    await prisma.user.delete({ where: { id: admin.userId } });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).invitedById).toBeNull();
    const user = await invitee(invitation.email);
    await expectUnchanged(await snapshot(), () => acceptInvitation(user, { token: tokenOf(invitation.url) }), "CONFLICT");
    await expect(acceptInvitation(user, { token: tokenOf(invitation.url) })).rejects.toThrow(NO_LONGER_VALID);
  });
});
