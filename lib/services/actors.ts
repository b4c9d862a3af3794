import "server-only";
import { prisma, query } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/permissions";
import { latestNotificationsJson, notificationsFrom, type NotificationList, type StoredNotifications } from "./notifications";
import {
  myOrganizationsFrom,
  myOrganizationsJson,
  organizationFrom,
  organizationJson,
  type OrganizationSummary,
  type OrganizationView,
  type StoredOrganization,
} from "./organizations";
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

/** What every signed-in page shows besides its own content: the active organization, and the navigation's switcher and bell. */
export type PageActor = ResolvedActor & {
  organization: OrganizationView;
  navigation: { organizations: OrganizationSummary[]; notifications: NotificationList };
};

type PageRow = { organization: StoredOrganization | null; organizations: OrganizationSummary[]; notifications: StoredNotifications };

/**
 * The statement resolving an actor; for a page, it also reads what the page
 * frame shows (so a signed-in page costs one statement before its own reads).
 */
function actorStatement(userId: string, sessionVersion: number | undefined, forPage: boolean): Prisma.Sql {
  return Prisma.sql`
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
           ${
             forPage
               ? Prisma.sql`,
           (SELECT ${organizationJson} FROM organizations o WHERE o.id = membership.organization_id) AS organization,
           (${myOrganizationsJson(userId)}) AS organizations,
           (${latestNotificationsJson(userId)}) AS notifications`
               : Prisma.empty
           }
    FROM account LEFT JOIN membership ON true`;
}

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
export function resolveActor(userId: string, ip: string | null, sessionVersion?: number): Promise<ResolvedActor | null> {
  return resolve(userId, ip, sessionVersion, false);
}

/** resolveActor for a page: the same actor, with what the page frame shows, in the same one statement. */
export function resolvePageActor(userId: string, ip: string | null, sessionVersion?: number): Promise<PageActor | null> {
  return resolve(userId, ip, sessionVersion, true);
}

async function resolve(userId: string, ip: string | null, sessionVersion: number | undefined, forPage: false): Promise<ResolvedActor | null>;
async function resolve(userId: string, ip: string | null, sessionVersion: number | undefined, forPage: true): Promise<PageActor | null>;
async function resolve(userId: string, ip: string | null, sessionVersion: number | undefined, forPage: boolean): Promise<ResolvedActor | PageActor | null> {
  const statement = actorStatement(userId, sessionVersion, forPage);
  let [row] = await query<ActorRow & Partial<PageRow>>(statement);
  if (!row) return null;
  let lostOrganization: ResolvedActor["lostOrganization"];
  if (!row.organizationId || !row.role) {
    const lost = await prisma.organization.findUnique({ where: { id: row.activeOrganizationId ?? row.personalOrganizationId }, select: { id: true, name: true } });
    if (lost) lostOrganization = lost;
    await prisma.user.updateMany({
      where: { id: userId, activeOrganizationId: row.activeOrganizationId },
      data: { activeOrganizationId: row.personalOrganizationId },
    });
    // Once more, now in the personal organization (or wherever the user went meanwhile).
    [row] = await query<ActorRow & Partial<PageRow>>(statement);
    if (!row?.organizationId || !row.role) return null;
  }
  const resolved: ResolvedActor = {
    actor: {
      userId,
      name: row.name,
      email: row.email,
      organizationId: row.organizationId,
      role: row.role,
      personalOrganizationId: row.personalOrganizationId,
      ip,
    },
    lostOrganization,
    emailVerified: row.emailVerified,
  };
  if (!forPage) return resolved;
  return {
    ...resolved,
    organization: organizationFrom(row.organization!, row.role),
    navigation: { organizations: myOrganizationsFrom(row.organizations!), notifications: notificationsFrom(row.notifications!) },
  };
}
