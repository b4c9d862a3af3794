import { LocalTime } from "@/components/ui/local-time";

type Entry = {
  id: string;
  action: string;
  sentence: string;
  createdAt: Date;
  actor: { email: string | null };
  target: { label: string | null } | null;
  ip: string | null;
};

/**
 * Audit entries, newest first: what happened as a sentence, then when (the
 * reader's clock), the actor's email, the target's label where the sentence
 * names it otherwise (a member by name: the email tells two Bobs apart), the
 * action and the address.
 */
export function AuditLogEntries({ entries, filtered }: { entries: Entry[]; filtered: boolean }) {
  if (entries.length === 0) return <p className="text-sm text-slate-600">{filtered ? "No entries match these filters." : "No entries yet."}</p>;
  return (
    <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Audit log entries, newest first">
      {entries.map((entry) => (
        <li key={entry.id} className="space-y-0.5 p-3 text-sm" data-testid="audit-entry">
          <p className="break-words text-slate-900">{entry.sentence}</p>
          <p className="break-all text-xs text-slate-600">
            <LocalTime date={entry.createdAt} format="datetime-relative" />
            {entry.actor.email ? ` · by ${entry.actor.email}` : ""}
            {entry.target?.label && !entry.sentence.includes(entry.target.label) ? ` · about ${entry.target.label}` : ""} · <span className="font-mono">{entry.action}</span>
            {entry.ip ? ` · ${entry.ip}` : ""}
          </p>
        </li>
      ))}
    </ol>
  );
}
