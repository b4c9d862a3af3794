import "server-only";
import { prisma } from "@/lib/db/client";
import { emailLinkOrigin } from "@/lib/mail/config";
import { renderMail } from "@/lib/mail/render";
import { sendMail } from "@/lib/mail/transport";
import { notificationMessage } from "./notifications";

/**
 * The notification_email job: the bell's notification, by email. Checked
 * again when sent, so turning notification emails off also stops those
 * still queued; a notification gone with its user's account sends nothing.
 */
export async function sendNotificationEmail(notificationId: string, jobId: string): Promise<void> {
  const row = await prisma.notification.findUnique({
    where: { id: notificationId },
    select: { type: true, data: true, user: { select: { name: true, email: true, emailNotifications: true } } },
  });
  if (!row?.user.emailNotifications) return;
  const origin = emailLinkOrigin();
  const rendered = renderMail("notification", {
    name: row.user.name,
    message: notificationMessage(row.type, row.data),
    link: `${origin}/dashboard`,
    settingsLink: `${origin}/account`,
  });
  await sendMail({ to: row.user.email, ...rendered, jobId });
}
