import { z } from "zod";
import { sendEmailPayload } from "@/lib/mail/messages";
import { emailSchema, nameSchema } from "@/lib/validation";


/**
 * Every kind of background job: its payload schema and how many attempts it
 * gets. graphile-worker retries a failed job after exp(min(attempts, 10))
 * seconds (2.7 s, 7.4 s, 20 s, … capped at about 6 h), so 20 attempts keep
 * trying for about three days; then the job stays in graphile_worker.jobs as
 * failed (attempts = max_attempts, last_error kept).
 */
export const TASKS = {
  send_email: { payload: sendEmailPayload, maxAttempts: 20 },
  /** The email for one bell notification, rendered when sent (it honours the recipient's switch then too). */
  notification_email: { payload: z.object({ notificationId: z.uuid() }), maxAttempts: 20 },
  /**
   * The notification emails of a whole organization (deleting it): one job in the deleting transaction,
   * which queues a notification_email per member when it runs, so that transaction stays short.
   */
  notification_emails_fan_out: { payload: z.object({ notificationIds: z.array(z.uuid()).min(1) }), maxAttempts: 20 },
  /**
   * "Forgot password?" and sign-up with email on: the request only enqueues one of these, whether or not the
   * address has an account (no enumeration through answers or timing); the job decides what to send.
   */
  password_reset_request: { payload: z.object({ email: emailSchema }), maxAttempts: 20 },
  sign_up_request: { payload: z.object({ email: emailSchema, name: nameSchema, sealedPasswordHash: z.string().min(1) }), maxAttempts: 20 },
  /**
   * The email of an invitation's current link, rendered when sent (names, role and expiry as they are
   * then). The emailed link's token is sealed in the payload; a resend replaces the job (job key).
   */
  invitation_email: { payload: z.object({ invitationId: z.uuid(), sealedToken: z.string().min(1) }), maxAttempts: 20 },
  /** Scheduled hourly (see CRONTAB). */
  purge_expired_account_tokens: { payload: z.object({}).loose(), maxAttempts: 3 },
  /**
   * One attempt to POST an event to a webhook endpoint (lib/webhooks/deliver.ts). `attempt`: which
   * automatic attempt it is; a failed one schedules the next as a new job (run_at), on the webhook
   * schedule rather than graphile-worker's backoff, which is kept for our own failures (the database
   * down while recording). Absent: a manual attempt (Redeliver, Send test event), made once.
   * `snapshot`: organization.deleted, whose delivery and endpoint rows are gone with the organization.
   */
  webhook_delivery: {
    payload: z.object({
      deliveryId: z.uuid(),
      attempt: z.number().int().min(1).optional(),
      snapshot: z.object({ eventId: z.string().min(1), url: z.url(), sealedSecrets: z.array(z.string().min(1)).min(1).max(2) }).optional(),
    }),
    maxAttempts: 10,
  },
  /** Scheduled hourly: events and webhook deliveries past their 30 days. */
  purge_expired_events: { payload: z.object({}).loose(), maxAttempts: 3 },
} as const;

export type TaskName = keyof typeof TASKS;
export type TaskPayload<T extends TaskName> = z.input<(typeof TASKS)[T]["payload"]>;
export type ParsedPayload<T extends TaskName> = z.infer<(typeof TASKS)[T]["payload"]>;
/** The job being run; `attempts` counts this one, so it equals `maxAttempts` on the last. */
export type JobInfo = { id: string; attempts: number; maxAttempts: number };

/** Recurring jobs, in graphile-worker's crontab format. */
export const CRONTAB = ["0 * * * * purge_expired_account_tokens", "30 * * * * purge_expired_events"].join("\n");
