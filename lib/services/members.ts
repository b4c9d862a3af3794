import "server-only";
import { z } from "zod";
import { prisma, query, type Tx } from "@/lib/db/client";
import { conflict, forbidden } from "@/lib/errors";
import { Prisma, type InvitationCancelReason } from "@/lib/generated/prisma/client";
import { decodeCursor, pageLimit, pageOf } from "@/lib/pagination";
import { can, invitableRoles, leaveRefusal, REFUSALS, removalRefusal, roleChangeRefusal, type Role } from "@/lib/permissions";
import { idSchema, parseInput, roleSchema } from "@/lib/validation";
import { recordAudit, recordAudits } from "./audit";
import { emitApiKeyEvents, emitEvent, emitInvitationEvents } from "./events/emit";
import { notify } from "./notifications";
import { authorize, lockForWrite, type LockedMember } from "./access";
import { disableEndpointsOf } from "./webhooks/endpoints";
import type { Actor } from "./types";

export type MemberView = {
  userId: string;
  name: string;
  /** Null unless the actor may read other members' private details, or it is the actor. */
  email: string | null;
  role: Role;
  joinedAt: Date;
  lastActiveAt: Date | null;
  /** Whether they confirmed their address by email; null where the email itself is hidden. */
  emailVerified: boolean | null;
};

export const listMembersInput = z.object({
  q: z.string().trim().max(200).optional(),
  cursor: z.string().optional(),
  limit: pageLimit,
});
export const changeMemberRoleInput = z.object({ userId: idSchema, role: roleSchema });
export const removeMemberInput = z.object({ userId: idSchema });

/** A member row as the list reads it, and as lockForWrite locks it. */
type MemberRow = LockedMember;

const memberCursor = z.object({ joinedAt: z.iso.datetime(), id: z.uuid() });

export function viewOf(viewer: { userId: string; role: Role }, row: MemberRow): MemberView {
  const open = row.userId === viewer.userId || can(viewer.role, "member:read-private");
  return {
    userId: row.userId,
    name: row.name,
    email: open ? row.email : null,
    role: row.role,
    joinedAt: row.joinedAt,
    lastActiveAt: open ? row.lastActiveAt : null,
    emailVerified: open ? row.emailVerified : null,
  };
}

/**
 * A member who leaves or is removed loses the organization's API keys they
 * made: revoked for good (each audit-logged), so being invited back later
 * doesn't bring them back to life.
 */
async function revokeApiKeysOf(tx: Tx, actor: Actor, userId: string, reason: "creator removed" | "creator left") {
  const revoked = await tx.$queryRaw<{ id: string; name: string; role: Role }[]>`
    UPDATE api_keys SET revoked_at = now()
    WHERE organization_id = ${actor.organizationId}::uuid AND created_by_id = ${userId}::uuid AND revoked_at IS NULL
    RETURNING id, name, role::text AS role`;
  await recordAudits(
    tx,
    actor,
    revoked.map((key) => ({
      organizationId: actor.organizationId,
      action: "api_key.revoked" as const,
      target: { type: "api_key", id: key.id, label: key.name },
      details: { role: key.role, reason },
    })),
  );
  await emitApiKeyEvents(tx, actor.organizationId, "api_key.revoked", revoked.map((key) => key.id));
}

/**
 * An invitation carries its inviter's authority (one made through an API key
 * is its creator's). When the inviter is removed, leaves, or gets a role that
 * may no longer invite at an invitation's role, those of their invitations that
 * could still be accepted or resent (pending, expired or not) are cancelled
 * with the reason, each audit-logged, in the transaction of that change.
 * `stillInvitable`: the roles the inviter may still invite at.
 */
