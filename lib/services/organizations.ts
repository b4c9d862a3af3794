import "server-only";
import { z } from "zod";
import { prisma, query } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { REFUSALS, type Role } from "@/lib/permissions";
import { idSchema, organizationNameSchema, parseInput } from "@/lib/validation";
import { recordAudit } from "./audit";
import { emitEvent } from "./events/emit";
import { notifyMembers } from "./notifications";
import { lockForWrite, lockOrganization } from "./access";
import type { Actor } from "./types";

export type OrganizationSummary = { id: string; name: string; role: Role; personal: boolean };

export const createOrganizationInput = z.object({ name: organizationNameSchema });
export const switchOrganizationInput = z.object({ organizationId: idSchema });
export const renameOrganizationInput = z.object({ name: organizationNameSchema });
export const deleteOrganizationInput = z.object({ confirmName: z.string({ error: "Type the organization's name." }).max(200) });

/**
 * The organizations a user belongs to, as one JSON array: a subquery that
 * listMyOrganizations runs alone and the page statement (lib/services/actors.ts)
 * runs beside the actor, as every signed-in page shows the switcher.
 */
export function myOrganizationsJson(userId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'role', m.role, 'personal', o.personal_owner_id IS NOT NULL)), '[]'::json)
    FROM members m JOIN organizations o ON o.id = m.organization_id
    WHERE m.user_id = ${userId}::uuid`;
}

/** The organizations myOrganizationsJson read, personal first, then by name. */
export function myOrganizationsFrom(stored: OrganizationSummary[]): OrganizationSummary[] {
  return stored.sort((a, b) => Number(b.personal) - Number(a.personal) || a.name.localeCompare(b.name));
}

/** The organizations the actor belongs to, personal first, then by name, in one statement. */
export async function listMyOrganizations(actor: Pick<Actor, "userId">): Promise<OrganizationSummary[]> {
  const [row] = await query<{ organizations: OrganizationSummary[] }>(Prisma.sql`SELECT (${myOrganizationsJson(actor.userId)}) AS organizations`);
  return myOrganizationsFrom(row!.organizations);
}

/** Creates an organization owned by the actor and makes it their active one. */
export async function createOrganization(actor: Actor, input: z.input<typeof createOrganizationInput>) {
  const { name } = parseInput(createOrganizationInput, input);
  return prisma.$transaction(async (tx) => {
    const organization = await tx.organization.create({ data: { name } });
    await tx.member.create({ data: { userId: actor.userId, organizationId: organization.id, role: "OWNER" } });
    await tx.user.update({ where: { id: actor.userId }, data: { activeOrganizationId: organization.id } });
    await recordAudit(tx, actor, {
      organizationId: organization.id,
      action: "organization.created",
      target: { type: "organization", id: organization.id, label: name },
    });
    return { id: organization.id, name: organization.name };
  });
}

/**
 * Makes another of the actor's organizations the active one. An organization
 * they don't belong to answers NOT_FOUND, as if it didn't exist.
 */
export async function switchOrganization(actor: Actor, input: z.input<typeof switchOrganizationInput>) {
  const { organizationId } = parseInput(switchOrganizationInput, input);
  return prisma.$transaction(async (tx) => {
    await lockOrganization(tx, organizationId, "share");
    const membership = await tx.member.findUnique({
      where: { userId_organizationId: { userId: actor.userId, organizationId } },
      select: { role: true, organization: { select: { name: true } } },
    });
    if (!membership) throw notFound("Organization not found.");
    // Not audit-logged: which organization is active is the user's own preference, not an event of the organization.
    await tx.user.update({ where: { id: actor.userId }, data: { activeOrganizationId: organizationId } });
    return { id: organizationId, name: membership.organization.name, role: membership.role };
  });
}

/**
 * Organization `o` as one JSON value: a subquery that getOrganization runs alone
 * and the page statement (lib/services/actors.ts) runs beside the actor.
 * organizationFrom reads it.
 */
export const organizationJson = Prisma.sql`json_build_object(
  'id', o.id, 'name', o.name, 'personalOwnerId', o.personal_owner_id, 'createdAt', o.created_at, 'memberCount', o.member_count)`;

export type StoredOrganization = { id: string; name: string; personalOwnerId: string | null; createdAt: string; memberCount: number };

/** An organization as pages and the API show it, with the viewer's role there. */
export function organizationFrom(stored: StoredOrganization, role: Role) {
  return {
    id: stored.id,
    name: stored.name,
    personal: stored.personalOwnerId !== null,
    personalOwnerId: stored.personalOwnerId,
    createdAt: new Date(stored.createdAt),
    memberCount: stored.memberCount,
    role,
  };
}

export type OrganizationView = ReturnType<typeof organizationFrom>;

/** The actor's active organization, with its member count. */
export async function getOrganization(actor: Actor): Promise<OrganizationView> {
  const [row] = await query<{ organization: StoredOrganization }>(Prisma.sql`
    SELECT ${organizationJson} AS organization FROM organizations o WHERE o.id = ${actor.organizationId}::uuid`);
  if (!row) throw notFound("Organization not found.");
  return organizationFrom(row.organization, actor.role);
}

/** Owners and Admins rename the active organization (not a personal one: its name follows its owner). */
export async function renameOrganization(actor: Actor, input: z.input<typeof renameOrganizationInput>) {
  const { name } = parseInput(renameOrganizationInput, input);
  return prisma.$transaction(async (tx) => {
    const { organization } = await lockForWrite(tx, actor, "organization:update");
    if (organization.personalOwnerId !== null) throw forbidden(REFUSALS.personalRename);
    await tx.organization.update({ where: { id: actor.organizationId }, data: { name } });
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "organization.renamed",
      target: { type: "organization", id: actor.organizationId, label: name },
      details: { from: organization.name, to: name },
    });
    await emitEvent(tx, actor.organizationId, { type: "organization.updated", data: { organization: { id: actor.organizationId, name, personal: organization.personalOwnerId !== null }, previous: { name: organization.name } } });
    return { id: actor.organizationId, name };
  });
}

// Deleting a large organization takes a while (1.5 s for 100,000 members in npm run bench): room beyond Prisma's default 5 s.
const DELETION_TIMEOUT = { timeout: 60_000 };

/**
 * Owners delete the active organization, typing its name to confirm. Its
 * members, invitations and API keys go with it; its audit log stays (it has
 * no foreign keys) and records who deleted it. Every other member is
 * notified; those whose active organization it was land in their personal
 * one on their next request.
 */
export async function deleteOrganization(actor: Actor, input: z.input<typeof deleteOrganizationInput>) {
  const { confirmName } = parseInput(deleteOrganizationInput, input);
  return prisma.$transaction(async (tx) => {
    const { organization } = await lockForWrite(tx, actor, "organization:delete");
    if (organization.personalOwnerId !== null) throw forbidden(REFUSALS.personalDelete);
    if (confirmName.trim() !== organization.name) {
      throw new AppError("VALIDATION", "The name doesn't match.", {
        fieldErrors: { confirmName: [`Type ${organization.name} exactly to confirm.`] },
      });
    }
    await notifyMembers(tx, { id: actor.organizationId, exceptUserId: actor.userId }, "ORGANIZATION_DELETED", {
      organizationName: organization.name,
      deletedBy: actor.name,
    });
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "organization.deleted",
      target: { type: "organization", id: actor.organizationId, label: organization.name },
    });
    await emitEvent(tx, actor.organizationId, { type: "organization.deleted", data: { organization: { id: actor.organizationId, name: organization.name, personal: organization.personalOwnerId !== null } } });
    await tx.organization.delete({ where: { id: actor.organizationId } });
    return { personalOrganizationId: actor.personalOrganizationId };
  }, DELETION_TIMEOUT);
}
