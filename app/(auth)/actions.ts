"use server";

import { CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { z } from "zod";
import { validatedAction } from "@/lib/actions";
import { signIn } from "@/lib/auth";
import { clientIp } from "@/lib/request";
import { safeReturnPath } from "@/lib/return-path";
import { INVALID_CREDENTIALS, signUp, signUpInput } from "@/lib/services/accounts";
import { acceptInvitationInTransaction } from "@/lib/services/invitations";

const callbackUrl = z.string().max(2000).optional();

const signInForm = z.object({
  // Checked by the credentials provider; every bad value gets the same message.
  email: z.string().max(320),
  password: z.string().max(200),
  callbackUrl,
});

export const signInAction = validatedAction(signInForm, async ({ email, password, callbackUrl }) => {
  try {
    await signIn("credentials", { email, password, redirectTo: safeReturnPath(callbackUrl) });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      const message =
        error.code === "rate_limited" ? "Too many failed sign-in attempts. Wait a few minutes and try again." : INVALID_CREDENTIALS;
      return { error: message, values: { email } };
    }
    throw error;
  }
});

/**
 * Creates the account and signs in. With an invitation token, the invitation
 * is accepted in the same transaction (refused, with nothing created, unless
 * the email is the invited one) and the user lands in that organization.
 */
export const signUpAction = validatedAction(
  signUpInput.extend({ callbackUrl, invitation: z.string().max(200).optional() }),
  async ({ invitation, callbackUrl, ...input }) => {
    const ip = clientIp(await headers());
    await signUp(input, { ip }, invitation
      ? async (tx, user) => {
          await acceptInvitationInTransaction(tx, { userId: user.id, name: user.name, email: user.email, ip }, invitation);
        }
      : undefined);
    const redirectTo = invitation ? "/dashboard" : safeReturnPath(callbackUrl);
    await signIn("credentials", { email: input.email, password: input.password, redirectTo });
  },
);
