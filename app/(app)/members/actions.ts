"use server";

import { revalidatePath } from "next/cache";
import { actorAction } from "@/lib/forms/actor-action";
import { ROLE_LABELS } from "@/lib/permissions";
import { changeMemberRole, changeMemberRoleInput, removeMember, removeMemberInput } from "@/lib/services/members";
import { transferOwnership, transferOwnershipInput } from "@/lib/services/ownership";

export const changeMemberRoleAction = actorAction(changeMemberRoleInput, async (input, actor) => {
  const member = await changeMemberRole(actor, input);
  revalidatePath("/members");
  return { success: `${member.name} is now ${ROLE_LABELS[member.role]}.` };
});

export const removeMemberAction = actorAction(removeMemberInput, async (input, actor) => {
  const removed = await removeMember(actor, input);
  revalidatePath("/members");
  return { success: `${removed.name} was removed. They lose access on their next request.` };
});

export const transferOwnershipAction = actorAction(transferOwnershipInput, async (input, actor) => {
  const { owner } = await transferOwnership(actor, input);
  revalidatePath("/members");
  return { success: `${owner.name} is now an Owner. You are now an Admin.` };
});
