import "server-only";
import { z } from "zod";
import { RATE_LIMITS } from "@/lib/config/fixed-limits";
import { prisma } from "@/lib/db/client";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/queue";
import { emailConfigured, emailLinkOrigin } from "@/lib/mail/config";
import { enqueueMail } from "@/lib/mail/outbox";
import { hashPassword } from "@/lib/auth/passwords";
import { consume, rateLimited } from "@/lib/rate-limit";
import { seal, unseal } from "@/lib/tokens/sealing";
import { parseInput } from "@/lib/validation";
import { consumeAccountToken, issueAccountToken } from "./account-tokens";
import { ACCOUNT_EXISTS, createAccount, limitSignUps, signUpInput } from "./accounts";
import type { Actor, RequestContext } from "./types";

/**
 * Email verification, and sign-up with email on: the account is created only
 * when the emailed link is used, which verifies the address and signs the
 * person in. The sign-up page answers "check your email" whether or not the
 * address has an account; an existing one gets a "someone tried to sign up
 * with your address" email instead, so sign-up reveals nobody's account.
 */

const SEALED_HASH = "sign-up-password-hash";

/** The sign-up page's answer with email on, whether or not the address has an account. */
export const CHECK_YOUR_EMAIL = "Check your email: we sent a link to finish creating your account. It works for 24 hours.";
export const EMAIL_LINK_UNUSABLE = "This link is invalid, expired or already used.";
export const verifyEmailPath = (token: string) => `/verify-email/${token}`;

/**
 * Starts a sign-up: the same checks, password hashing and one job whether or
 * not the address has an account (the job decides which email to send).
 */
export async function requestSignUp(input: z.input<typeof signUpInput>, context: RequestContext): Promise<void> {
  const { name, email, password } = parseInput(signUpInput, input);
  await limitSignUps(context);
  const perEmail = await consume({ key: `sign-up:email:${email}`, ...RATE_LIMITS.signUpEmailsPerAddress });
  if (!perEmail.allowed) throw rateLimited(perEmail, "Too many sign-ups for this address. Try again later.");
  const sealedPasswordHash = seal(SEALED_HASH, await hashPassword(password));
  await prisma.$transaction((tx) => enqueue(tx, "sign_up_request", { email, name, sealedPasswordHash }));
}

/** The sign_up_request job. */
export async function handleSignUpRequest(request: { email: string; name: string; sealedPasswordHash: string }): Promise<void> {
  const { email, name } = request;
  const origin = emailLinkOrigin();
  const existing = await prisma.user.findUnique({ where: { email }, select: { name: true } });
  await prisma.$transaction(async (tx) => {
    if (existing) {
      await enqueueMail(tx, email, "sign-up-attempt", { name: existing.name, signInLink: `${origin}/sign-in`, resetLink: `${origin}/forgot-password` });
      return;
    }
    const token = await issueAccountToken(tx, "SIGN_UP", { userId: null, email }, { name, sealedPasswordHash: request.sealedPasswordHash });
    await enqueueMail(tx, email, "verify-email", { name, link: origin + verifyEmailPath(token), signUp: true });
  });
}

/** "Verify your email" for an account made before email was on (or from a shared invitation link). */
export async function requestEmailVerification(actor: Pick<Actor, "userId">): Promise<{ email: string }> {
  if (!emailConfigured()) throw new AppError("CONFLICT", "Email is not set up on this server.");
  const user = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { name: true, email: true, emailVerifiedAt: true } });
  if (user.emailVerifiedAt) throw new AppError("CONFLICT", "Your email address is already verified.");
  const state = await consume({ key: `verify-email:user:${actor.userId}`, ...RATE_LIMITS.verificationEmailsPerAccount });
  if (!state.allowed) throw rateLimited(state, "Too many verification emails. Try again later.");
  await prisma.$transaction(async (tx) => {
    const token = await issueAccountToken(tx, "EMAIL_VERIFICATION", { userId: actor.userId, email: user.email });
    await enqueueMail(tx, user.email, "verify-email", { name: user.name, link: emailLinkOrigin() + verifyEmailPath(token), signUp: false });
  });
  return { email: user.email };
}

export type EmailLinkUser = { id: string; email: string; name: string; sessionVersion: number };

/**
 * Uses a verification link (for the sign-in provider of lib/auth/index.ts): a
 * sign-up link creates the account, verified; a verification link verifies
 * the account it was sent for, if its address is still the same. Either
 * way the link is used up, and the person is signed in as that account.
 */
export async function completeEmailLink(token: string, context: RequestContext): Promise<EmailLinkUser> {
  try {
    return await prisma.$transaction(async (tx) => {
      const row = await consumeAccountToken(tx, ["SIGN_UP", "EMAIL_VERIFICATION"], token);
      if (!row) throw new AppError("VALIDATION", EMAIL_LINK_UNUSABLE);
      if (row.purpose === "SIGN_UP") {
        const data = z.object({ name: z.string(), sealedPasswordHash: z.string() }).parse(row.data);
        const passwordHash = unseal(SEALED_HASH, data.sealedPasswordHash);
        const user = await createAccount(tx, { name: data.name, email: row.email, passwordHash, emailVerified: true }, context);
        return { id: user.id, email: user.email, name: user.name, sessionVersion: 0 };
      }
      const verified = await tx.user.updateManyAndReturn({
        where: { id: row.userId!, email: row.email },
        data: { emailVerifiedAt: new Date() },
        select: { id: true, email: true, name: true, sessionVersion: true },
      });
      if (!verified[0]) throw new AppError("VALIDATION", EMAIL_LINK_UNUSABLE);
      return verified[0];
    });
  } catch (error) {
    // Two sign-up links for one address, or an account made from an invitation meanwhile.
    if (isUniqueViolation(error, "email")) throw new AppError("CONFLICT", `${ACCOUNT_EXISTS} Sign in instead.`);
    throw error;
  }
}
