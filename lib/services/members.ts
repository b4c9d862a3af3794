import { z } from "zod";
import { prisma, type Tx } from "@/lib/db/client";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { Prisma, type InvitationCancelReason } from "@/lib/generated/prisma/client";
import { decodeCursor, pageLimit, pageOf } from "@/lib/pagination";
import { atLeast, can, invitableRoles, removalRefusal, roleChangeRefusal, ROLES, type Role } from "@/lib/permissions";
import { idSchema, parseInput } from "@/lib/validation";
import { recordAudit, recordAudits } from "./audit";
import { emitApiKeyEvents, emitEvent, emitInvitationEvents } from "./events/emit";
import { notify } from "./notifications";
import { lockOrganization } from "./organization-lock";
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
export const changeMemberRoleInput = z.object({ userId: idSchema, role: z.enum(ROLES, { error: "Choose Owner, Admin or Member." }) });
export const removeMemberInput = z.object({ userId: idSchema });

const LAST_OWNER = "The organization must keep at least one Owner.";
const NOT_A_MEMBER = "You are no longer a member of this organization.";
const API_KEY_NO_LONGER_VALID = "This API key is no longer valid.";

type MemberRow = { id: string; userId: string; role: Role; name: string; email: string; joinedAt: Date; lastActiveAt: Date; emailVerified: boolean };

const memberCursor = z.object({ joinedAt: z.iso.datetime(), id: z.uuid() });

