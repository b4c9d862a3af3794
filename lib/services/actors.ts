import "server-only";
import { prisma, query } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/permissions";
import type { Actor } from "./types";

export type ResolvedActor = {
  actor: Actor;
  /** Set when the user lost access to their active organization since their last request. */
  lostOrganization?: { id: string; name: string };
  /** False until the user confirms their address through an emailed link. */
  emailVerified: boolean;
};

type ActorRow = {
  name: string;
  email: string;
  activeOrganizationId: string | null;
  personalOrganizationId: string;
  emailVerified: boolean;
  /** The organization acted in and the role there; null when the user is no longer a member of their active organization. */
  organizationId: string | null;
  role: Role | null;
};

/**
 * Resolves a signed-in user's actor from the database: their active
 * organization and their role in it as of now. When they are no longer a member
 * of their active organization (removed), they fall back to their personal
 * organization, which becomes active. Also records "last active", at most once
 * a minute per user and organization (a guarded update, so it's one write at
 * most however many requests arrive; SKIP LOCKED, so a request never waits for
 * it behind a write that holds the member's row: that minute's is skipped).
 * All of it is one statement, but for the fallback.
 *
 * A session passes the session version its cookie was issued under: once the
 * user's version has moved on (sign-out, sign out of all devices, a password
 * change or reset), that session resolves to nobody.
 */
export async function resolveActor(userId: string, ip: string | null, sessionVersion?: number): Promise<ResolvedActor | null> {
  const [row] = await query<ActorRow>(Prisma.sql`
    WITH account AS (
      SELECT u.id, u.name, u.email, u.active_organization_id, u.email_verified_at IS NOT NULL AS email_verified, personal.id AS personal_organization_id
      FROM users u JOIN organizations personal ON personal.personal_owner_id = u.id
      WHERE u.id = ${userId}::uuid ${sessionVersion === undefined ? Prisma.empty : Prisma.sql`AND u.session_version = ${sessionVersion}`}
    ), membership AS (
      SELECT m.id, m.organization_id, m.role FROM members m JOIN account
        ON m.user_id = account.id AND m.organization_id = coalesce(account.active_organization_id, account.personal_organization_id)
    ), touched AS (
      UPDATE members SET last_active_at = now()
      WHERE id = (
        SELECT id FROM members WHERE id = (SELECT id FROM membership) AND last_active_at < now() - interval '1 minute'
        FOR NO KEY UPDATE SKIP LOCKED
      )
    )
    SELECT account.name, account.email, account.active_organization_id AS "activeOrganizationId",
           account.personal_organization_id AS "personalOrganizationId", account.email_verified AS "emailVerified",
           membership.organization_id AS "organizationId", membership.role::text AS role
    FROM account LEFT JOIN membership ON true`);
  if (!row) return null;
  const { personalOrganizationId } = row;
  let { organizationId, role } = row;
  let lostOrganization: ResolvedActor["lostOrganization"];
  if (!organizationId || !role) {
    const lost = await prisma.organization.findUnique({ where: { id: row.activeOrganizationId ?? personalOrganizationId }, select: { id: true, name: true } });
    if (lost) lostOrganization = lost;
    organizationId = personalOrganizationId;
    await prisma.user.updateMany({
      where: { id: userId, activeOrganizationId: row.activeOrganizationId },
      data: { activeOrganizationId: personalOrganizationId },
    });
    const membership = await prisma.member.findUnique({
      where: { userId_organizationId: { userId, organizationId } },
      select: { role: true },
    });
    if (!membership) return null;
    role = membership.role;
    await touchLastActive(userId, organizationId);
  }

  return {
    actor: { userId, name: row.name, email: row.email, organizationId, role, personalOrganizationId, ip },
    lostOrganization,
    emailVerified: row.emailVerified,
  };
}

async function touchLastActive(userId: string, organizationId: string) {
  await prisma.$executeRaw`
    UPDATE members SET last_active_at = now()
    WHERE user_id = ${userId}::uuid AND organization_id = ${organizationId}::uuid
      AND last_active_at < now() - interval '1 minute'`;
}
