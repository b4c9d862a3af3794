import "server-only";
import type { Tx } from "@/lib/db/client";
import { enqueue } from "@/lib/jobs/queue";
import { emailConfigured } from "./config";
import { sealMail, type MailProps, type MailTemplate } from "./messages";

/**
 * Queues one email in the caller's transaction: sent by a worker after the
 * transaction commits, never if it rolls back. Callers check
 * emailConfigured() where the product behaves differently without email.
 */
export async function enqueueMail<T extends MailTemplate>(tx: Tx, to: string, template: T, props: MailProps<T>): Promise<void> {
  if (!emailConfigured()) throw new Error(`Email is off: the ${template} email can't be sent.`);
  await enqueue(tx, "send_email", sealMail(to, template, props));
}
