import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { mailSettings } from "./config";

export type OutgoingMessage = {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The job sending it: its Message-ID is derived from it, so a receiver can drop a copy re-sent after a crash between sending and recording it. */
  jobId?: string;
};

// One pooled transport per SMTP_URL, kept across jobs (connections are reused).
let cached: { url: string; transport: Transporter } | undefined;

function transportFor(url: string): Transporter {
  if (cached?.url !== url) {
    cached?.transport.close();
    cached = {
      url,
      transport: nodemailer.createTransport({
        url,
        pool: true,
        maxConnections: 5,
        // A dead server fails the job quickly; the queue retries it later.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      }),
    };
  }
  return cached.transport;
}

/** Collapses CR/LF (and other control characters) so a value can't start a header of its own. */
export function headerSafe(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}

function domainOf(from: string): string {
  return /@([^\s>]+)/.exec(from)?.[1] ?? "teamhub.localhost";
}

/** Sends one message over SMTP_URL. Throws when email is off or the server refuses. */
export async function sendMail(message: OutgoingMessage): Promise<void> {
  const settings = mailSettings();
  if (!settings) throw new Error("Email is off (SMTP_URL is not set).");
  await transportFor(settings.url).sendMail({
    from: settings.from,
    to: headerSafe(message.to),
    subject: headerSafe(message.subject),
    html: message.html,
    text: message.text,
    messageId: message.jobId ? `<teamhub-job-${message.jobId}@${domainOf(settings.from)}>` : undefined,
  });
}

/** Closes pooled connections (worker shutdown, tests). */
export function closeMailTransport(): void {
  cached?.transport.close();
  cached = undefined;
}
