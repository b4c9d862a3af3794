"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { actorAction } from "@/lib/actions";
import { acceptInvitation, rejectInvitation } from "@/lib/services/invitations";

// Accept and Reject take nothing but the token: organization and role come from the stored invitation.
const tokenForm = z.object({ token: z.string().max(200) });

export const acceptInvitationAction = actorAction(tokenForm, async ({ token }, actor) => {
  await acceptInvitation(actor, { token });
  revalidatePath("/", "layout");
  redirect("/dashboard");
});

export const rejectInvitationAction = actorAction(tokenForm, async ({ token }, actor) => {
  await rejectInvitation(actor, { token });
  revalidatePath(`/accept-invitation/${token}`);
  return { success: "Invitation rejected. The person who invited you has been told." };
});
