import "server-only";
import { z } from "zod";
import { apiKeyPrefix, createApiKeySecret, hashApiKeySecret, isWellFormedApiKeySecret } from "@/lib/tokens/api-key-token";
import { API_KEY_DAYS } from "@/lib/config/fixed-limits";
import { prisma, query } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { atLeast, REFUSALS, ROLE_LABELS, type Role } from "@/lib/permissions";
import { countingHits, type LimitState, type StatementLimit } from "@/lib/rate-limit";
import { idSchema, invitableRoleSchema, parseInput } from "@/lib/validation";
import { recordAudit } from "./audit";
import { authorize, lockForWrite, rolePairs } from "./access";
import { emitEvent } from "./events/emit";
import type { Actor } from "./types";

/**
 * Organization API keys. A key acts as the member who created it, with the
 * key's role (Admin or Member, never above the creator's), and only while that
 * member still belongs to the organization with at least that role: a key stops
 * working at once when its creator leaves, is removed or is demoted below it.
 * Mutations re-check the key in their transaction (lockForWrite), so a key
 * revoked mid-request can't change anything either.
 */

export type ApiKeyView = {
  id: string;
  name: string;
  role: Role;
  /** The secret's first characters, to tell keys apart. */
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** As the creator was when they created it; id is null once their account is deleted. */
  createdBy: { id: string | null; name: string; email: string };
  /** Neither revoked nor expired. */
  active: boolean;
  /** Active, but refused while its creator's role is below the key's (they were demoted); works again if they get it back. */
  suspended: boolean;
};

const DAY_MS = 86_400_000;

/** A blank form field means "no expiry". */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "") || value === null ? undefined : value;

export const createApiKeyInput = z.object({
  name: z.string({ error: "Give the key a name." }).trim().min(1, "Give the key a name.").max(80, "Use at most 80 characters."),
  role: invitableRoleSchema,
  expiresInDays: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "Enter a number of days." })
      .int("Enter a whole number of days.")
      .min(API_KEY_DAYS.min, `Keys last at least ${API_KEY_DAYS.min} day.`)
      .max(API_KEY_DAYS.max, `Keys last at most ${API_KEY_DAYS.max} days.`)
      .optional(),
  ),
});
export const listApiKeysInput = z.object({});
export const revokeApiKeyInput = z.object({ id: idSchema });

const viewSelect = {
  id: true,
  name: true,
  role: true,
  prefix: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdById: true,
  createdByName: true,
  createdByEmail: true,
} satisfies Prisma.ApiKeySelect;

type ViewRow = Prisma.ApiKeyGetPayload<{ select: typeof viewSelect }>;

function isActive(row: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): boolean {
  return row.revokedAt === null && (row.expiresAt === null || row.expiresAt > now);
}

export function viewOf(row: ViewRow, now: Date): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    createdBy: { id: row.createdById, name: row.createdByName, email: row.createdByEmail },
    active: isActive(row, now),
    suspended: false,
  };
}

/** Keys are managed by people signed in, never by other keys. */
function refuseApiKeyActor(actor: Actor) {
  if (actor.apiKey) throw forbidden(REFUSALS.apiKeyManagingKeys);
}

/**
 * Creates a key with a role no higher than the creator's. The secret is in
 * the result and nowhere else: only its sha256 and prefix are stored.
 */
export async function createApiKey(
  actor: Actor,
  input: z.input<typeof createApiKeyInput>,
): Promise<{ secret: string; apiKey: ApiKeyView }> {
  refuseApiKeyActor(actor);
  const { name, role, expiresInDays } = parseInput(createApiKeyInput, input);
  const secret = createApiKeySecret();
  return prisma.$transaction(async (tx) => {
    const { role: actorRole } = await lockForWrite(tx, actor, "api-key:manage");
    if (!atLeast(actorRole, role)) throw forbidden(REFUSALS.apiKeyAboveRole(ROLE_LABELS[role]));
    const now = new Date();
    const row = await tx.apiKey.create({
      data: {
        organizationId: actor.organizationId,
        name,
        role,
        prefix: apiKeyPrefix(secret),
        secretHash: hashApiKeySecret(secret),
        createdById: actor.userId,
        createdByName: actor.name,
        createdByEmail: actor.email,
        createdAt: now,
        expiresAt: expiresInDays === undefined ? null : new Date(now.getTime() + expiresInDays * DAY_MS),
      },
      select: viewSelect,
    });
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "api_key.created",
      target: { type: "api_key", id: row.id, label: name },
      details: { role, expiresAt: row.expiresAt?.toISOString() ?? null },
    });
    await emitEvent(tx, actor.organizationId, { type: "api_key.created", data: { apiKey: row } });
    return { secret, apiKey: viewOf(row, now) };
  });
}

