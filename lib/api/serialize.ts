import type { z } from "zod";
import { auditEntryRecord } from "@/lib/audit/export";
import type { ApiKeyView } from "@/lib/services/api-keys";
import type { AuditEntryView } from "@/lib/services/audit";
import type { InviteOutcome } from "@/lib/services/invitations/batch";
import type { InvitationView } from "@/lib/services/invitations/view";
import type { MemberView } from "@/lib/services/members";
import type { apiKeyOut, auditEntryOut, invitationOut, inviteResultOut, memberOut } from "./schemas";

/** Service views → the JSON shapes of lib/api/schemas.ts. */

export function memberJson(member: MemberView): z.infer<typeof memberOut> {
  return {
    userId: member.userId,
    name: member.name,
    email: member.email,
    role: member.role,
    joinedAt: member.joinedAt.toISOString(),
    lastActiveAt: member.lastActiveAt?.toISOString() ?? null,
  };
}

export function invitationJson(invitation: InvitationView, url: string | null = null): z.infer<typeof invitationOut> {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    status: invitation.state.toLowerCase() as z.infer<typeof invitationOut>["status"],
    url,
    expiresAt: invitation.expiresAt.toISOString(),
    createdAt: invitation.createdAt.toISOString(),
    respondedAt: invitation.respondedAt?.toISOString() ?? null,
    invitedBy: invitation.invitedBy,
    cancelReason: (invitation.cancelReason?.toLowerCase() ?? null) as z.infer<typeof invitationOut>["cancelReason"],
    emailStatus: (invitation.emailStatus?.toLowerCase() ?? null) as z.infer<typeof invitationOut>["emailStatus"],
    emailSentAt: invitation.emailSentAt?.toISOString() ?? null,
  };
}

export function inviteResultJson(outcome: InviteOutcome): z.infer<typeof inviteResultOut> {
  if (outcome.status === "invited") return { email: outcome.email, status: outcome.status, invitation: invitationJson(outcome.invitation, outcome.invitation.url), problem: null };
  const { code, message, retryAfter } = outcome.problem;
  return {
    email: outcome.email,
    status: outcome.status,
    invitation: outcome.status === "already_invited" ? invitationJson(outcome.invitation) : null,
    problem: { code, detail: message, ...(retryAfter === undefined ? {} : { retryAfter }) },
  };
}

export function auditEntryJson(entry: AuditEntryView): z.infer<typeof auditEntryOut> {
  return auditEntryRecord(entry) as z.infer<typeof auditEntryOut>;
}

export function apiKeyJson(apiKey: ApiKeyView): z.infer<typeof apiKeyOut> {
  return {
    id: apiKey.id,
    name: apiKey.name,
    role: apiKey.role,
    prefix: apiKey.prefix,
    status: apiKey.revokedAt ? "revoked" : !apiKey.active ? "expired" : apiKey.suspended ? "suspended" : "active",
    createdAt: apiKey.createdAt.toISOString(),
    expiresAt: apiKey.expiresAt?.toISOString() ?? null,
    revokedAt: apiKey.revokedAt?.toISOString() ?? null,
    lastUsedAt: apiKey.lastUsedAt?.toISOString() ?? null,
    createdBy: apiKey.createdBy,
  };
}
