import "server-only";
import { z } from "zod";
import { prisma, type Tx } from "@/lib/db/client";
import { Prisma, type NotificationType } from "@/lib/generated/prisma/client";
import { enqueueEach } from "@/lib/jobs/queue";
import { emailConfigured } from "@/lib/mail/config";
import { pageSize } from "@/lib/pagination";
import { ROLE_LABELS, type Role } from "@/lib/permissions";
import { idSchema, parseInput } from "@/lib/validation";
import type { Actor } from "./types";

/** The facts each kind of notification keeps, captured when it is made. */
export type NotificationData = {
  ROLE_CHANGED: { organizationName: string; from: Role; to: Role };
  REMOVED_FROM_ORGANIZATION: { organizationName: string };
  INVITATION_ACCEPTED: { organizationName: string; email: string };
  INVITATION_REJECTED: { organizationName: string; email: string };
  ORGANIZATION_DELETED: { organizationName: string; deletedBy: string };
  WEBHOOK_DISABLED: { organizationName: string; url: string };
};

export type NotificationView = { id: string; type: NotificationType; message: string; createdAt: Date; read: boolean };

export const listNotificationsInput = z.object({ limit: pageSize.default(20) });
export const markNotificationsReadInput = z.object({ ids: z.array(idSchema).max(100).optional() });

/** The kinds also sent by email (to those who haven't turned notification emails off in account settings). */
const EMAILED: ReadonlySet<NotificationType> = new Set(["ROLE_CHANGED", "REMOVED_FROM_ORGANIZATION", "INVITATION_REJECTED", "ORGANIZATION_DELETED", "WEBHOOK_DISABLED"]);

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

/** What a notification says, in the bell and in its email. */
export function notificationMessage(type: NotificationType, stored: unknown): string {
  const data = (stored ?? {}) as Partial<Record<string, string>>;
  const organization = data.organizationName ?? "an organization";
  switch (type) {
    case "ROLE_CHANGED":
      return `Your role in ${organization} changed from ${ROLE_LABELS[data.from as Role] ?? data.from} to ${ROLE_LABELS[data.to as Role] ?? data.to}.`;
    case "REMOVED_FROM_ORGANIZATION":
      return `You were removed from ${organization}.`;
    case "INVITATION_ACCEPTED":
      return `${data.email} accepted your invitation to ${organization}.`;
    case "INVITATION_REJECTED":
      return `${data.email} rejected your invitation to ${organization}.`;
    case "ORGANIZATION_DELETED":
      return `${data.deletedBy ?? "An Owner"} deleted ${organization}. You no longer have access to it.`;
    case "WEBHOOK_DISABLED":
      return `Teamhub disabled the webhook endpoint ${data.url} of ${organization}: its deliveries failed for a day. Fix the receiver, then enable it again in Settings → Webhooks.`;
  }
}

/** The actor's latest notifications and how many are unread (notifications follow the user, not the organization). */
export async function listNotifications(
  actor: Pick<Actor, "userId">,
  input: z.input<typeof listNotificationsInput> = {},
): Promise<{ unreadCount: number; data: NotificationView[] }> {
  const { limit } = parseInput(listNotificationsInput, input);
  const [unreadCount, rows] = await Promise.all([
    prisma.notification.count({ where: { userId: actor.userId, readAt: null } }),
    prisma.notification.findMany({
      where: { userId: actor.userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
    }),
  ]);
  return {
    unreadCount,
    data: rows.map((row) => ({
      id: row.id,
      type: row.type,
      message: notificationMessage(row.type, row.data),
      createdAt: row.createdAt,
      read: row.readAt !== null,
    })),
  };
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
