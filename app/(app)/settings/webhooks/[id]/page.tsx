import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppShell } from "@/app/(app)/app-shell";
import { Section } from "@/components/ui/section";
import { eventTypeOptions } from "@/components/webhooks/event-types";
import { WebhookAttempts, type AttemptRow } from "@/components/webhooks/webhook-attempts";
import { DeleteWebhook, RotateSecret, SendTestEvent } from "@/components/webhooks/webhook-controls";
import { WebhookForm } from "@/components/webhooks/webhook-form";
import { LocalTime } from "@/components/ui/local-time";
import { AppError } from "@/lib/errors";
import { listFromCursor } from "@/lib/pagination";
import { can, refusalOf } from "@/lib/permissions";
import { EVENT_TYPES } from "@/lib/services/events/records";
import { listWebhookAttempts, type AttemptView } from "@/lib/services/webhooks/deliveries";
import { getWebhookEndpoint } from "@/lib/services/webhooks/endpoints";
import { requirePageActor } from "@/lib/auth/session";
import { WEBHOOK_DISABLED_BECAUSE } from "@/lib/webhooks/disable-reasons";
import { deleteWebhookAction, redeliverAction, rotateWebhookSecretAction, sendTestEventAction, updateWebhookAction } from "../actions";

export const metadata: Metadata = { title: "Webhook endpoint" };

function attemptRow(attempt: AttemptView): AttemptRow {
  const retry = attempt.error !== null && attempt.delivery.status === "PENDING" ? attempt.delivery.nextAttemptAt : null;
  return {
    id: attempt.id,
    eventId: attempt.eventId,
    eventType: attempt.eventType,
    attemptedAt: attempt.attemptedAt,
    outcome: attempt.statusCode !== null ? String(attempt.statusCode) : (attempt.error ?? "No answer"),
    succeeded: attempt.error === null,
    latency: `${attempt.durationMs} ms`,
    response: attempt.response,
    manual: attempt.manual,
    nextAttemptAt: retry,
  };
}

export default async function WebhookPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const resolved = await requirePageActor(`/settings/webhooks/${encodeURIComponent(id)}`);
  const { actor } = resolved;
  if (!can(actor.role, "webhook:manage")) {
    return (
      <AppShell resolved={resolved} title="Webhook endpoint">
        <p className="text-sm text-slate-600">{refusalOf("webhook:manage")}</p>
      </AppShell>
    );
  }
  const endpoint = await getWebhookEndpoint(actor, { id }).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  });
  const cursor = typeof (await searchParams).cursor === "string" ? ((await searchParams).cursor as string) : undefined;
  const attempts = await listFromCursor(cursor, (from) => listWebhookAttempts(actor, { id, cursor: from, limit: 20 }));

  return (
    <AppShell resolved={resolved} title="Webhook endpoint">
      <p className="text-sm">
        <Link href="/settings#webhooks" className="font-medium text-brand-700 underline">
          Back to Settings → Webhooks
        </Link>
      </p>
      <Section id="endpoint" title="Endpoint">
        <p className="text-sm text-slate-600">
          Added <LocalTime date={endpoint.createdAt} format="relative" />. Responsible: {endpoint.createdBy.name}; it stops when they may no longer manage webhooks.
        </p>
        {!endpoint.enabled && endpoint.disabledReason && endpoint.autoDisabledAt ? (
          <p role="status" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            Teamhub disabled this endpoint <LocalTime date={endpoint.autoDisabledAt} format="relative" />. {WEBHOOK_DISABLED_BECAUSE[endpoint.disabledReason]} Events of the time it was
            disabled are in the events feed (GET /api/v1/events).
          </p>
        ) : endpoint.failingSince ? (
          <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Deliveries have been failing since <LocalTime date={endpoint.failingSince} />. After a day of failures Teamhub disables the endpoint.
          </p>
        ) : null}
        <WebhookForm
          action={updateWebhookAction}
          eventTypes={eventTypeOptions(EVENT_TYPES)}
          endpoint={{ id: endpoint.id, url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes, enabled: endpoint.enabled }}
        />
      </Section>
      <Section id="signing-secret" title="Signing secret">
        <p className="text-sm text-slate-600">
          {endpoint.previousSecretExpiresAt ? (
            <>
              Requests are signed with the new secret and, until <LocalTime date={endpoint.previousSecretExpiresAt} />, the previous one too.
            </>
          ) : (
            "Every request is signed with it (Standard Webhooks: webhook-id, webhook-timestamp and webhook-signature headers)."
          )}
        </p>
        <RotateSecret id={endpoint.id} action={rotateWebhookSecretAction} />
      </Section>
      <Section id="attempts" title="Attempts" description="Every request to this endpoint, newest first. Failed deliveries are retried for about a day.">
        <div className="flex flex-wrap items-center gap-4">
          <SendTestEvent id={endpoint.id} action={sendTestEventAction} />
          <Link href={`/settings/webhooks/${endpoint.id}#attempts`} className="text-sm font-medium text-brand-700 underline">
            Reload attempts
          </Link>
        </div>
        <WebhookAttempts
          endpointId={endpoint.id}
          attempts={attempts.data.map(attemptRow)}
          olderHref={attempts.nextCursor ? `/settings/webhooks/${endpoint.id}?${new URLSearchParams({ cursor: attempts.nextCursor })}#attempts` : null}
          redeliverAction={redeliverAction}
        />
      </Section>
      <Section id="delete" title="Delete endpoint">
        <DeleteWebhook id={endpoint.id} url={endpoint.url} action={deleteWebhookAction} />
      </Section>
    </AppShell>
  );
}
