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
} as const;

export type TaskName = keyof typeof TASKS;
export type TaskPayload<T extends TaskName> = z.input<(typeof TASKS)[T]["payload"]>;
export type ParsedPayload<T extends TaskName> = z.infer<(typeof TASKS)[T]["payload"]>;
/** The job being run; `attempts` counts this one, so it equals `maxAttempts` on the last. */
export type JobInfo = { id: string; attempts: number; maxAttempts: number };

/** Recurring jobs, in graphile-worker's crontab format. */
export const CRONTAB = "0 * * * * purge_expired_account_tokens";
