import "server-only";
import { prisma } from "@/lib/db/client";
import type { Actor } from "./types";

export type ResolvedActor = {
  actor: Actor;
  /** Set when the user lost access to their active organization since their last request. */
  lostOrganization?: { id: string; name: string };
  /** False until the user confirms their address through an emailed link. */
  emailVerified: boolean;
};

/**
 * Resolves a signed-in user's actor from the database: their active
 * organization and their role in it as of now. When they are no longer a member
 * of their active organization (removed), they fall back to their personal
 * organization, which becomes active. Also records "last active", at most once
 * a minute per user and organization (a guarded update, so it's one write at
 * most however many requests arrive).
 *
 * A session passes the session version its cookie was issued under: once the
 * user's version has moved on (sign-out, sign out of all devices, a password
 * change or reset), that session resolves to nobody.
 */
export async function resolveActor(userId: string, ip: string | null, sessionVersion?: number): Promise<ResolvedActor | null> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      activeOrganizationId: true,
      emailVerifiedAt: true,
      sessionVersion: true,
      personalOrganization: { select: { id: true } },
    },
  });
  if (!user?.personalOrganization) return null;
  if (sessionVersion !== undefined && sessionVersion !== user.sessionVersion) return null;
  const personalOrganizationId = user.personalOrganization.id;

  let organizationId = user.activeOrganizationId ?? personalOrganizationId;
  let membership = await prisma.member.findUnique({
    where: { userId_organizationId: { userId, organizationId } },
    select: { role: true },
  });
  let lostOrganization: ResolvedActor["lostOrganization"];
  if (!membership) {
    const lost = await prisma.organization.findUnique({ where: { id: organizationId }, select: { id: true, name: true } });
    if (lost) lostOrganization = lost;
    organizationId = personalOrganizationId;
    await prisma.user.updateMany({
      where: { id: userId, activeOrganizationId: user.activeOrganizationId },
      data: { activeOrganizationId: personalOrganizationId },
    });
    membership = await prisma.member.findUnique({
      where: { userId_organizationId: { userId, organizationId } },
      select: { role: true },
    });
    if (!membership) return null;
  }

  await touchLastActive(userId, organizationId);
  return {
    actor: {
      userId,
      name: user.name,
      email: user.email,
      organizationId,
      role: membership.role,
      personalOrganizationId,
      ip,
    },
    lostOrganization,
    emailVerified: user.emailVerifiedAt !== null,
  };
}

export async function touchLastActive(userId: string, organizationId: string) {
  await prisma.$executeRaw`
    UPDATE members SET last_active_at = now()
    WHERE user_id = ${userId}::uuid AND organization_id = ${organizationId}::uuid
      AND last_active_at < now() - interval '1 minute'`;
}
