import "server-only";
import { z } from "zod";
import { prisma, query, type Tx } from "@/lib/db/client";
import { Prisma, type NotificationType } from "@/lib/generated/prisma/client";
import { enqueueEach } from "@/lib/jobs/queue";
import { emailConfigured } from "@/lib/mail/config";
import { pageSize } from "@/lib/pagination";
import { ROLE_LABELS, type Role } from "@/lib/permissions";
import { idSchema, parseInput } from "@/lib/validation";
import type { Actor } from "./types";

/**
 * The facts each kind of notification keeps, captured when it is made: who
 * did it, and the organization it is about (its id says which page to open).
 * Rows made before a fact was kept lack it; notificationMessage and
 * notificationTarget read every fact as possibly missing.
 */
export type NotificationData = {
  ROLE_CHANGED: { organizationId: string; organizationName: string; from: Role; to: Role; changedBy: string };
  REMOVED_FROM_ORGANIZATION: { organizationId: string; organizationName: string; removedBy: string };
  INVITATION_ACCEPTED: { organizationId: string; organizationName: string; email: string; name: string };
  INVITATION_REJECTED: { organizationId: string; organizationName: string; email: string; name: string };
  ORGANIZATION_DELETED: { organizationName: string; deletedBy: string };
  OWNERSHIP_RECEIVED: { organizationId: string; organizationName: string; fromName: string };
  OWNERSHIP_HANDED_OVER: { organizationId: string; organizationName: string; toName: string };
  // reason (absent on older rows: failing), who made the change, and the creator when the reason is about them.
  WEBHOOK_DISABLED: { organizationId: string; organizationName: string; url: string; reason?: string; by?: string; creatorName?: string };
};

/** The page a notification is about, in its organization: opening it goes there (lib/services/open-notification.ts). */
export type NotificationTarget = { organizationId: string; path: string; label: string };

export type NotificationView = {
  id: string;
  type: NotificationType;
  message: string;
  /** The name of the page opening it shows ("Members"), or null when it is about nothing one can open. */
  opens: string | null;
  createdAt: Date;
  read: boolean;
};

/** How many notifications the navigation's bell lists. */
export const NOTIFICATIONS_LISTED = 20;
export const listNotificationsInput = z.object({ limit: pageSize.default(NOTIFICATIONS_LISTED) });
export const markNotificationsReadInput = z.object({ ids: z.array(idSchema).max(100).optional() });

/** The kinds also sent by email (to those who haven't turned notification emails off in account settings). */
const EMAILED: ReadonlySet<NotificationType> = new Set([
  "ROLE_CHANGED",
  "REMOVED_FROM_ORGANIZATION",
  "INVITATION_REJECTED",
  "ORGANIZATION_DELETED",
  "OWNERSHIP_RECEIVED",
  "WEBHOOK_DISABLED",
]);

const emailed = (type: NotificationType) => EMAILED.has(type) && emailConfigured();

/** Jobs emailing the notifications of `created` (a CTE of id, user_id) to users who want them. */
const emailJobsFor = Prisma.sql`
  SELECT json_build_object('notificationId', created.id) AS payload
  FROM created JOIN users ON users.id = created.user_id
  WHERE users.email_notifications`;

/**
 * Adds a notification in the caller's transaction, so it exists exactly when
 * the change does; with email on, its email is enqueued in the same transaction.
 */
export async function notify<T extends NotificationType>(tx: Tx, userId: string, type: T, data: NotificationData[T]) {
  if (!emailed(type)) {
    await tx.notification.create({ data: { userId, type, data } });
    return;
  }
  await enqueueEach(tx, "notification_email", {
    with: Prisma.sql`created AS (
      INSERT INTO notifications (user_id, type, data) VALUES (${userId}::uuid, ${type}::"NotificationType", ${JSON.stringify(data)}::jsonb)
      RETURNING id, user_id)`,
    select: emailJobsFor,
  });
}

/**
 * The same notification for every member of an organization (but one, or
 * only those with a role), in one statement however many they are. With email on, the same statement queues
 * one job that queues their emails when it runs (queueing 100,000 jobs takes
 * seconds, which the caller's transaction shouldn't hold its locks for).
 */
