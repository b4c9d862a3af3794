"use server";

import { CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedAction } from "@/lib/actions";
import { SERVICE_UNAVAILABLE_MESSAGE } from "@/lib/errors";
import { signIn } from "@/lib/auth";
import { clientIp } from "@/lib/request";
import { safeReturnPath } from "@/lib/return-path";
import { INVALID_CREDENTIALS, signUp, signUpInput } from "@/lib/services/accounts";
import { signUpWithInvitation } from "@/lib/services/invitations";

const callbackUrl = z.string().max(2000).optional();

const signInForm = z.object({
  // Checked by the credentials provider; every bad value gets the same message.
  email: z.string().max(320),
  password: z.string().max(200),
  callbackUrl,
});

export const signInAction = validatedAction(signInForm, async ({ email, password, callbackUrl }) => {
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      const message =
        error.code === "rate_limited"
          ? "Too many failed sign-in attempts. Wait a few minutes and try again."
          : error.code === "service_unavailable"
            ? SERVICE_UNAVAILABLE_MESSAGE
            : INVALID_CREDENTIALS;
      return { error: message, values: { email } };
    }
    throw error;
  }
  // A path, not Auth.js's absolute URL: the browser stays on the origin it used.
  redirect(safeReturnPath(callbackUrl));
});

/**
 * Creates the account and signs in. With an invitation token, the account
 * joins that organization as it is created (signUpWithInvitation) and lands there.
 */
export const signUpAction = validatedAction(
  signUpInput.extend({ callbackUrl, invitation: z.string().max(200).optional() }),
  async ({ invitation, callbackUrl, ...input }) => {
    const context = { ip: clientIp(await headers()) };
    if (invitation) await signUpWithInvitation(input, invitation, context);
    else await signUp(input, context);
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    redirect(invitation ? "/dashboard" : safeReturnPath(callbackUrl));
  },
);
