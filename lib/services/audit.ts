import type { Prisma, Tx } from "@/lib/db/client";
import type { Actor } from "./types";

export const AUDIT_ACTIONS = [
  "organization.created",
  "organization.switched",
  "invitation.created",
  "invitation.resent",
  "invitation.cancelled",
  "invitation.accepted",
  "invitation.rejected",
  "member.role_changed",
  "member.removed",
  "member.left",
  "api_key.created",
  "api_key.revoked",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

type AuditEntry = {
  organizationId: string;
  action: AuditAction;
  target?: { type: string; id: string; label?: string };
  details?: Prisma.InputJsonObject;
};

/** Appends an entry in the caller's transaction, so it exists exactly when the change does. */
export async function recordAudit(tx: Tx, actor: Pick<Actor, "userId" | "name" | "email" | "ip" | "apiKey">, entry: AuditEntry) {
  await tx.auditLog.create({
    data: {
      organizationId: entry.organizationId,
      action: entry.action,
      actorUserId: actor.userId,
      actorApiKeyId: actor.apiKey?.id ?? null,
      actorName: actor.apiKey ? `${actor.apiKey.name} (API key of ${actor.name})` : actor.name,
      actorEmail: actor.email,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      targetLabel: entry.target?.label ?? null,
      details: entry.details ?? {},
      ip: actor.ip,
    },
  });
}