/** The organization's keys, newest first, revoked and expired ones included. */
export async function listApiKeys(actor: Actor, input: z.input<typeof listApiKeysInput> = {}): Promise<ApiKeyView[]> {
  refuseApiKeyActor(actor);
  parseInput(listApiKeysInput, input);
  authorize(actor, "api-key:manage");
  const rows = await prisma.apiKey.findMany({
    where: { organizationId: actor.organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: viewSelect,
  });
  const creators = await prisma.member.findMany({
    where: { organizationId: actor.organizationId, userId: { in: rows.flatMap((row) => (row.createdById ? [row.createdById] : [])) } },
    select: { userId: true, role: true },
  });
  const creatorRoles = new Map(creators.map((creator) => [creator.userId, creator.role]));
  const now = new Date();
  return rows.map((row) => {
    const view = viewOf(row, now);
    const creatorRole = row.createdById ? creatorRoles.get(row.createdById) : undefined;
    return { ...view, suspended: view.active && !(creatorRole && atLeast(creatorRole, row.role)) };
  });
}

/** Revokes a key: it stops working at once, including for requests already under way. */
export async function revokeApiKey(actor: Actor, input: z.input<typeof revokeApiKeyInput>): Promise<ApiKeyView> {
  refuseApiKeyActor(actor);
  const { id } = parseInput(revokeApiKeyInput, input);
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, actor, "api-key:manage");
    const now = new Date();
    // Guarded: of two concurrent revocations, one wins and the other is told.
    const { count } = await tx.apiKey.updateMany({
      where: { id, organizationId: actor.organizationId, revokedAt: null },
      data: { revokedAt: now },
    });
    const row = await tx.apiKey.findFirst({ where: { id, organizationId: actor.organizationId }, select: viewSelect });
    if (!row) throw notFound("API key not found.");
    if (count === 0) throw conflict("This key is already revoked.");
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "api_key.revoked",
      target: { type: "api_key", id: row.id, label: row.name },
      details: { role: row.role },
    });
    await emitEvent(tx, actor.organizationId, { type: "api_key.revoked", data: { apiKey: row } });
    return viewOf(row, now);
  });
}


/** The columns of the key a statement has found, for limits the same statement counts (authenticateApiKeyCounted). */
export type FoundKey = { apiKeyId: Prisma.Sql; organizationId: Prisma.Sql };

type CallerRow = Omit<Actor, "apiKey" | "ip"> & { apiKeyId: string; apiKeyName: string; hits?: unknown };

/**
 * One statement: finds the key's caller, records when the key was last used (a guarded update,
 * at most once a minute however many requests arrive; SKIP LOCKED, so a request never waits for
 * this bookkeeping behind a mutation that holds the key's row, lockForWrite, or a revocation: it
 * skips it) and, given `counting`, counts the request against its limits.
 */
async function findCaller(secret: string, ip: string | null, counting?: (key: FoundKey) => StatementLimit[]) {
  if (!isWellFormedApiKeySecret(secret)) return null;
  const hits = counting ? countingHits(counting({ apiKeyId: Prisma.sql`caller.id`, organizationId: Prisma.sql`caller.organization_id` }), Prisma.sql`caller`) : null;
  const [row] = await query<CallerRow>(Prisma.sql`
    WITH caller AS (
      SELECT k.id, k.name, k.role, k.organization_id, k.created_by_id, u.name AS user_name, u.email, personal.id AS personal_organization_id
      FROM api_keys k
      JOIN members m ON m.user_id = k.created_by_id AND m.organization_id = k.organization_id
      JOIN users u ON u.id = k.created_by_id
      JOIN organizations personal ON personal.personal_owner_id = u.id
      WHERE k.secret_hash = ${hashApiKeySecret(secret)}
        AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
        -- A key works while its creator's role is at least the key's.
        AND (m.role::text, k.role::text) IN (${rolePairs(atLeast)})
    ), touched AS (
      UPDATE api_keys SET last_used_at = now()
      WHERE id = (
        SELECT id FROM api_keys
        WHERE id = (SELECT id FROM caller) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
        FOR NO KEY UPDATE SKIP LOCKED
      )
    )${hits ? Prisma.sql`, ${hits.ctes}` : Prisma.empty}
    SELECT id AS "apiKeyId", name AS "apiKeyName", role::text AS role, organization_id AS "organizationId", created_by_id AS "userId",
           user_name AS name, email, personal_organization_id AS "personalOrganizationId"${hits ? Prisma.sql`, ${hits.result} AS hits` : Prisma.empty}
    FROM caller`);
  if (!row) return null;
  const { apiKeyId, apiKeyName, hits: counted, ...caller } = row;
  const actor: Actor = { ...caller, apiKey: { id: apiKeyId, name: apiKeyName }, ip };
  return { actor, limit: hits ? await hits.settle(counted) : null };
}

/**
 * The actor a request presenting `secret` acts as, or null when the secret is
 * malformed, unknown, revoked or expired, or its creator is no longer a member
 * of the key's organization with at least the key's role. Records when the key
 * was last used, at most once a minute.
 */
export async function authenticateApiKey(secret: string, ip: string | null): Promise<Actor | null> {
  return (await findCaller(secret, ip))?.actor ?? null;
}

/**
 * authenticateApiKey, counting the request against the limits `counting` gives for the key it
 * finds, in the same statement (all or none, lib/rate-limit.ts). A key that doesn't authenticate
 * counts nowhere.
 */
export async function authenticateApiKeyCounted(
  secret: string,
  ip: string | null,
  counting: (key: FoundKey) => StatementLimit[],
): Promise<{ actor: Actor; limit: LimitState } | null> {
  const found = await findCaller(secret, ip, counting);
  return found && { actor: found.actor, limit: found.limit! };
}
