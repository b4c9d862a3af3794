import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { FormAction } from "@/lib/forms/action-state";
import { Redeliver } from "./webhook-controls";

export type AttemptRow = {
  id: string;
  eventId: string;
  eventType: string;
  attemptedAt: Date;
  /** The HTTP status, or what happened instead ("Timed out after 10 s"). */
  outcome: string;
  succeeded: boolean;
  latency: string;
  response: string;
  manual: boolean;
  /** When the next automatic attempt is due, while the delivery waits for one. */
  nextAttemptAt: Date | null;
};

/** The endpoint's attempts, newest first: time, event, answer, latency, the answer's first 1 KiB, Redeliver. */
export function WebhookAttempts({ endpointId, attempts, olderHref, redeliverAction }: { endpointId: string; attempts: AttemptRow[]; olderHref: string | null; redeliverAction: FormAction }) {
  return (
    <div className="space-y-3">
      {attempts.length === 0 ? (
        <p className="text-sm text-slate-600">No attempts yet. Send a test event, or change something in the organization.</p>
      ) : (
        <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200" aria-label="Attempts, newest first">
          {attempts.map((attempt) => (
            <li key={attempt.id} className="flex flex-wrap items-start justify-between gap-3 p-4" data-testid="webhook-attempt">
              <div className="min-w-0 space-y-1">
                <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${attempt.succeeded ? "bg-green-100 text-green-800" : "bg-red-100 text-red-800"}`}>{attempt.outcome}</span>
                  <code className="font-medium">{attempt.eventType}</code>
                  <span className="text-slate-600">
                    <LocalTime date={attempt.attemptedAt} />
                  </span>
                  <span className="text-slate-600">{attempt.latency}</span>
                  {attempt.manual ? <span className="text-slate-500">manual</span> : null}
                </p>
                <p className="break-all font-mono text-xs text-slate-500">{attempt.eventId}</p>
                {attempt.nextAttemptAt ? (
                  <p className="text-sm text-amber-800">
                    Retried <LocalTime date={attempt.nextAttemptAt} format="relative" />
                  </p>
                ) : null}
                {attempt.response ? (
                  <details className="text-sm">
                    <summary className="cursor-pointer text-slate-700">Answer (first 1 KiB)</summary>
                    <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{attempt.response}</pre>
                  </details>
                ) : null}
              </div>
              <Redeliver id={endpointId} eventId={attempt.eventId} eventType={attempt.eventType} action={redeliverAction} />
            </li>
          ))}
        </ol>
      )}
      {olderHref ? (
        <Link href={olderHref} className="text-sm font-medium text-brand-700 underline">
          Older attempts
        </Link>
      ) : null}
    </div>
  );
}