export async function notifyMembers<T extends NotificationType>(
  tx: Tx,
  organization: { id: string; exceptUserId?: string; role?: Role },
  type: T,
  data: NotificationData[T],
) {
  const insert = Prisma.sql`
    INSERT INTO notifications (user_id, type, data)
    SELECT user_id, ${type}::"NotificationType", ${JSON.stringify(data)}::jsonb FROM members
    WHERE organization_id = ${organization.id}::uuid
      ${organization.exceptUserId ? Prisma.sql`AND user_id <> ${organization.exceptUserId}::uuid` : Prisma.empty}
      ${organization.role ? Prisma.sql`AND role = ${organization.role}::"Role"` : Prisma.empty}`;
  if (!emailed(type)) {
    await tx.$executeRaw`${insert}`;
    return;
  }
  await enqueueEach(tx, "notification_emails_fan_out", {
    with: Prisma.sql`created AS (${insert} RETURNING id)`,
    select: Prisma.sql`SELECT json_build_object('notificationIds', json_agg(created.id)) AS payload FROM created HAVING count(*) > 0`,
  });
}

/** The notification_emails_fan_out job: a notification_email job for each of the notifications whose user wants them. */
export async function fanOutNotificationEmails(notificationIds: string[]): Promise<number> {
  return prisma.$transaction((tx) =>
    enqueueEach(tx, "notification_email", {
      with: Prisma.sql`created AS (SELECT id, user_id FROM notifications WHERE id = ANY(${notificationIds}::uuid[]))`,
      select: emailJobsFor,
    }),
  );
}

type StoredFacts = Partial<Record<string, string>>;

/** "Ada Lovelace (ada@example.com)", or the address alone for notifications made before names were kept. */
function person(name: string | undefined, email: string | undefined): string {
  return name ? `${name} (${email})` : (email ?? "Someone");
}

const roleLabel = (role: string | undefined) => ROLE_LABELS[role as Role] ?? role;

/** What a notification says, in the bell and in its email: who did what, where. */
export function notificationMessage(type: NotificationType, stored: unknown): string {
  const data = (stored ?? {}) as StoredFacts;
  const organization = data.organizationName ?? "an organization";
  switch (type) {
    case "ROLE_CHANGED":
      return data.changedBy
        ? `${data.changedBy} changed your role in ${organization} from ${roleLabel(data.from)} to ${roleLabel(data.to)}.`
        : `Your role in ${organization} changed from ${roleLabel(data.from)} to ${roleLabel(data.to)}.`;
    case "REMOVED_FROM_ORGANIZATION":
      return data.removedBy ? `${data.removedBy} removed you from ${organization}.` : `You were removed from ${organization}.`;
    case "INVITATION_ACCEPTED":
      return `${person(data.name, data.email)} accepted your invitation to ${organization}.`;
    case "INVITATION_REJECTED":
      return `${person(data.name, data.email)} rejected your invitation to ${organization}.`;
    case "ORGANIZATION_DELETED":
      return `${data.deletedBy ?? "An Owner"} deleted ${organization}. You no longer have access to it.`;
    case "OWNERSHIP_RECEIVED":
      return `${data.fromName ?? "An Owner"} transferred ownership of ${organization} to you. You are now an Owner.`;
    case "OWNERSHIP_HANDED_OVER":
      return `You transferred ownership of ${organization} to ${data.toName ?? "another member"}. You are now an Admin.`;
    case "WEBHOOK_DISABLED":
      return webhookDisabledMessage(data, organization);
  }
}

/** Why an endpoint was disabled, and what an Owner can do about it. */
function webhookDisabledMessage(data: StoredFacts, organization: string): string {
  const creator = data.creatorName ? `its creator, ${data.creatorName},` : "its creator";
  const enableAgain = "An Owner or Admin who still wants it can enable it again in Settings → Webhooks and becomes responsible for it.";
  switch (data.reason) {
    case "creator_removed":
      return `Teamhub disabled the webhook endpoint ${data.url} of ${organization}: ${data.by ?? "an Owner or Admin"} removed ${creator} from the organization. ${enableAgain}`;
    case "creator_left":
      return `Teamhub disabled the webhook endpoint ${data.url} of ${organization}: ${creator} left the organization. ${enableAgain}`;
    case "creator_role_changed":
      return `Teamhub disabled the webhook endpoint ${data.url} of ${organization}: ${data.by ?? "an Owner or Admin"} changed the role of ${creator} to one that may not manage webhooks. ${enableAgain}`;
    default:
      return `Teamhub disabled the webhook endpoint ${data.url} of ${organization}: its deliveries failed for a day. Fix the receiver, then enable it again in Settings → Webhooks.`;
  }
}

