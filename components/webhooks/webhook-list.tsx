import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";

export type WebhookRow = {
  id: string;
  url: string;
  description: string;
  /** "All events", or the types. */
  events: string;
  status: "Enabled" | "Disabled" | "Disabled by Teamhub";
  /** Why Teamhub disabled it and what to do, or null. */
  disabledBecause: string | null;
  /** Since when deliveries have been failing; null while they succeed. */
  failingSince: Date | null;
  /** The person responsible for it (its creator, or whoever enabled it again last). */
  createdBy: string;
  createdAt: Date;
};

/** The organization's webhook endpoints, each with a link to its page (edit, secret, test event, attempts). */
export function WebhookList({ webhooks }: { webhooks: WebhookRow[] }) {
  if (webhooks.length === 0) return <p className="text-sm text-slate-600">No webhook endpoints yet.</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200" aria-label="Webhook endpoints">
      {webhooks.map((webhook) => (
        <li key={webhook.id} className="flex flex-wrap items-start justify-between gap-3 p-4" data-testid="webhook-row">
          <div className="min-w-0 space-y-1">
            <p className="break-all font-mono text-sm font-medium">{webhook.url}</p>
            {webhook.description ? <p className="text-sm text-slate-700">{webhook.description}</p> : null}
            <p className="text-xs text-slate-500">
              {webhook.status} · {webhook.events} · responsible: {webhook.createdBy} · added <LocalTime date={webhook.createdAt} format="relative" />
            </p>
            {webhook.disabledBecause ? (
              <p className="text-sm text-red-700">{webhook.disabledBecause}</p>
            ) : webhook.failingSince ? (
              <p className="text-sm text-amber-800">
                Deliveries failing since <LocalTime date={webhook.failingSince} format="relative" />.
              </p>
            ) : null}
          </div>
          <Link href={`/settings/webhooks/${webhook.id}`} className="text-sm font-medium text-brand-700 underline" aria-label={`Manage webhook ${webhook.url}`}>
            Manage
          </Link>
        </li>
      ))}
    </ul>
  );
}
