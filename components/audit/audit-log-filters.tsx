import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Field, fieldProps } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";
import type { AuditFilterText } from "@/lib/services/audit";
import { TimeZoneField } from "./time-zone-field";

/**
 * The audit log's filters: a plain GET form, so a filtered log is a URL to
 * share or bookmark, and everything works from the keyboard (and without JavaScript).
 */
export function AuditLogFilters({
  filters,
  actions,
  errors,
}: {
  filters: AuditFilterText;
  /** Every action, with its label, in the order the dropdown lists them. */
  actions: { value: string; label: string }[];
  errors?: FieldErrors;
}) {
  const timeZone = filters.timeZone ?? "UTC";
  return (
    // Keyed by the filters: a navigation to other filters (Clear filters, a link) starts the form over from them.
    <form key={new URLSearchParams(filters).toString()} action="/audit-log" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-label="Filter the audit log">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Person" name="actor" errors={errors?.actor} hint="Part of a name or email">
          <input type="search" defaultValue={filters.actor ?? ""} autoComplete="off" {...fieldProps("actor", errors?.actor, "Part of a name or email")} />
        </Field>
        <Field label="Action" name="action" errors={errors?.action}>
          <select defaultValue={filters.action ?? ""} {...fieldProps("action", errors?.action)}>
            <option value="">All actions</option>
            {actions.map((action) => (
              <option key={action.value} value={action.value}>
                {action.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="From" name="from" errors={errors?.from}>
          <input type="date" defaultValue={filters.from ?? ""} {...fieldProps("from", errors?.from)} />
        </Field>
        <Field label="To" name="to" errors={errors?.to}>
          <input type="date" defaultValue={filters.to ?? ""} {...fieldProps("to", errors?.to)} />
        </Field>
      </div>
      <TimeZoneField timeZone={timeZone} />
      {errors?.timeZone ? (
        <p role="alert" className="text-sm text-red-700">
          {errors.timeZone.join(" ")}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
        <Link href="/audit-log" className="text-sm font-medium text-brand-700 underline">
          Clear filters
        </Link>
        <p className="text-xs text-slate-500">
          From and To are whole days, both included, in your time zone{filters.timeZone ? ` (this view: ${filters.timeZone})` : ""}.
        </p>
      </div>
    </form>
  );
}