const MEMBERS = { path: "/members", label: "Members" };

/** The page a notification is about, or null (a removal or a deletion leaves nothing to open). */
export function notificationTarget(type: NotificationType, stored: unknown): NotificationTarget | null {
  const data = (stored ?? {}) as StoredFacts;
  if (!data.organizationId) return null;
  const page =
    type === "INVITATION_REJECTED"
      ? { path: "/settings#pending-invitations", label: "Pending Invitations" }
      : type === "ROLE_CHANGED" || type === "INVITATION_ACCEPTED" || type === "OWNERSHIP_RECEIVED" || type === "OWNERSHIP_HANDED_OVER"
        ? MEMBERS
        : type === "WEBHOOK_DISABLED"
          ? { path: "/settings#webhooks", label: "Webhooks" }
          : null;
  return page && { organizationId: data.organizationId, ...page };
}

export type NotificationList = { unreadCount: number; data: NotificationView[] };

/**
 * A user's latest notifications and how many are unread, as one JSON value: a
 * subquery that listNotifications runs alone and the page statement
 * (lib/services/actors.ts) runs beside the actor, as every signed-in page
 * shows the bell. notificationsFrom reads it.
 */
export function latestNotificationsJson(userId: string, limit: number = NOTIFICATIONS_LISTED): Prisma.Sql {
  return Prisma.sql`
    SELECT json_build_object(
      'unreadCount', (SELECT count(*) FROM notifications WHERE user_id = ${userId}::uuid AND read_at IS NULL),
      'latest', coalesce((
        SELECT json_agg(json_build_object('id', n.id, 'type', n.type, 'data', n.data, 'createdAt', n.created_at, 'read', n.read_at IS NOT NULL)
                        ORDER BY n.created_at DESC, n.id DESC)
        FROM (SELECT id, type, data, created_at, read_at FROM notifications WHERE user_id = ${userId}::uuid
              ORDER BY created_at DESC, id DESC LIMIT ${limit}) AS n
      ), '[]'::json))`;
}

export type StoredNotifications = {
  unreadCount: number;
  latest: { id: string; type: NotificationType; data: unknown; createdAt: string; read: boolean }[];
};

/** The notifications latestNotificationsJson read, as the bell shows them. */
export function notificationsFrom(stored: StoredNotifications): NotificationList {
  return {
    unreadCount: stored.unreadCount,
    data: stored.latest.map((row) => ({
      id: row.id,
      type: row.type,
      message: notificationMessage(row.type, row.data),
      opens: notificationTarget(row.type, row.data)?.label ?? null,
      createdAt: new Date(row.createdAt),
      read: row.read,
    })),
  };
}

/** The actor's latest notifications and how many are unread (notifications follow the user, not the organization), in one statement. */
export async function listNotifications(actor: Pick<Actor, "userId">, input: z.input<typeof listNotificationsInput> = {}): Promise<NotificationList> {
  const { limit } = parseInput(listNotificationsInput, input);
  const [row] = await query<{ notifications: StoredNotifications }>(Prisma.sql`SELECT (${latestNotificationsJson(actor.userId, limit)}) AS notifications`);
  return notificationsFrom(row!.notifications);
}

/** Marks the actor's own notifications read: the given ones, or all when `ids` is omitted. */
export async function markNotificationsRead(
  actor: Pick<Actor, "userId">,
  input: z.input<typeof markNotificationsReadInput> = {},
): Promise<{ updated: number }> {
  const { ids } = parseInput(markNotificationsReadInput, input);
  const { count } = await prisma.notification.updateMany({
    where: { userId: actor.userId, readAt: null, ...(ids ? { id: { in: ids } } : {}) },
    data: { readAt: new Date() },
  });
  return { updated: count };
}