function viewOf(viewer: { userId: string; role: Role }, row: MemberRow): MemberView {
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
 * The actor's role as of now, read inside a mutation's transaction and held
 * (FOR SHARE) until it ends, so a concurrent demotion or removal either
 * waits for it or is seen by it. An actor acting through an API key gets the
 * key's role (see apiKeyRole).
 */
export async function lockActorRole(tx: Tx, actor: Pick<Actor, "userId" | "organizationId" | "apiKey">): Promise<Role> {
  const [row] = await tx.$queryRaw<{ role: Role }[]>`
    SELECT role::text AS role FROM members
    WHERE user_id = ${actor.userId}::uuid AND organization_id = ${actor.organizationId}::uuid
    FOR SHARE`;
  if (!row) throw forbidden(NOT_A_MEMBER);
  return apiKeyRole(tx, actor, row.role);
}

/**
 * For an actor acting through an API key, called with the member row already
 * locked: locks the key's row too (FOR SHARE, so a concurrent revocation waits
 * for the mutation or is seen by it; members before api_keys, always) and
 * returns the key's role. Refuses a key revoked or expired since the request
 * was authenticated, or whose creator's role is now below the key's. Session
 * actors keep their member role.
 */
async function apiKeyRole(tx: Tx, actor: Pick<Actor, "userId" | "organizationId" | "apiKey">, memberRole: Role): Promise<Role> {
  if (!actor.apiKey) return memberRole;
  const [key] = await tx.$queryRaw<{ role: Role; usable: boolean }[]>`
    SELECT role::text AS role, (revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())) AS usable
    FROM api_keys
    WHERE id = ${actor.apiKey.id}::uuid AND organization_id = ${actor.organizationId}::uuid
      AND created_by_id = ${actor.userId}::uuid
    FOR SHARE`;
  if (!key?.usable || !atLeast(memberRole, key.role)) throw forbidden(API_KEY_NO_LONGER_VALID);
  return key.role;
}

/**
 * Locks, in one statement ordered by id, every Owner row of the organization
 * together with the actor's and the target's rows. Every membership mutation
 * locks this way, after the organization's row (organization-lock.ts), so
 * concurrent ones queue in the same order (no deadlocks) and the Owner count
 * and roles they act on are current.
 */
async function lockActorAndTarget(tx: Tx, actor: Actor, targetUserId: string) {
  const rows = await tx.$queryRaw<MemberRow[]>`
    SELECT m.id, m.user_id AS "userId", m.role::text AS role, u.name, u.email,
           m.joined_at AS "joinedAt", m.last_active_at AS "lastActiveAt", u.email_verified_at IS NOT NULL AS "emailVerified"
    FROM members m JOIN users u ON u.id = m.user_id
    WHERE m.organization_id = ${actor.organizationId}::uuid
      AND (m.role = 'OWNER' OR m.user_id IN (${actor.userId}::uuid, ${targetUserId}::uuid))
    ORDER BY m.id
    FOR UPDATE OF m`;
  const actorRow = rows.find((row) => row.userId === actor.userId);
  if (!actorRow) throw forbidden(NOT_A_MEMBER);
  const actorRole = await apiKeyRole(tx, actor, actorRow.role);
  const target = rows.find((row) => row.userId === targetUserId);
  if (!target) throw notFound("Member not found.");
  return { actorRole, target, owners: rows.filter((row) => row.role === "OWNER").length };
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
  if (!can(actor.role, "member:list")) throw forbidden();
  const after = cursor ? decodeCursor(memberCursor, cursor) : null;
  const pattern = q ? `%${q.replace(/[\\%_]/g, "\\$&")}%` : null;
  const search = !pattern
    ? Prisma.empty
    : can(actor.role, "member:read-private")
      ? Prisma.sql`AND (u.name ILIKE ${pattern} OR u.email ILIKE ${pattern})`
      : Prisma.sql`AND u.name ILIKE ${pattern}`;
  const rows = await prisma.$queryRaw<MemberRow[]>`
    SELECT m.id, m.user_id AS "userId", m.role::text AS role, u.name, u.email,
           m.joined_at AS "joinedAt", m.last_active_at AS "lastActiveAt", u.email_verified_at IS NOT NULL AS "emailVerified"
    FROM members m JOIN users u ON u.id = m.user_id
    WHERE m.organization_id = ${actor.organizationId}::uuid
      ${after ? Prisma.sql`AND (m.joined_at, m.id) > (${after.joinedAt}::timestamptz, ${after.id}::uuid)` : Prisma.empty}
      ${search}
    ORDER BY m.joined_at, m.id
    LIMIT ${limit + 1}`;
  const page = pageOf(rows, limit, (row) => ({ joinedAt: row.joinedAt.toISOString(), id: row.id }));
  return { data: page.data.map((row) => viewOf(actor, row)), nextCursor: page.nextCursor };
}

/** Changes another member's role; the member is notified. Setting the role they already have changes nothing. */
export async function changeMemberRole(actor: Actor, input: z.input<typeof changeMemberRoleInput>): Promise<MemberView> {
  const { userId, role } = parseInput(changeMemberRoleInput, input);
  return prisma.$transaction(async (tx) => {
    const organization = await lockOrganization(tx, actor.organizationId);
    const { actorRole, target, owners } = await lockActorAndTarget(tx, actor, userId);
    const viewer = { userId: actor.userId, role: actorRole };
    const refusal = roleChangeRefusal(viewer, target, role);
    if (refusal) throw forbidden(refusal);
    if (target.role === role) return viewOf(viewer, target);
    if (organization.personalOwnerId === target.userId) throw forbidden("The owner of a personal organization always stays its Owner.");
    if (target.role === "OWNER" && owners <= 1) throw conflict(LAST_OWNER);
    await tx.member.update({ where: { id: target.id }, data: { role } });
    await cancelInvitationsOf(tx, actor, target.userId, "INVITER_ROLE_CHANGED", invitableRoles(role));
    await notify(tx, target.userId, "ROLE_CHANGED", { organizationName: organization.name, from: target.role, to: role });
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "member.role_changed",
      target: { type: "member", id: target.userId, label: target.email },
      details: { from: target.role, to: role },
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
    const organization = await lockOrganization(tx, actor.organizationId);
    const { actorRole, target, owners } = await lockActorAndTarget(tx, actor, userId);
    const refusal = removalRefusal({ userId: actor.userId, role: actorRole }, target);
    if (refusal) throw forbidden(refusal);
    if (organization.personalOwnerId === target.userId) throw forbidden("The owner of a personal organization can't be removed from it.");
    if (target.role === "OWNER" && owners <= 1) throw conflict(LAST_OWNER);
    await tx.member.delete({ where: { id: target.id } });
    await revokeApiKeysOf(tx, actor, target.userId, "creator removed");
    await cancelInvitationsOf(tx, actor, target.userId, "INVITER_REMOVED");
    await notify(tx, target.userId, "REMOVED_FROM_ORGANIZATION", { organizationName: organization.name });
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "member.removed",
      target: { type: "member", id: target.userId, label: target.email },
      details: { role: target.role },
    });
    await emitEvent(tx, actor.organizationId, { type: "member.removed", data: { member: target } });
    return { userId: target.userId, name: target.name };
  });
}

/** The actor leaves their active organization and lands in their personal one. */
export async function leaveOrganization(actor: Actor): Promise<{ personalOrganizationId: string }> {
  return prisma.$transaction(async (tx) => {
    const organization = await lockOrganization(tx, actor.organizationId);
    if (organization.personalOwnerId === actor.userId) throw forbidden("You can't leave your personal organization.");
    const { target: self, owners } = await lockActorAndTarget(tx, actor, actor.userId);
    if (self.role === "OWNER" && owners <= 1) throw conflict("You are the last Owner. Make another member Owner before leaving.");
    await tx.member.delete({ where: { id: self.id } });
    await revokeApiKeysOf(tx, actor, actor.userId, "creator left");
    await cancelInvitationsOf(tx, actor, actor.userId, "INVITER_LEFT");
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
