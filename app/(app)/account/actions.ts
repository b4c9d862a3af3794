"use server";

import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actorAction } from "@/lib/forms/actor-action";
import { signIn, signOut } from "@/lib/auth";
import {
  changeName,
  changeNameInput,
  changePassword,
  changePasswordInput,
  setEmailNotifications,
  signOutEverywhere,
} from "@/lib/services/account-settings";
import { requestEmailVerification } from "@/lib/services/email-verification";

export const changeNameAction = actorAction(changeNameInput, async (input, actor) => {
  await changeName(actor, input);
  revalidatePath("/", "layout");
  return { success: "Name saved." };
});

/** Every session ends; this device signs in again with the new password. */
export const changePasswordAction = actorAction(changePasswordInput, async (input, actor) => {
  const { email } = await changePassword(actor, input);
  try {
    await signIn("credentials", { email, password: input.newPassword, redirect: false });
  } catch (error) {
    // The password is changed either way; when signing in again is refused (sign-in limits, a busy database), the person signs in by hand.
    if (error instanceof CredentialsSignin) redirect("/sign-in?reset=done");
    throw error;
  }
  // Paths, not Auth.js's absolute URLs: the browser stays on the origin it used.
  redirect("/account?password=changed");
});

export const signOutEverywhereAction = actorAction(z.object({}), async (_input, actor) => {
  await signOutEverywhere(actor);
  await signOut({ redirect: false });
  redirect("/sign-in");
});

export const emailNotificationsAction = actorAction(z.object({ enabled: z.enum(["true", "false"]) }), async (input, actor) => {
  const { enabled } = await setEmailNotifications(actor, { enabled: input.enabled === "true" });
  revalidatePath("/account");
  return { success: enabled ? "Notification emails are on." : "Notification emails are off." };
});

export const requestEmailVerificationAction = actorAction(z.object({}), async (_input, actor) => {
  const { email } = await requestEmailVerification(actor);
  return { success: `We sent a link to ${email}. It works once, for 24 hours.` };
});
