"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionError } from "@/lib/forms/validated-action";
import { actorAction } from "@/lib/forms/actor-action";
import type { ActionState } from "@/lib/forms/action-state";
import { signOut } from "@/lib/auth";
import { safeReturnPath } from "@/lib/http/return-path";
import { createOrganization, createOrganizationInput, switchOrganization } from "@/lib/services/organizations";
import { markNotificationsRead } from "@/lib/services/notifications";
import { openNotification, openNotificationInput } from "@/lib/services/open-notification";
import { signOutEverywhere } from "@/lib/services/account-settings";
import { currentActor, requireActor } from "@/lib/auth/session";

/** Called from the organization dropdown with the chosen id. */
export async function switchOrganizationAction(organizationId: string): Promise<ActionState> {
  try {
    const { actor } = await requireActor();
    await switchOrganization(actor, { organizationId });
  } catch (error) {
    return actionError(error);
  }
  revalidatePath("/", "layout");
  redirect("/dashboard");
}

export const createOrganizationAction = actorAction(createOrganizationInput, async (input, actor) => {
  await createOrganization(actor, input);
  revalidatePath("/", "layout");
  redirect("/dashboard");
});

/** Ends every session of the account (a copied cookie must stop working too), then clears this one. */
export async function signOutAction(formData: FormData) {
  const next = formData instanceof FormData ? formData.get("next") : null;
  const resolved = await currentActor();
  if (resolved) await signOutEverywhere(resolved.actor);
  await signOut({ redirect: false });
  redirect(safeReturnPath(next, "/sign-in"));
}

export async function markNotificationsReadAction(): Promise<ActionState> {
  try {
    const { actor } = await requireActor();
    await markNotificationsRead(actor);
  } catch (error) {
    return actionError(error);
  }
  revalidatePath("/", "layout");
  return {};
}

/** A notification in the bell, opened: marked read, and the page it is about shown (in its organization). */
export const openNotificationAction = actorAction(openNotificationInput, async (input, actor) => {
  const path = await openNotification(actor, input);
  revalidatePath("/", "layout");
  redirect(path);
});
