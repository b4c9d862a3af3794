/**
 * Whether this server sends email, decided in one place: SMTP_URL set means
 * email is on. Without it, links are shared by hand and nothing is enqueued.
 * `npm run dev` sets SMTP_URL to its local mailbox unless one is given.
 * Email on needs APP_URL: every link in an email is built on it, never on a
 * request's Host header, which anyone can forge to have a password reset or
 * invitation link sent to a victim pointing at their own site.
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
  emailLinkOrigin(env);
  return { url, from: env.MAIL_FROM?.trim() || DEFAULT_FROM };
}

export function emailConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.SMTP_URL?.trim());
}

/** The public origin every link in an email is built on: APP_URL's. Throws when it is unset or malformed. */
export function emailLinkOrigin(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.APP_URL?.trim();
  if (!url) throw new Error("APP_URL must be set when email is on (SMTP_URL): links in emails are built on it, never on a request's Host header.");
  try {
    return new URL(url).origin;
  } catch {
    throw new Error("APP_URL is not a URL: use the public address of the app, e.g. https://team.example.com.");
  }
}
