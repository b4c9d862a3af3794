import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import { idSchema, organizationNameSchema, parseInput } from "@/lib/validation";
import { recordAudit } from "./audit";
import type { Actor } from "./types";

export type OrganizationSummary = { id: string; name: string; role: Role; personal: boolean };

export const createOrganizationInput = z.object({ name: organizationNameSchema });
export const switchOrganizationInput = z.object({ organizationId: idSchema });

/** The organizations the actor belongs to, personal first, then by name. */
export async function listMyOrganizations(actor: Pick<Actor, "userId">): Promise<OrganizationSummary[]> {
  const memberships = await prisma.member.findMany({
    where: { userId: actor.userId },
    select: { role: true, organization: { select: { id: true, name: true, personalOwnerId: true } } },
  });
  return memberships
    .map(({ role, organization }) => ({
      id: organization.id,
      name: organization.name,
      role,
      personal: organization.personalOwnerId !== null,
    }))
    .sort((a, b) => Number(b.personal) - Number(a.personal) || a.name.localeCompare(b.name));
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
    const membership = await tx.member.findUnique({
      where: { userId_organizationId: { userId: actor.userId, organizationId } },
      select: { role: true, organization: { select: { name: true } } },
    });
    if (!membership) throw notFound("Organization not found.");
    await tx.user.update({ where: { id: actor.userId }, data: { activeOrganizationId: organizationId } });
    await recordAudit(tx, actor, {
      organizationId,
      action: "organization.switched",
      target: { type: "organization", id: organizationId, label: membership.organization.name },
    });
    return { id: organizationId, name: membership.organization.name, role: membership.role };
  });
}

/** The actor's active organization, with its member count. */
export async function getOrganization(actor: Actor) {
  const organization = await prisma.organization.findUnique({
    where: { id: actor.organizationId },
    select: { id: true, name: true, personalOwnerId: true, createdAt: true, _count: { select: { members: true } } },
  });
  if (!organization) throw notFound("Organization not found.");
  return {
    id: organization.id,
    name: organization.name,
    personal: organization.personalOwnerId !== null,
    createdAt: organization.createdAt,
    memberCount: organization._count.members,
    role: actor.role,
  };
}
