import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db/client";
import { notFound } from "@/lib/errors";

export type LockedOrganization = { id: string; name: string; personalOwnerId: string | null };

const STRENGTH = {
  // Reading the organization while writing elsewhere (switching to it): only a deletion waits.
  share: Prisma.sql`FOR KEY SHARE`,
  // Any write inside the organization (invitations, members, keys, its name, its member count).
  write: Prisma.sql`FOR NO KEY UPDATE`,
  // Deleting it: waits for every write under way, and every later one then finds it gone.
  delete: Prisma.sql`FOR UPDATE`,
} as const;

/**
 * The first statement of every transaction that writes inside an organization.
 * Taking the organization's row before any member, invitation or key row gives
 * all of them one lock order, so concurrent writes queue instead of
 * deadlocking, also against a deletion of the organization (which cascades to
 * all of those rows). A write that waited for a deletion finds it gone.
 */
export async function lockOrganization(tx: Tx, organizationId: string, strength: keyof typeof STRENGTH = "write"): Promise<LockedOrganization> {
  const [organization] = await tx.$queryRaw<LockedOrganization[]>`
    SELECT id, name, personal_owner_id AS "personalOwnerId" FROM organizations
    WHERE id = ${organizationId}::uuid
    ${STRENGTH[strength]}`;
  if (!organization) throw notFound("Organization not found.");
  return organization;
}
