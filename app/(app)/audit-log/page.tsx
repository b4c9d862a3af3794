import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/(app)/app-shell";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { listFromCursor } from "@/lib/pagination";
import { can, refusalOf } from "@/lib/permissions";
import { AUDIT_ACTIONS, listAuditLog, type AuditAction } from "@/lib/services/audit";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log" };

function describeDetails(details: unknown): string {
  if (!details || typeof details !== "object" || Array.isArray(details)) return "";
  return Object.entries(details as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const resolved = await requireActor("/audit-log");
  const { actor } = resolved;
  if (!can(actor.role, "audit:read")) {
    return (
      <AppShell resolved={resolved} title="Audit log">
        <p className="text-sm text-slate-600">{refusalOf("audit:read")}</p>
      </AppShell>
    );
  }
  const params = await searchParams;
  const action = AUDIT_ACTIONS.find((candidate) => candidate === params.action) as AuditAction | undefined;
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  const page = await listFromCursor(cursor, (from) => listAuditLog(actor, { action, cursor: from }));

  return (
    <AppShell resolved={resolved} title="Audit log">
      <form className="flex max-w-md items-end gap-2" action="/audit-log">
        <div className="flex-1 space-y-1">
          <label htmlFor="action" className="block text-sm font-medium">
            Action
          </label>
          <select id="action" name="action" defaultValue={action ?? ""} className={inputClass}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
      </form>
      {page.data.length === 0 ? (
        <p className="text-sm text-slate-600">No entries.</p>
      ) : (
        <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Audit log entries, newest first">
          {page.data.map((entry) => (
            <li key={entry.id} className="space-y-0.5 p-3 text-sm" data-testid="audit-entry">
              <p>
                <span className="font-mono text-xs font-semibold">{entry.action}</span>
                {entry.target ? <span className="break-all"> · {entry.target.label ?? entry.target.id}</span> : null}
              </p>
              <p className="break-all text-slate-600">
                by {entry.actor.name}
                {entry.actor.email ? ` <${entry.actor.email}>` : ""} · <LocalTime date={entry.createdAt} />
                {entry.ip ? ` · ${entry.ip}` : ""}
              </p>
              {describeDetails(entry.details) ? <p className="break-all text-xs text-slate-500">{describeDetails(entry.details)}</p> : null}
            </li>
          ))}
        </ol>
      )}
      {page.nextCursor ? (
        <Link className="text-sm font-medium text-brand-700 underline" href={`/audit-log?${new URLSearchParams({ ...(action ? { action } : {}), cursor: page.nextCursor })}`}>
          Older entries
        </Link>
      ) : null}
    </AppShell>
  );
}