async function cancelInvitationsOf(
  tx: Tx,
  actor: Actor,
  inviterId: string,
  reason: Exclude<InvitationCancelReason, "MANUAL" | "INVITER_NOT_A_MEMBER">,
  stillInvitable: Role[] = [],
) {
  const cancelled = await tx.invitation.updateManyAndReturn({
    where: { organizationId: actor.organizationId, invitedById: inviterId, status: "PENDING", role: { notIn: stillInvitable } },
    data: { status: "CANCELLED", cancelReason: reason },
    select: { id: true, email: true, role: true },
  });
  await recordAudits(
    tx,
    actor,
    cancelled.map((invitation) => ({
      organizationId: actor.organizationId,
      action: "invitation.cancelled" as const,
      target: { type: "invitation", id: invitation.id, label: invitation.email },
      details: { role: invitation.role, reason: reason.toLowerCase() },
    })),
  );
  await emitInvitationEvents(tx, actor.organizationId, "invitation.cancelled", cancelled.map((invitation) => invitation.id));
}

/** Someone who leaves their active organization lands in their personal one. */
async function moveToPersonalOrganization(tx: Tx, userId: string, organizationId: string) {
  await tx.$executeRaw`
    UPDATE users SET active_organization_id = (SELECT id FROM organizations WHERE personal_owner_id = users.id)
    WHERE id = ${userId}::uuid AND active_organization_id = ${organizationId}::uuid`;
}

/**
 * Members in joining order, a page at a time (keyset on joined_at, id: no
 * OFFSET or COUNT, so it stays fast for large organizations). `q` matches
 * names, and emails for those allowed to see them.
 */
export async function listMembers(
  actor: Actor,
  input: z.input<typeof listMembersInput> = {},
): Promise<{ data: MemberView[]; nextCursor: string | null }> {
  const { q, cursor, limit } = parseInput(listMembersInput, input);
  authorize(actor, "member:list");
  const after = cursor ? decodeCursor(memberCursor, cursor) : null;
  const pattern = q ? `%${q.replace(/[\\%_]/g, "\\$&")}%` : null;
  const search = !pattern
    ? Prisma.empty
    : can(actor.role, "member:read-private")
      ? Prisma.sql`AND (u.name ILIKE ${pattern} OR u.email ILIKE ${pattern})`
      : Prisma.sql`AND u.name ILIKE ${pattern}`;
  const rows = await query<MemberRow>(Prisma.sql`
    SELECT m.id, m.user_id AS "userId", m.role::text AS role, u.name, u.email,
           m.joined_at AS "joinedAt", m.last_active_at AS "lastActiveAt", u.email_verified_at IS NOT NULL AS "emailVerified"
    FROM members m JOIN users u ON u.id = m.user_id
    WHERE m.organization_id = ${actor.organizationId}::uuid
      ${after ? Prisma.sql`AND (m.joined_at, m.id) > (${after.joinedAt}::timestamptz, ${after.id}::uuid)` : Prisma.empty}
      ${search}
    ORDER BY m.joined_at, m.id
    LIMIT ${limit + 1}`);
  const page = pageOf(rows, limit, (row) => ({ joinedAt: row.joinedAt.toISOString(), id: row.id }));
  return { data: page.data.map((row) => viewOf(actor, row)), nextCursor: page.nextCursor };
}

/** Changes another member's role; the member is notified. Setting the role they already have changes nothing. */
export async function changeMemberRole(actor: Actor, input: z.input<typeof changeMemberRoleInput>): Promise<MemberView> {
  const { userId, role } = parseInput(changeMemberRoleInput, input);
  return prisma.$transaction(async (tx) => {
    const { organization, role: actorRole, target, owners } = await lockForWrite(tx, actor, "member:change-role", { userId });
    const viewer = { userId: actor.userId, role: actorRole };
    const refusal = roleChangeRefusal(viewer, target, role);
    if (refusal) throw forbidden(refusal);
    if (target.role === role) return viewOf(viewer, target);
    if (organization.personalOwnerId === target.userId) throw forbidden(REFUSALS.personalOwnerRole);
    if (target.role === "OWNER" && owners <= 1) throw conflict(REFUSALS.lastOwner);
    await tx.member.update({ where: { id: target.id }, data: { role } });
    await cancelInvitationsOf(tx, actor, target.userId, "INVITER_ROLE_CHANGED", invitableRoles(role));
    if (!can(role, "webhook:manage")) await disableEndpointsOf(tx, actor, organization, target.userId, "CREATOR_ROLE_CHANGED");
    await notify(tx, target.userId, "ROLE_CHANGED", {
      organizationId: organization.id,
      organizationName: organization.name,
      from: target.role,
      to: role,
      changedBy: actor.name,
    });
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "member.role_changed",
      target: { type: "member", id: target.userId, label: target.email },
      details: { from: target.role, to: role, name: target.name },
    });
    await emitEvent(tx, actor.organizationId, { type: "member.role_changed", data: { member: { ...target, role }, previous: { role: target.role } } });
    return viewOf(viewer, { ...target, role });
  });
}

