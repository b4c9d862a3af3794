import "server-only";
import { z } from "zod";
import { prisma, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { decodeCursor, pageLimit, pageOf } from "@/lib/pagination";
import { parseInput } from "@/lib/validation";
import { authorize } from "./access";
import type { Actor } from "./types";

export const AUDIT_ACTIONS = [
  "organization.created",
  "organization.switched",
  "organization.renamed",
  "organization.deleted",
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

type AuditActor = Pick<Actor, "userId" | "name" | "email" | "ip" | "apiKey">;

/** Appends an entry in the caller's transaction, so it exists exactly when the change does. */
export async function recordAudit(tx: Tx, actor: AuditActor, entry: AuditEntry) {
  await recordAudits(tx, actor, [entry]);
}

/** Appends several entries by one actor in one statement, in the caller's transaction. */
export async function recordAudits(tx: Tx, actor: AuditActor, entries: AuditEntry[]) {
  if (entries.length === 0) return;
  await tx.auditLog.createMany({ data: entries.map((entry) => auditRow(actor, entry)) });
}

function auditRow(actor: AuditActor, entry: AuditEntry) {
  return {
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
  };
}

/**
 * An INSERT of an entry, for a statement of the caller's making (a pipelined write, say): one
 * entry for each row of `from`, so it exists exactly when they do.
 */
export function auditInsert(actor: AuditActor, entry: AuditEntry, from: Prisma.Sql): Prisma.Sql {
  const row = auditRow(actor, entry);
  return Prisma.sql`INSERT INTO audit_logs
      (organization_id, action, actor_user_id, actor_api_key_id, actor_name, actor_email, target_type, target_id, target_label, details, ip)
    SELECT ${row.organizationId}::uuid, ${row.action}, ${row.actorUserId}::uuid, ${row.actorApiKeyId}::uuid, ${row.actorName}, ${row.actorEmail},
           ${row.targetType}, ${row.targetId}, ${row.targetLabel}, ${JSON.stringify(row.details)}::jsonb, ${row.ip}
    FROM ${from}`;
}

export type AuditEntryView = {
  id: string;
  action: string;
  createdAt: Date;
  actor: { userId: string | null; apiKeyId: string | null; name: string; email: string | null };
  target: { type: string; id: string; label: string | null } | null;
  details: Prisma.JsonValue;
  ip: string | null;
};

export const listAuditLogInput = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  cursor: z.string().optional(),
  limit: pageLimit,
});

// Ids are bigints: the cursor carries them as decimal strings (18 digits stay within int8).
const auditCursor = z.string().regex(/^\d{1,18}$/);

/** The organization's audit log, newest first (keyset on id, which grows with time). */
export async function listAuditLog(
  actor: Actor,
  input: z.input<typeof listAuditLogInput> = {},
): Promise<{ data: AuditEntryView[]; nextCursor: string | null }> {
  const { action, cursor, limit } = parseInput(listAuditLogInput, input);
  authorize(actor, "audit:read");
  const before = cursor ? BigInt(decodeCursor(auditCursor, cursor)) : null;
  const rows = await prisma.auditLog.findMany({
    where: { organizationId: actor.organizationId, ...(action ? { action } : {}), ...(before !== null ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = pageOf(rows, limit, (row) => row.id.toString());
  return {
    data: page.data.map((row) => ({
      id: row.id.toString(),
      action: row.action,
      createdAt: row.createdAt,
      actor: { userId: row.actorUserId, apiKeyId: row.actorApiKeyId, name: row.actorName, email: row.actorEmail },
      target: row.targetType && row.targetId ? { type: row.targetType, id: row.targetId, label: row.targetLabel } : null,
      details: row.details,
      ip: row.ip,
    })),
    nextCursor: page.nextCursor,
  };
}
