import "server-only";
import { RATE_LIMITS } from "@/lib/config/fixed-limits";
import { prisma, type Tx } from "@/lib/db/client";
import { conflict } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import type { InvitationEmailStatus } from "@/lib/generated/prisma/client";
import { enqueue } from "@/lib/jobs/queue";
import type { JobInfo, ParsedPayload } from "@/lib/jobs/tasks";
import { emailConfigured } from "@/lib/mail/config";
import { renderMail } from "@/lib/mail/render";
import { sendMail } from "@/lib/mail/transport";
import { ROLE_LABELS } from "@/lib/permissions";
import { consume, rateLimited } from "@/lib/rate-limit";
import { seal, unseal } from "@/lib/tokens/sealing";
import { createInvitationToken, hashInvitationToken, invitationUrl } from "@/lib/tokens/invitation-token";
import { invitationState } from "./view";

/**
 * Emailing invitations. The emailed link carries a token of its own, besides
 * the one the inviter shares (Copy Link): nobody but the email's recipient
 * ever sees it, so accepting through it proves the address (respond.ts
 * verifies it). The database keeps its sha256; the job carries it sealed. A
 * resend gives both links new tokens, so an earlier email's link stops
 * working. The worker records the outcome on the invitation (emailStatus):
 * graphile-worker deletes jobs once they succeed.
 */

export const EMAIL_OFF = "Email is not set up on this server, so the invitation can't be emailed. Share the link yourself.";
const SEALED_TOKEN = "invitation-email-link";

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

/**
 * Queues the email in the caller's transaction (after the invitation row is
 * written), counting it against the recipient's limit there too: a change
 * that rolls back neither sends nor counts. At most 5 invitation emails an
 * hour reach one address, whichever organizations send them.
 */
export async function queueInvitationEmail(tx: Tx, invitation: { id: string; email: string }, token: string, origin: string): Promise<void> {
  const hit = await consume({ key: `invitation-email:${invitation.email}`, ...RATE_LIMITS.invitationEmailsPerRecipient }, tx);
  if (!hit.allowed) {
    throw rateLimited(
      hit,
      `${invitation.email} was sent ${hit.limit} invitation emails in the last hour, the most allowed. Share the link yourself, or email it again in ${Math.ceil(hit.resetSeconds / 60)} minutes.`,
    );
  }
  await enqueue(
    tx,
    "invitation_email",
    { invitationId: invitation.id, sealedToken: seal(SEALED_TOKEN, token), origin },
    // A resend replaces a job that hasn't started (waiting for a retry, say).
    { jobKey: `invitation-email:${invitation.id}` },
  );
}

/** Records the outcome of the email of the invitation's current emailed link (none if a resend replaced it). */
async function recordEmailStatus(invitationId: string, emailTokenHash: string, status: InvitationEmailStatus | null) {
  await prisma.invitation.updateMany({
    where: { id: invitationId, emailTokenHash },
    data: status ? { emailStatus: status, emailSentAt: status === "SENT" ? new Date() : null } : emailColumns(null),
  });
}

/**
 * The invitation_email job: sends the link while the invitation is active.
 * Expired first, it is recorded as failed (it never got there in time);
 * answered or cancelled first, as not emailed. A failure on the last attempt
 * is recorded as failed, so Pending Invitations shows it.
 */
export async function sendInvitationEmail(payload: ParsedPayload<"invitation_email">, job: JobInfo): Promise<void> {
  const token = unseal(SEALED_TOKEN, payload.sealedToken);
  const emailTokenHash = hashInvitationToken(token);
  const row = await prisma.invitation.findFirst({
    where: { id: payload.invitationId, emailTokenHash },
    select: { email: true, role: true, status: true, expiresAt: true, invitedByName: true, organization: { select: { name: true } } },
  });
  // Resent since (a newer link, emailed by its own job or not at all), or deleted with its organization.
  if (!row) return;
  const state = invitationState(row);
  if (state !== "ACTIVE") {
    await recordEmailStatus(payload.invitationId, emailTokenHash, state === "EXPIRED" ? "FAILED" : null);
    return;
  }
  const rendered = renderMail("invitation", {
    organizationName: row.organization.name,
    inviterName: row.invitedByName,
    role: ROLE_LABELS[row.role],
    expires: formatDateTime(row.expiresAt),
    link: invitationUrl(payload.origin, token),
  });
  try {
    await sendMail({ to: row.email, ...rendered, jobId: job.id });
  } catch (error) {
    if (job.attempts >= job.maxAttempts) await recordEmailStatus(payload.invitationId, emailTokenHash, "FAILED");
    throw error;
  }
  await recordEmailStatus(payload.invitationId, emailTokenHash, "SENT");
}