/**
 * Removes another member, who is notified. Their active organization is left
 * as it is: on their next request lib/services/actors.ts finds the membership
 * gone, moves them to their personal organization and shows them a notice.
 */
export async function removeMember(actor: Actor, input: z.input<typeof removeMemberInput>): Promise<{ userId: string; name: string }> {
  const { userId } = parseInput(removeMemberInput, input);
  return prisma.$transaction(async (tx) => {
    const { organization, role: actorRole, target, owners } = await lockForWrite(tx, actor, "member:remove", { userId });
    const refusal = removalRefusal({ userId: actor.userId, role: actorRole }, target);
    if (refusal) throw forbidden(refusal);
    if (organization.personalOwnerId === target.userId) throw forbidden(REFUSALS.personalOwnerRemoval);
    if (target.role === "OWNER" && owners <= 1) throw conflict(REFUSALS.lastOwner);
    await tx.member.delete({ where: { id: target.id } });
    await revokeApiKeysOf(tx, actor, target.userId, "creator removed");
    await cancelInvitationsOf(tx, actor, target.userId, "INVITER_REMOVED");
    await disableEndpointsOf(tx, actor, organization, target.userId, "CREATOR_REMOVED");
    await notify(tx, target.userId, "REMOVED_FROM_ORGANIZATION", { organizationId: organization.id, organizationName: organization.name, removedBy: actor.name });
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "member.removed",
      target: { type: "member", id: target.userId, label: target.email },
      details: { role: target.role, name: target.name },
    });
    await emitEvent(tx, actor.organizationId, { type: "member.removed", data: { member: target } });
    return { userId: target.userId, name: target.name };
  });
}

/** How many Owners the actor's organization has now: pages disable what the last one can't do (the services re-check under lock). */
export async function countOwners(actor: Actor): Promise<number> {
  return prisma.member.count({ where: { organizationId: actor.organizationId, role: "OWNER" } });
}

/** The actor leaves their active organization and lands in their personal one. */
export async function leaveOrganization(actor: Actor): Promise<{ personalOrganizationId: string }> {
  return prisma.$transaction(async (tx) => {
    const { organization, target: self, owners } = await lockForWrite(tx, actor, "member:leave", { userId: actor.userId });
    if (organization.personalOwnerId === actor.userId) throw forbidden(REFUSALS.personalLeave);
    const refusal = leaveRefusal(self.role, owners);
    if (refusal) throw conflict(refusal);
    await tx.member.delete({ where: { id: self.id } });
    await revokeApiKeysOf(tx, actor, actor.userId, "creator left");
    await cancelInvitationsOf(tx, actor, actor.userId, "INVITER_LEFT");
    await disableEndpointsOf(tx, actor, organization, actor.userId, "CREATOR_LEFT");
    await moveToPersonalOrganization(tx, actor.userId, actor.organizationId);
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "member.left",
      target: { type: "member", id: actor.userId, label: self.email },
      details: { role: self.role },
    });
    await emitEvent(tx, actor.organizationId, { type: "member.left", data: { member: self } });
    return { personalOrganizationId: actor.personalOrganizationId };
  });
}
