import type { z } from "zod";
import { auditEntryRecord } from "@/lib/audit/export";
import { ROLES } from "@/lib/permissions";
import type { ApiKeyView } from "@/lib/services/api-keys";
import type { AuditEntryView } from "@/lib/services/audit";
import type { InviteOutcome } from "@/lib/services/invitations/batch";
import type { InvitationView } from "@/lib/services/invitations/view";
import type { MemberView } from "@/lib/services/members";
import { apiValue, type apiKeyOut, type auditEntryOut, type invitationOut, type inviteResultOut, type memberOut } from "./schemas";

/** Service views → the JSON shapes of lib/api/schemas.ts. */

export function memberJson(member: MemberView): z.infer<typeof memberOut> {
  return {
    userId: member.userId,
    name: member.name,
    email: member.email,
    role: apiValue(member.role),
    joinedAt: member.joinedAt.toISOString(),
    lastActiveAt: member.lastActiveAt?.toISOString() ?? null,
  };
}

export function invitationJson(invitation: InvitationView, url: string | null = null): z.infer<typeof invitationOut> {
  return {
    id: invitation.id,
    email: invitation.email,
    role: apiValue(invitation.role) as z.infer<typeof invitationOut>["role"],
    status: apiValue(invitation.state),
    url,
    expiresAt: invitation.expiresAt.toISOString(),
    createdAt: invitation.createdAt.toISOString(),
    respondedAt: invitation.respondedAt?.toISOString() ?? null,
    invitedBy: invitation.invitedBy,
    cancelReason: invitation.cancelReason ? apiValue(invitation.cancelReason) : null,
    emailStatus: invitation.emailStatus ? apiValue(invitation.emailStatus) : null,
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

/** The details that hold a role, by action ("from" is a name where the organization was renamed). */
const roleDetails = (action: string) =>
  action === "member.role_changed" || action === "member.ownership_transferred" ? ["role", "from", "to", "previousOwnerRole"] : ["role", "previousOwnerRole"];

export function auditEntryJson(entry: AuditEntryView): z.infer<typeof auditEntryOut> {
  const record = auditEntryRecord(entry);
  const details = { ...record.details };
  for (const key of roleDetails(entry.action)) {
    const value = details[key];
    if (typeof value === "string" && (ROLES as readonly string[]).includes(value)) details[key] = apiValue(value);
  }
  return { ...record, details } as z.infer<typeof auditEntryOut>;
}

export function apiKeyJson(apiKey: ApiKeyView): z.infer<typeof apiKeyOut> {
  return {
    id: apiKey.id,
    name: apiKey.name,
    role: apiValue(apiKey.role) as z.infer<typeof apiKeyOut>["role"],
    prefix: apiKey.prefix,
    status: apiKey.revokedAt ? "revoked" : !apiKey.active ? "expired" : apiKey.suspended ? "suspended" : "active",
    createdAt: apiKey.createdAt.toISOString(),
    expiresAt: apiKey.expiresAt?.toISOString() ?? null,
    revokedAt: apiKey.revokedAt?.toISOString() ?? null,
    lastUsedAt: apiKey.lastUsedAt?.toISOString() ?? null,
    createdBy: apiKey.createdBy,
  };
}
