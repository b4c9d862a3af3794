/**
 * Whether this server sends email, decided in one place: SMTP_URL set means
 * email is on. Without it, links are shared by hand and nothing is enqueued.
 * `npm run dev` sets SMTP_URL to its local mailbox unless one is given.
 */

export type MailSettings = { url: string; from: string };

const DEFAULT_FROM = "Teamhub <no-reply@teamhub.localhost>";

/** The SMTP settings, or null when email is off. Throws on an SMTP_URL that isn't smtp:// or smtps://. */
export function mailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings | null {
  const url = env.SMTP_URL?.trim();
  if (!url) return null;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error("SMTP_URL is not a URL: use smtp://user:password@host:587 or smtps://user:password@host:465.");
  }
  if (protocol !== "smtp:" && protocol !== "smtps:") throw new Error("SMTP_URL must start with smtp:// or smtps://.");
  return { url, from: env.MAIL_FROM?.trim() || DEFAULT_FROM };
}

export function emailConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.SMTP_URL?.trim());
}

/** The public origin for links in emails sent without a request at hand (notifications), if known. */
export function publicOrigin(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.APP_URL ? new URL(env.APP_URL).origin : null;
}
