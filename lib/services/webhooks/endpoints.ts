import "server-only";
import { z } from "zod";
import { WEBHOOKS } from "@/lib/config/fixed-limits";
import { prisma, type Prisma, type Tx } from "@/lib/db/client";
import { conflict, notFound } from "@/lib/errors";
import type { WebhookDisableReason } from "@/lib/generated/prisma/client";
import { idSchema, parseInput } from "@/lib/validation";
import { createWebhookSecret, sealWebhookSecret } from "@/lib/webhooks/signing";
import { webhookUrlSchema } from "@/lib/webhooks/settings";
import { authorize, lockForWrite } from "../access";
import { recordAudit, recordAudits, type AuditActor } from "../audit";
import { EVENT_TYPES, type EventType } from "../events/records";
import { notifyMembers } from "../notifications";
import type { Actor } from "../types";

/**
 * Webhook endpoints: where an organization's events are POSTed. Owners and
 * Admins manage them (signed in, or with an Admin API key), each change
 * audit-logged. The signing secret is in the result of creating or rotating
 * and nowhere else readable: it is stored sealed.
 *
 * An endpoint carries the authority of the person responsible for it: its
 * creator, or whoever enabled it again last. When they are removed, leave, or
 * get a role that may not manage webhooks, it is disabled (disableEndpointsOf).
 */

export type WebhookEndpointView = {
  id: string;
  url: string;
  description: string;
  /** Null: every event type. */
  eventTypes: EventType[] | null;
  enabled: boolean;
  /** When Teamhub disabled it (null otherwise); disabledReason says why. */
  autoDisabledAt: Date | null;
  /** Why Teamhub disabled it: a day of failed deliveries, or its creator lost the authority to manage webhooks. */
  disabledReason: WebhookDisableReason | null;
  /** Since when its deliveries have been failing, without a success since; null while they succeed. */
  failingSince: Date | null;
  /** After a rotation: until when the previous secret still signs too. */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** The person responsible: who created it, or who enabled it again last, as they were then; id is null once their account is deleted. */
  createdBy: { id: string | null; name: string; email: string };
};

const eventTypesSchema = z
  .array(z.enum(EVENT_TYPES, { error: "Unknown event type." }), { error: "Choose the event types, or all of them." })
  .min(1, "Choose at least one event type, or all of them.")
  .max(EVENT_TYPES.length)
  .nullable()
  // Kept in one order, without repeats.
  .transform((types) => types && EVENT_TYPES.filter((type) => types.includes(type)));
const descriptionSchema = z.string({ error: "Enter a description." }).trim().max(500, "Use at most 500 characters.");
const enabledSchema = z.boolean({ error: "Choose enabled or disabled." });

export const createWebhookEndpointInput = z.object({
  url: webhookUrlSchema,
  description: descriptionSchema.default(""),
  eventTypes: eventTypesSchema.default(null),
  enabled: enabledSchema.default(true),
});
export const updateWebhookEndpointInput = z.object({
  id: idSchema,
  url: webhookUrlSchema.optional(),
  description: descriptionSchema.optional(),
  eventTypes: eventTypesSchema.optional(),
  enabled: enabledSchema.optional(),
});
export const webhookEndpointIdInput = z.object({ id: idSchema });

const viewSelect = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  enabled: true,
  autoDisabledAt: true,
  disabledReason: true,
  failingSince: true,
  previousSecretExpiresAt: true,
  createdAt: true,
  updatedAt: true,
  createdById: true,
  createdByName: true,
  createdByEmail: true,
} satisfies Prisma.WebhookEndpointSelect;

type ViewRow = Prisma.WebhookEndpointGetPayload<{ select: typeof viewSelect }>;

function viewOf(row: ViewRow, now = new Date()): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes.length ? (row.eventTypes as EventType[]) : null,
    enabled: row.enabled,
    autoDisabledAt: row.autoDisabledAt,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince,
    previousSecretExpiresAt: row.previousSecretExpiresAt && row.previousSecretExpiresAt > now ? row.previousSecretExpiresAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    createdBy: { id: row.createdById, name: row.createdByName, email: row.createdByEmail },
  };
}

const target = (row: { id: string; url: string }) => ({ type: "webhook", id: row.id, label: row.url });

