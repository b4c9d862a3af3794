import "server-only";
import { z } from "zod";
import { prisma, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { decodeCursor, pageLimit, pageOf } from "@/lib/pagination";
import { isTimeZone, startOfDay } from "@/lib/time-zone";
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
  "member.ownership_transferred",
  "api_key.created",
  "api_key.revoked",
  "webhook.created",
  "webhook.updated",
  "webhook.secret_rotated",
  "webhook.deleted",
  "webhook.disabled",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Actions older entries carry that are no longer recorded: switching the active
 * organization is a personal preference, not an organization event. Their
 * entries stay readable (and filterable).
 */
type NoLongerRecorded = "organization.switched";

type AuditEntry = {
  organizationId: string;
  action: Exclude<AuditAction, NoLongerRecorded>;
  target?: { type: string; id: string; label?: string };
  details?: Prisma.InputJsonObject;
};

/** Who made the change; Teamhub itself (disabling a failing webhook) has no user. */
export type AuditActor = Pick<Actor, "name" | "ip" | "apiKey"> & { userId: string | null; email: string | null };

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

const day = z.iso.date({ error: "Use a date like 2026-12-01." });

/** The filters of the audit log, its export and the API: each optional, all combined. */
export const auditFilterShape = {
  action: z.enum(AUDIT_ACTIONS, { error: "Choose an action from the list." }).optional(),
  actor: z.string().trim().max(200, "Use at most 200 characters.").optional(),
  from: day.optional(),
  to: day.optional(),
  timeZone: z.string().max(100).refine(isTimeZone, "Use a time zone name like Europe/Paris or UTC.").default("UTC"),
};

type AuditFilter = z.infer<z.ZodObject<typeof auditFilterShape>>;
/** The filters as text, as a URL carries them (validated like any input). */
export type AuditFilterText = Partial<Record<keyof typeof auditFilterShape, string>>;

const withDateOrder = <S extends z.ZodObject<typeof auditFilterShape>>(schema: S) =>
  schema.refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, {
    path: ["to"],
    message: "The end date is before the start date.",
  });

export const auditFilterInput = withDateOrder(z.object(auditFilterShape));

export const listAuditLogInput = withDateOrder(z.object({ ...auditFilterShape, cursor: z.string().optional(), limit: pageLimit }));

// Ids are bigints: the cursor carries them as decimal strings (18 digits stay within int8).
const auditCursor = z.string().regex(/^\d{1,18}$/);

/**
 * The rows a filter selects. `actor` matches the name or email the entry was
 * recorded with, anywhere in it, case-insensitively (an API key's entries carry
 * "<key> (API key of <person>)", so they match their creator's name too). `from`
 * and `to` are whole days on the clock of `timeZone`, both included.
 */
function filterWhere(organizationId: string, filter: AuditFilter): Prisma.AuditLogWhereInput {
  const { action, actor, from, to, timeZone } = filter;
  const pattern = actor ? actor.replace(/[\\%_]/g, "\\$&") : null;
  return {
    organizationId,
    ...(action ? { action } : {}),
    ...(pattern
      ? { OR: [{ actorName: { contains: pattern, mode: "insensitive" } }, { actorEmail: { contains: pattern, mode: "insensitive" } }] }
      : {}),
    ...(from || to
      ? { createdAt: { ...(from ? { gte: startOfDay(from, timeZone) } : {}), ...(to ? { lt: startOfDay(to, timeZone, 1) } : {}) } }
      : {}),
  };
}

type AuditRow = Prisma.AuditLogGetPayload<object>;

function viewOf(row: AuditRow): AuditEntryView {
  return {
    id: row.id.toString(),
    action: row.action,
    createdAt: row.createdAt,
    actor: { userId: row.actorUserId, apiKeyId: row.actorApiKeyId, name: row.actorName, email: row.actorEmail },
    target: row.targetType && row.targetId ? { type: row.targetType, id: row.targetId, label: row.targetLabel } : null,
    details: row.details,
    ip: row.ip,
  };
}

/** The organization's audit log, newest first (keyset on id, which grows with time). */
export async function listAuditLog(
  actor: Actor,
  input: z.input<typeof listAuditLogInput> | (AuditFilterText & { cursor?: string; limit?: number }) = {},
): Promise<{ data: AuditEntryView[]; nextCursor: string | null }> {
  const { cursor, limit, ...filter } = parseInput(listAuditLogInput, input);
  authorize(actor, "audit:read");
  const before = cursor ? BigInt(decodeCursor(auditCursor, cursor)) : null;
  const rows = await prisma.auditLog.findMany({
    where: { ...filterWhere(actor.organizationId, filter), ...(before !== null ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = pageOf(rows, limit, (row) => row.id.toString());
  return { data: page.data.map(viewOf), nextCursor: page.nextCursor };
}

/** Rows an export reads at a time: memory stays bounded by this however long the log is. */
export const EXPORT_PAGE_SIZE = 1000;

/**
 * The filtered log for an export, newest first, as pages read one at a time
 * when the consumer asks for the next (keyset on id: each read is one indexed
 * query of at most `pageSize` rows). The filter and permission are checked
 * here, before anything is read, so a refusal comes before a response starts.
 * Entries added while an export runs are not in it (they are newer than its first page).
 */
export async function exportAuditLog(
  actor: Actor,
  input: z.input<typeof auditFilterInput> | AuditFilterText = {},
  pageSize = EXPORT_PAGE_SIZE,
): Promise<{ organizationName: string; pages: AsyncGenerator<AuditEntryView[]> }> {
  const filter = parseInput(auditFilterInput, input);
  authorize(actor, "audit:read");
  const organization = await prisma.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: { name: true } });
  const where = filterWhere(actor.organizationId, filter);
  async function* pages() {
    let before: bigint | null = null;
    for (;;) {
      const rows: AuditRow[] = await prisma.auditLog.findMany({
        where: before === null ? where : { ...where, id: { lt: before } },
        orderBy: { id: "desc" },
        take: pageSize,
      });
      if (rows.length > 0) yield rows.map(viewOf);
      if (rows.length < pageSize) return;
      before = rows[rows.length - 1]!.id;
    }
  }
  return { organizationName: organization.name, pages: pages() };
}
