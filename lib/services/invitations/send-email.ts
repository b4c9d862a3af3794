import "server-only";
import { prisma } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import type { InvitationEmailStatus } from "@/lib/generated/prisma/client";
import type { JobInfo, ParsedPayload } from "@/lib/jobs/tasks";
import { emailLinkOrigin } from "@/lib/mail/config";
import { renderMail } from "@/lib/mail/render";
import { sendMail } from "@/lib/mail/transport";
import { ROLE_LABELS } from "@/lib/permissions";
import { unseal } from "@/lib/tokens/sealing";
import { hashInvitationToken, invitationUrl } from "@/lib/tokens/invitation-token";
import { emailColumns, SEALED_TOKEN } from "./email";
import { invitationState } from "./view";

/** The invitation_email job (queued by email.ts): sends the email and records how it went. */

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
    link: invitationUrl(emailLinkOrigin(), token),
  });
  try {
    await sendMail({ to: row.email, ...rendered, jobId: job.id });
  } catch (error) {
    if (job.attempts >= job.maxAttempts) await recordEmailStatus(payload.invitationId, emailTokenHash, "FAILED");
    throw error;
  }
  await recordEmailStatus(payload.invitationId, emailTokenHash, "SENT");
}
