import "server-only";
import { openMail } from "@/lib/mail/messages";
import { renderMail } from "@/lib/mail/render";
import { sendMail } from "@/lib/mail/transport";
import { purgeExpiredAccountTokens } from "@/lib/services/account-tokens";
import { handleSignUpRequest } from "@/lib/services/email-verification";
import { sendInvitationEmail } from "@/lib/services/invitations/send-email";
import { sendNotificationEmail } from "@/lib/services/notification-emails";
import { fanOutNotificationEmails } from "@/lib/services/notifications";
import { handlePasswordResetRequest } from "@/lib/services/password-reset";
import { purgeExpiredEvents } from "@/lib/services/events/feed";
import { purgeExpiredDeliveries } from "@/lib/services/webhooks/deliveries";
import { deliverWebhook } from "@/lib/webhooks/deliver";
import type { JobInfo, ParsedPayload, TaskName } from "./tasks";

type Handlers = { [T in TaskName]: (payload: ParsedPayload<T>, job: JobInfo) => Promise<void> };

/** What each task does. A handler that throws fails the attempt; graphile-worker retries it with backoff. */
export const handlers: Handlers = {
  async send_email(payload, job) {
    const { template, props } = openMail(payload);
    const rendered = renderMail(template, props as never);
    await sendMail({ to: payload.to, ...rendered, jobId: job.id });
  },
  async notification_email(payload, job) {
    await sendNotificationEmail(payload.notificationId, job.id);
  },
  async invitation_email(payload, job) {
    await sendInvitationEmail(payload, job);
  },
  async notification_emails_fan_out(payload) {
    await fanOutNotificationEmails(payload.notificationIds);
  },
  async password_reset_request(payload) {
    await handlePasswordResetRequest(payload);
  },
  async sign_up_request(payload) {
    await handleSignUpRequest(payload);
  },
  async purge_expired_account_tokens() {
    await purgeExpiredAccountTokens();
  },
  async webhook_delivery(payload) {
    await deliverWebhook(payload);
  },
  async purge_expired_events() {
    await purgeExpiredDeliveries();
    await purgeExpiredEvents();
  },
};
