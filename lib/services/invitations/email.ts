import "server-only";
import { RATE_LIMITS } from "@/lib/config/fixed-limits";
import type { Tx } from "@/lib/db/client";
import { conflict, type AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { addJob } from "@/lib/jobs/queue";
import { emailConfigured } from "@/lib/mail/config";
import { consume, rateLimited, type Limit, type LimitState } from "@/lib/rate-limit";
import { seal } from "@/lib/tokens/sealing";
import { createInvitationToken, hashInvitationToken } from "@/lib/tokens/invitation-token";

/**
 * Emailing invitations. The emailed link carries a token of its own, besides
 * the one the inviter shares (Copy Link): nobody but the email's recipient
 * ever sees it, so accepting through it proves the address (respond.ts
 * verifies it). The database keeps its sha256; the job carries it sealed. A
 * resend gives both links new tokens, so an earlier email's link stops
 * working. The job (send-email.ts, kept apart: it renders the email, which
 * pages may not import) records the outcome on the invitation (emailStatus),
 * as graphile-worker deletes jobs once they succeed.
 */

const EMAIL_OFF = "Email is not set up on this server, so the invitation can't be emailed. Share the link yourself.";
/** The purpose the emailed link's token is sealed for in its job (send-email.ts opens it). */
export const SEALED_TOKEN = "invitation-email-link";

/** Whether to email a new invitation: as asked, by default whenever the server sends email; asked with email off, refused. */
export function wantsEmail(requested: boolean | undefined): boolean {
  if (requested && !emailConfigured()) throw conflict(EMAIL_OFF);
  return requested ?? emailConfigured();
}

/** A token for an emailed link, or none. */
export function emailedLinkToken(emailed: boolean): string | null {
  return emailed ? createInvitationToken() : null;
}

/** The invitation's email columns for its current link: queued with the emailed link's token, or not emailed. */
export function emailColumns(token: string | null) {
  return {
    emailTokenHash: token ? hashInvitationToken(token) : null,
    emailStatus: token ? ("QUEUED" as const) : null,
    emailSentAt: null,
  };
}

/** At most 5 invitation emails an hour reach one address, whichever organizations send them. */
export function invitationEmailLimit(email: string): Limit {
  return { key: `invitation-email:${email}`, ...RATE_LIMITS.invitationEmailsPerRecipient };
}

export function invitationEmailRefused(hit: LimitState, email: string): AppError {
  return rateLimited(
    hit,
    `${email} was sent ${hit.limit} invitation emails in the last hour, the most allowed. Share the link yourself, or email it again in ${Math.ceil(hit.resetSeconds / 60)} minutes.`,
  );
}

/** The job that emails the invitation's link (see addJob: the caller's statement runs it). */
export function invitationEmailJob(invitationId: string, token: string): Prisma.Sql {
  // A resend replaces a job that hasn't started (waiting for a retry, say).
  return addJob("invitation_email", { invitationId, sealedToken: seal(SEALED_TOKEN, token) }, { jobKey: `invitation-email:${invitationId}` });
}

/**
 * Queues the email in the caller's transaction (after the invitation row is
 * written), counting it against the recipient's limit there too: a change
 * that rolls back neither sends nor counts.
 */
export async function queueInvitationEmail(tx: Tx, invitation: { id: string; email: string }, token: string): Promise<void> {
  const hit = await consume(invitationEmailLimit(invitation.email), tx);
  if (!hit.allowed) throw invitationEmailRefused(hit, invitation.email);
  await tx.$executeRaw`SELECT 1 FROM ${invitationEmailJob(invitation.id, token)}`;
}
