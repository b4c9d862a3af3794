import { stringify } from "csv-stringify/sync";
import type { AuditEntryView } from "@/lib/services/audit";
import { auditSentence } from "./sentences";

/**
 * The audit log as a download: CSV (a header row, then one row per entry) or
 * JSON (one array of entries, written as it is read). Either is produced a
 * page at a time as the client reads it, so memory stays bounded by one page.
 */

export const AUDIT_EXPORT_FORMATS = ["csv", "json"] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** One exported entry: what the API returns for it, plus its sentence. */
export function auditEntryRecord(entry: AuditEntryView) {
  return {
    id: entry.id,
    createdAt: entry.createdAt.toISOString(),
    action: entry.action,
    sentence: auditSentence(entry),
    actor: entry.actor,
    target: entry.target,
    details: (entry.details ?? {}) as Record<string, unknown>,
    ip: entry.ip,
  };
}

export const AUDIT_CSV_COLUMNS = [
  "id",
  "time_utc",
  "action",
  "sentence",
  "actor_name",
  "actor_email",
  "actor_user_id",
  "actor_api_key_id",
  "target_type",
  "target_id",
  "target_label",
  "details",
  "ip",
] as const;

function csvRow(entry: AuditEntryView): string[] {
  return [
    entry.id,
    entry.createdAt.toISOString(),
    entry.action,
    auditSentence(entry),
    entry.actor.name,
    entry.actor.email ?? "",
    entry.actor.userId ?? "",
    entry.actor.apiKeyId ?? "",
    entry.target?.type ?? "",
    entry.target?.id ?? "",
    entry.target?.label ?? "",
    JSON.stringify(entry.details ?? {}),
    entry.ip ?? "",
  ];
}

/**
 * CSV by csv-stringify: its quoting, and its `escape_formulas`, which puts a
 * ' before any cell starting with = + - @ tab or CR (and their full-width
 * forms), so a spreadsheet shows a name like "=HYPERLINK(…)" instead of running it.
 */
function csvChunk(entries: AuditEntryView[], first: boolean): string {
  return stringify(entries.map(csvRow), { header: first, columns: [...AUDIT_CSV_COLUMNS], escape_formulas: true, record_delimiter: "\r\n" });
}

function jsonChunk(entries: AuditEntryView[], first: boolean): string {
  const items = entries.map((entry) => JSON.stringify(auditEntryRecord(entry))).join(",\n");
  return `${first ? "[\n" : ",\n"}${items}`;
}

/**
 * The body of an export: each time the client reads, the next page is read from
 * `pages` and written (a pull stream, so a slow client slows the reads rather
 * than filling memory).
 */
export function auditExportStream(pages: AsyncIterator<AuditEntryView[]>, format: AuditExportFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let first = true;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await pages.next();
        if (next.done) {
          if (format === "csv" && first) controller.enqueue(encoder.encode(csvChunk([], true)));
          if (format === "json") controller.enqueue(encoder.encode(first ? "[]\n" : "\n]\n"));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(format === "csv" ? csvChunk(next.value, first) : jsonChunk(next.value, first)));
        first = false;
      },
      async cancel() {
        await pages.return?.(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/** "audit-log-acme-corp-2026-12-01.csv": the organization's name as a slug, and the day (UTC). */
export function auditExportFilename(organizationName: string, format: AuditExportFormat, now = new Date()): string {
  const slug =
    organizationName
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "organization";
  return `audit-log-${slug}-${now.toISOString().slice(0, 10)}.${format}`;
}

export const AUDIT_EXPORT_CONTENT_TYPES: Record<AuditExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};