/** An endpoint of the actor's organization, row-locked for the rest of the transaction; NOT_FOUND for any other. */
export async function lockWebhookEndpoint(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM webhook_endpoints WHERE id = ${id}::uuid AND organization_id = ${actor.organizationId}::uuid FOR NO KEY UPDATE`;
  if (!row) throw notFound("Webhook endpoint not found.");
  return tx.webhookEndpoint.findUniqueOrThrow({ where: { id }, select: { ...viewSelect, secretCiphertext: true } });
}

export async function listWebhookEndpoints(actor: Actor): Promise<WebhookEndpointView[]> {
  authorize(actor, "webhook:manage");
  const rows = await prisma.webhookEndpoint.findMany({
    where: { organizationId: actor.organizationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: viewSelect,
  });
  const now = new Date();
  return rows.map((row) => viewOf(row, now));
}

export async function getWebhookEndpoint(actor: Actor, input: z.input<typeof webhookEndpointIdInput>): Promise<WebhookEndpointView> {
  const { id } = parseInput(webhookEndpointIdInput, input);
  authorize(actor, "webhook:manage");
  const row = await prisma.webhookEndpoint.findFirst({ where: { id, organizationId: actor.organizationId }, select: viewSelect });
  if (!row) throw notFound("Webhook endpoint not found.");
  return viewOf(row);
}

/** Adds an endpoint; its signing secret is in the result and never shown again. */
export async function createWebhookEndpoint(
  actor: Actor,
  input: z.input<typeof createWebhookEndpointInput>,
): Promise<{ secret: string; endpoint: WebhookEndpointView }> {
  const { url, description, eventTypes, enabled } = parseInput(createWebhookEndpointInput, input);
  const secret = createWebhookSecret();
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, actor, "webhook:manage");
    const count = await tx.webhookEndpoint.count({ where: { organizationId: actor.organizationId } });
    if (count >= WEBHOOKS.endpointsPerOrganization) {
      throw conflict(`An organization has at most ${WEBHOOKS.endpointsPerOrganization} webhook endpoints. Delete one first.`);
    }
    const row = await tx.webhookEndpoint.create({
      data: {
        organizationId: actor.organizationId,
        url,
        description,
        eventTypes: eventTypes ?? [],
        enabled,
        secretCiphertext: sealWebhookSecret(secret),
        createdById: actor.userId,
        createdByName: actor.name,
        createdByEmail: actor.email,
      },
      select: viewSelect,
    });
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "webhook.created",
      target: target(row),
      details: { eventTypes: eventTypes ?? "all", enabled },
    });
    return { secret, endpoint: viewOf(row) };
  });
}

/**
 * Changes an endpoint's URL, description, event types or whether it is
 * enabled. Enabling it again (after Teamhub disabled it, say) starts its
 * failure count afresh and makes the actor the person responsible for it
 * (its authority follows theirs from then on); events of the time it was
 * disabled are not sent (the events feed has them).
 */
export async function updateWebhookEndpoint(actor: Actor, input: z.input<typeof updateWebhookEndpointInput>): Promise<WebhookEndpointView> {
  const { id, ...changes } = parseInput(updateWebhookEndpointInput, input);
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, actor, "webhook:manage");
    const current = viewOf(await lockWebhookEndpoint(tx, actor, id));
    const changed = Object.fromEntries(
      Object.entries(changes).filter(([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(current[key as keyof typeof changes])),
    ) as typeof changes;
    if (Object.keys(changed).length === 0) return current;
    const enabling = changed.enabled === true;
    const newlyResponsible = enabling && current.createdBy.id !== actor.userId;
    const row = await tx.webhookEndpoint.update({
      where: { id },
      data: {
        url: changed.url,
        description: changed.description,
        eventTypes: changed.eventTypes === undefined ? undefined : (changed.eventTypes ?? []),
        enabled: changed.enabled,
        ...(enabling ? { autoDisabledAt: null, disabledReason: null, failingSince: null } : {}),
        ...(newlyResponsible ? { createdById: actor.userId, createdByName: actor.name, createdByEmail: actor.email } : {}),
        updatedAt: new Date(),
      },
      select: viewSelect,
    });
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "webhook.updated",
      target: target(row),
      details: {
        ...(Object.fromEntries(
          Object.keys(changed).map((key) => [key, { from: current[key as keyof typeof changes] ?? "all", to: changed[key as keyof typeof changes] ?? "all" }]),
        ) as Prisma.InputJsonObject),
        ...(newlyResponsible ? { createdBy: { from: current.createdBy.name, to: actor.name } } : {}),
      },
    });
    return viewOf(row);
  });
}

/** Deletes an endpoint with its delivery log; deliveries still queued for it are dropped. */
export async function deleteWebhookEndpoint(actor: Actor, input: z.input<typeof webhookEndpointIdInput>): Promise<WebhookEndpointView> {
  const { id } = parseInput(webhookEndpointIdInput, input);
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, actor, "webhook:manage");
    const row = await lockWebhookEndpoint(tx, actor, id);
    await tx.webhookEndpoint.delete({ where: { id } });
    await recordAudit(tx, actor, { organizationId: actor.organizationId, action: "webhook.deleted", target: target(row) });
    return viewOf(row);
  });
}

/**
 * A new signing secret, in the result only. The previous one keeps signing
 * too for WEBHOOKS.previousSecretHours (each request then carries both signatures),
 * so a receiver can switch to the new one without missing a request.
 */
export async function rotateWebhookSecret(
  actor: Actor,
  input: z.input<typeof webhookEndpointIdInput>,
): Promise<{ secret: string; endpoint: WebhookEndpointView }> {
  const { id } = parseInput(webhookEndpointIdInput, input);
  const secret = createWebhookSecret();
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, actor, "webhook:manage");
    const current = await lockWebhookEndpoint(tx, actor, id);
    const now = new Date();
    const row = await tx.webhookEndpoint.update({
      where: { id },
      data: {
        secretCiphertext: sealWebhookSecret(secret),
        previousSecretCiphertext: current.secretCiphertext,
        previousSecretExpiresAt: new Date(now.getTime() + WEBHOOKS.previousSecretHours * 3_600_000),
        updatedAt: now,
      },
      select: viewSelect,
    });
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "webhook.secret_rotated",
      target: target(row),
      details: { previousSecretValidUntil: row.previousSecretExpiresAt!.toISOString() },
    });
    return { secret, endpoint: viewOf(row, now) };
  });
}

/** A disable reason as the audit log, notifications and the API spell it: "creator_removed". */
export const disableReasonName = (reason: WebhookDisableReason) => reason.toLowerCase() as Lowercase<WebhookDisableReason>;

/**
 * What follows Teamhub disabling endpoints, in the transaction that did it:
 * their pending deliveries are given up (a job already queued finds its
 * delivery no longer pending and sends nothing), each endpoint is audit-logged
 * as webhook.disabled with the reason, and the organization's Owners are notified.
 */
export async function recordDisabledEndpoints(
  tx: Tx,
  by: AuditActor,
  organization: { id: string; name: string },
  endpoints: { id: string; url: string; creatorName?: string; failingSince?: Date }[],
  reason: WebhookDisableReason,
) {
  if (endpoints.length === 0) return;
  await tx.webhookDelivery.updateMany({
    where: { endpointId: { in: endpoints.map((endpoint) => endpoint.id) }, status: "PENDING" },
    data: { status: "FAILED", nextAttemptAt: null },
  });
  for (const endpoint of endpoints) {
    await notifyMembers(tx, { id: organization.id, role: "OWNER" }, "WEBHOOK_DISABLED", {
      organizationId: organization.id,
      organizationName: organization.name,
      url: endpoint.url,
      reason: disableReasonName(reason),
      by: by.name,
      creatorName: endpoint.creatorName,
    });
  }
  await recordAudits(
    tx,
    by,
    endpoints.map((endpoint) => ({
      organizationId: organization.id,
      action: "webhook.disabled" as const,
      target: target(endpoint),
      details: {
        reason: disableReasonName(reason),
        ...(endpoint.creatorName ? { creator: endpoint.creatorName } : {}),
        ...(endpoint.failingSince ? { failingSince: endpoint.failingSince.toISOString() } : {}),
      },
    })),
  );
}

/**
 * The endpoints a member is responsible for stop when their authority does:
 * when they are removed, leave, or get a role that may not manage webhooks,
 * their enabled endpoints are disabled with the reason, in the transaction of
 * that change (which holds the organization's lock, so no delivery records
 * or re-enabling runs in between). An Owner or Admin may enable one again and
 * becomes responsible for it.
 */
export async function disableEndpointsOf(
  tx: Tx,
  actor: Actor,
  organization: { id: string; name: string },
  creatorId: string,
  reason: Extract<WebhookDisableReason, "CREATOR_REMOVED" | "CREATOR_LEFT" | "CREATOR_ROLE_CHANGED">,
) {
  const now = new Date();
  const disabled = await tx.webhookEndpoint.updateManyAndReturn({
    where: { organizationId: organization.id, createdById: creatorId, enabled: true },
    data: { enabled: false, autoDisabledAt: now, disabledReason: reason, updatedAt: now },
    select: { id: true, url: true, createdByName: true },
  });
  await recordDisabledEndpoints(
    tx,
    actor,
    organization,
    disabled.map((endpoint) => ({ id: endpoint.id, url: endpoint.url, creatorName: endpoint.createdByName })),
    reason,
  );
}
