"use server";

import { CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedAction } from "@/lib/forms/validated-action";
import { SERVICE_UNAVAILABLE_MESSAGE } from "@/lib/errors";
import { EmailLinkRefused, signIn } from "@/lib/auth";
import { emailConfigured } from "@/lib/mail/config";
import { clientIp } from "@/lib/http/client-ip";
import { safeReturnPath } from "@/lib/http/return-path";
import { INVALID_CREDENTIALS, signUp, signUpInput } from "@/lib/services/accounts";
import { CHECK_YOUR_EMAIL, requestSignUp } from "@/lib/services/email-verification";
import { signUpWithInvitation } from "@/lib/services/invitations/respond";
import { requestPasswordReset, requestPasswordResetInput, RESET_REQUESTED, resetPassword, resetPasswordInput } from "@/lib/services/password-reset";

const callbackUrl = z.string().max(2000).optional();

const signInForm = z.object({
  // Checked by the credentials provider; every bad value gets the same message.
  email: z.string().max(320),
  password: z.string().max(200),
  callbackUrl,
});

async function requestContext() {
  return { ip: clientIp(await headers()) };
}

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
 * With an invitation token, the account is created, joins that organization
 * (signUpWithInvitation) and signs in at once: the link is the proof. Without
 * one and with email on, the account is finished through an emailed link, and
 * the answer is the same whether or not the address has an account. With
 * email off, the account is created and signed in at once.
 */
export const signUpAction = validatedAction(
  signUpInput.extend({ callbackUrl, invitation: z.string().max(200).optional() }),
  async ({ invitation, callbackUrl, ...input }) => {
    const context = await requestContext();
    let joined: string | undefined;
    if (invitation) {
      ({ organizationId: joined } = await signUpWithInvitation(input, invitation, context));
    } else if (emailConfigured()) {
      await requestSignUp(input, context);
      return { success: CHECK_YOUR_EMAIL };
    } else {
      await signUp(input, context);
    }
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    redirect(joined ? `/dashboard?joined=${joined}` : safeReturnPath(callbackUrl));
  },
);

export const forgotPasswordAction = validatedAction(requestPasswordResetInput, async (input) => {
  await requestPasswordReset(input, await requestContext());
  return { success: RESET_REQUESTED };
});

export const resetPasswordAction = validatedAction(resetPasswordInput, async (input) => {
  await resetPassword(input);
  redirect("/sign-in?reset=done");
});

/** The confirm button of an emailed verification link: uses the link and signs in as its account. */
export const verifyEmailAction = validatedAction(z.object({ token: z.string().max(200) }), async ({ token }) => {
  try {
    await signIn("email-link", { token, redirect: false });
  } catch (error) {
    if (error instanceof EmailLinkRefused) return { error: error.reason };
    if (error instanceof CredentialsSignin) return { error: "This link can't be used. Ask for a new one." };
    throw error;
  }
  redirect("/dashboard?verified=1");
});
