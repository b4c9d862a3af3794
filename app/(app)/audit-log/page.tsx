import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/(app)/app-shell";
import { AuditLogEntries } from "@/components/audit/audit-log-entries";
import { AuditLogFilters } from "@/components/audit/audit-log-filters";
import { buttonClass } from "@/components/ui/button";
import { auditFilterParams } from "@/lib/audit/filters";
import { AUDIT_WORDS, auditSentence } from "@/lib/audit/sentences";
import { requirePageActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { listFromCursor } from "@/lib/pagination";
import { can, refusalOf } from "@/lib/permissions";
import { AUDIT_ACTIONS, listAuditLog } from "@/lib/services/audit";

export const metadata: Metadata = { title: "Audit log" };

const ACTION_CHOICES = AUDIT_ACTIONS.map((action) => ({ value: action, label: AUDIT_WORDS[action].label }));

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const resolved = await requirePageActor("/audit-log");
  const { actor } = resolved;
  if (!can(actor.role, "audit:read")) {
    return (
      <AppShell resolved={resolved} title="Audit log">
        <p className="text-sm text-slate-600">{refusalOf("audit:read")}</p>
      </AppShell>
    );
  }
  const params = await searchParams;
  const filters = auditFilterParams(params);
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  let page;
  try {
    page = await listFromCursor(cursor, (from) => listAuditLog(actor, { ...filters, cursor: from }));
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "VALIDATION") throw error;
    return (
      <AppShell resolved={resolved} title="Audit log">
        <AuditLogFilters filters={filters} actions={ACTION_CHOICES} errors={error.fieldErrors} />
      </AppShell>
    );
  }
  const filtered = Object.keys(filters).some((key) => key !== "timeZone");
  const query = (extra: Record<string, string>) => new URLSearchParams({ ...filters, ...extra }).toString();

  return (
    <AppShell resolved={resolved} title="Audit log">
      <AuditLogFilters filters={filters} actions={ACTION_CHOICES} />
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-600">Export {filtered ? "these entries" : "the whole log"}:</span>
        <a className={buttonClass("secondary")} href={`/audit-log/export?${query({ format: "csv" })}`} download>
          Export CSV
        </a>
        <a className={buttonClass("secondary")} href={`/audit-log/export?${query({ format: "json" })}`} download>
          Export JSON
        </a>
      </div>
      <AuditLogEntries entries={page.data.map((entry) => ({ ...entry, sentence: auditSentence(entry) }))} filtered={filtered} />
      {page.nextCursor ? (
        <Link className="text-sm font-medium text-brand-700 underline" href={`/audit-log?${query({ cursor: page.nextCursor })}`}>
          Older entries
        </Link>
      ) : null}
    </AppShell>
  );
}
