import "server-only";
import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { forbidden } from "@/lib/errors";
import { REFUSALS, transferRefusal } from "@/lib/permissions";
import { idSchema, parseInput } from "@/lib/validation";
import { lockForWrite } from "./access";
import { recordAudit } from "./audit";
import { emitEvents } from "./events/emit";
import { viewOf, type MemberView } from "./members";
import { notify } from "./notifications";
import type { Actor } from "./types";

export const transferOwnershipInput = z.object({ userId: idSchema });

/**
 * An Owner hands ownership to another member in one step: the member becomes
 * Owner and the Owner becomes Admin (nobody may change their own role, so
 * this is how an Owner steps down). Both rows are locked with every Owner row
 * (lockForWrite), in one transaction, so the organization has an Owner at
 * every moment. Demoting to Admin cancels no invitations and suspends no
 * keys and disables no webhook endpoints: an Admin may invite at the same
 * roles as an Owner, keys never carry Owner, and an Admin manages webhooks. Both people are notified; one audit entry records it.
 */
export async function transferOwnership(
  actor: Actor,
  input: z.input<typeof transferOwnershipInput>,
): Promise<{ owner: MemberView; previousOwner: MemberView }> {
  const { userId } = parseInput(transferOwnershipInput, input);
  return prisma.$transaction(async (tx) => {
    const { organization, role, target } = await lockForWrite(tx, actor, "owner:transfer", { userId, missing: REFUSALS.transferToNonMember });
    const refusal = transferRefusal({ userId: actor.userId, role }, target, organization.personalOwnerId);
    if (refusal) throw forbidden(refusal);
    await tx.member.update({ where: { id: target.id }, data: { role: "OWNER" } });
    const self = await tx.member.update({
      where: { userId_organizationId: { userId: actor.userId, organizationId: organization.id } },
      data: { role: "ADMIN" },
      select: { id: true, joinedAt: true, lastActiveAt: true, user: { select: { name: true, email: true, emailVerifiedAt: true } } },
    });
    await notify(tx, target.userId, "OWNERSHIP_RECEIVED", { organizationId: organization.id, organizationName: organization.name, fromName: actor.name });
    await notify(tx, actor.userId, "OWNERSHIP_HANDED_OVER", { organizationId: organization.id, organizationName: organization.name, toName: target.name });
    await recordAudit(tx, actor, {
      organizationId: organization.id,
      action: "member.ownership_transferred",
      target: { type: "member", id: target.userId, label: target.email },
      details: { name: target.name, from: target.role, to: "OWNER", previousOwnerRole: "ADMIN" },
    });
    const previousOwner = {
      id: self.id,
      userId: actor.userId,
      role: "ADMIN" as const,
      name: self.user.name,
      email: self.user.email,
      joinedAt: self.joinedAt,
      lastActiveAt: self.lastActiveAt,
      emailVerified: self.user.emailVerifiedAt !== null,
    };
    // For webhooks and the events feed, two role changes: programs mirroring roles need no new event type.
    await emitEvents(tx, organization.id, [
      { type: "member.role_changed", data: { member: { ...target, role: "OWNER" }, previous: { role: target.role } } },
      { type: "member.role_changed", data: { member: previousOwner, previous: { role: "OWNER" } } },
    ]);
    const viewer = { userId: actor.userId, role: "ADMIN" as const };
    return { owner: viewOf(viewer, { ...target, role: "OWNER" }), previousOwner: viewOf(viewer, previousOwner) };
  });
}
