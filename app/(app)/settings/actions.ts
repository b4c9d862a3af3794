"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { actorAction } from "@/lib/forms/actor-action";
import { appOrigin } from "@/lib/http/origin";
import { cancelInvitation, cancelInvitationInput, createInvitation, createInvitationInput, getInvitationLink, getInvitationLinkInput, resendInvitation, resendInvitationInput } from "@/lib/services/invitations/manage";
import { inviteAgain, inviteAgainInput } from "@/lib/services/invitations/invite-again";
import { ROLE_LABELS } from "@/lib/permissions";
import { createApiKey, createApiKeyInput, revokeApiKey, revokeApiKeyInput } from "@/lib/services/api-keys";
import { leaveOrganization } from "@/lib/services/members";
import { formBoolean } from "@/lib/validation";
import {
  deleteOrganization,
  deleteOrganizationInput,
  renameOrganization,
  renameOrganizationInput,
} from "@/lib/services/organizations";

const createInvitationForm = createInvitationInput.extend({ sendEmail: formBoolean });

/** Invitations are listed on Settings and on Members. */
function invitationsChanged() {
  revalidatePath("/settings");
  revalidatePath("/members");
}

export const createInvitationAction = actorAction(createInvitationForm, async (input, actor) => {
  const invitation = await createInvitation(actor, input, await appOrigin());
  invitationsChanged();
  const success = invitation.emailStatus
    ? `Invitation link for ${invitation.email} generated, and an email to them is on its way. You can share the link yourself too.`
    : `Invitation link for ${invitation.email} generated. Share it with them.`;
  return { success, data: { url: invitation.url } };
});

export const inviteAgainAction = actorAction(inviteAgainInput, async (input, actor) => {
  const invitation = await inviteAgain(actor, input, await appOrigin());
  revalidatePath("/settings");
  return {
    success: `New invitation for ${invitation.email} as ${ROLE_LABELS[invitation.role]}${invitation.emailStatus ? ", and an email to them is on its way" : ""}.`,
    data: { url: invitation.url },
  };
});

export const copyInvitationLinkAction = actorAction(getInvitationLinkInput, async (input, actor) => {
  const { url } = await getInvitationLink(actor, input, await appOrigin());
  return { data: { url } };
});

export const cancelInvitationAction = actorAction(cancelInvitationInput, async (input, actor) => {
  const invitation = await cancelInvitation(actor, input);
  invitationsChanged();
  return { success: `Invitation for ${invitation.email} cancelled. Its link no longer works.` };
});

export const resendInvitationAction = actorAction(resendInvitationInput, async (input, actor) => {
  const invitation = await resendInvitation(actor, input, await appOrigin());
  invitationsChanged();
  return {
    success: `Fresh link for ${invitation.email}, valid for ${input.expiresInDays} days${invitation.emailStatus ? ", and it is being emailed to them" : ""}. The old link no longer works.`,
    data: { url: invitation.url },
  };
});

export const leaveOrganizationAction = actorAction(z.object({}), async (_input, actor) => {
  await leaveOrganization(actor);
  revalidatePath("/", "layout");
  // The dashboard says so; no name in the URL, so a crafted link can't make it say anything else.
  redirect("/dashboard?left=1");
});

export const createApiKeyAction = actorAction(createApiKeyInput, async (input, actor) => {
  const { secret, apiKey } = await createApiKey(actor, input);
  revalidatePath("/settings");
  return { success: `API key “${apiKey.name}” created. Copy it now: it is shown only once.`, data: { secret } };
});

export const revokeApiKeyAction = actorAction(revokeApiKeyInput, async (input, actor) => {
  const apiKey = await revokeApiKey(actor, input);
  revalidatePath("/settings");
  return { success: `API key “${apiKey.name}” revoked. It stopped working at once.` };
});

export const renameOrganizationAction = actorAction(renameOrganizationInput, async (input, actor) => {
  const organization = await renameOrganization(actor, input);
  revalidatePath("/", "layout");
  return { success: `Renamed to ${organization.name}.` };
});

export const deleteOrganizationAction = actorAction(deleteOrganizationInput, async (input, actor) => {
  await deleteOrganization(actor, input);
  revalidatePath("/", "layout");
  redirect("/dashboard");
});
