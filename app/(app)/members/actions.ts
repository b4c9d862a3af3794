"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { InviteMembersState, InviteResult } from "@/components/invitations/invite-members-dialog";
import { splitAddressList, uniqueAddresses } from "@/lib/address-list";
import { actorAction } from "@/lib/forms/actor-action";
import { appOrigin } from "@/lib/http/origin";
import { ROLE_LABELS } from "@/lib/permissions";
import { inviteMany, inviteManyInput, type InviteOutcome } from "@/lib/services/invitations/batch";
import { changeMemberRole, changeMemberRoleInput, removeMember, removeMemberInput } from "@/lib/services/members";
import { transferOwnership, transferOwnershipInput } from "@/lib/services/ownership";
import { formBoolean } from "@/lib/validation";

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

// The dialog's box holds the addresses as typed; repeats count once before the cap applies.
const inviteMembersForm = inviteManyInput.extend({
  emails: z
    .string({ error: "Enter at least one email address." })
    .transform((text) => uniqueAddresses(splitAddressList(text)))
    .pipe(inviteManyInput.shape.emails),
  sendEmail: formBoolean,
});

/** Only what the dialog shows of each outcome. */
function resultOf(outcome: InviteOutcome): InviteResult {
  switch (outcome.status) {
    case "invited":
      return { email: outcome.email, status: outcome.status, url: outcome.invitation.url, invitation: { id: outcome.invitation.id, role: outcome.invitation.role, emailStatus: outcome.invitation.emailStatus } };
    case "already_invited":
      return { email: outcome.email, status: outcome.status, message: outcome.problem.message, invitation: { id: outcome.invitation.id, role: outcome.invitation.role, emailStatus: outcome.invitation.emailStatus } };
    default:
      return { email: outcome.email, status: outcome.status, message: outcome.problem.message };
  }
}

export const inviteMembersAction = actorAction<typeof inviteMembersForm, InviteMembersState>(inviteMembersForm, async (input, actor) => {
  const outcomes = await inviteMany(actor, input, await appOrigin());
  revalidatePath("/members");
  revalidatePath("/settings");
  return { results: outcomes.map(resultOf) };
});
