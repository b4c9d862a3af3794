"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { actorAction } from "@/lib/forms/actor-action";
import { acceptInvitation, rejectInvitation } from "@/lib/services/invitations/respond";

// Accept and Reject take nothing but the token: organization and role come from the stored invitation.
const tokenForm = z.object({ token: z.string().max(200) });

export const acceptInvitationAction = actorAction(tokenForm, async ({ token }, actor) => {
  const { organizationId } = await acceptInvitation(actor, { token });
  revalidatePath("/", "layout");
  // The dashboard welcomes them (what it says comes from the database, not from this URL).
  redirect(`/dashboard?joined=${organizationId}`);
});

// Back to the invitation, which now shows its "Invitation rejected" page.
export const rejectInvitationAction = actorAction(tokenForm, async ({ token }, actor) => {
  await rejectInvitation(actor, { token });
  const page = `/accept-invitation/${encodeURIComponent(token)}`;
  revalidatePath(page);
  redirect(page);
});
