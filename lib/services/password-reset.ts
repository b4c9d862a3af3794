import "server-only";
import { z } from "zod";
import { RATE_LIMITS } from "@/lib/config/fixed-limits";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/queue";
import { emailConfigured, emailLinkOrigin } from "@/lib/mail/config";
import { enqueueMail } from "@/lib/mail/outbox";
import { hashPassword } from "@/lib/auth/passwords";
import { consume, rateLimited } from "@/lib/rate-limit";
import { emailSchema, parseInput, passwordSchema } from "@/lib/validation";
import { consumeAccountToken, issueAccountToken } from "./account-tokens";
import { endAllSessions } from "./sessions";
import type { RequestContext } from "./types";

export const requestPasswordResetInput = z.object({ email: emailSchema });
export const resetPasswordInput = z.object({ token: z.string().max(200), password: passwordSchema });


/** The answer to "Forgot password?", whether or not the address has an account. */
export const RESET_REQUESTED = "If an account exists for that address, we sent it a link to reset the password. It works once, for one hour.";
export const EMAIL_OFF = "Email is not set up on this server, so passwords can't be reset by email. Ask an administrator for help.";
export const RESET_LINK_UNUSABLE = "This password reset link is invalid, expired or already used. Ask for a new one.";

export const resetPasswordPath = (token: string) => `/reset-password/${token}`;

/**
 * "Forgot password?": answers the same whether or not the address has an
 * account, and does the same work either way (two rate-limit counters, one
 * job); the job sends the link only if there is an account.
 */
export async function requestPasswordReset(input: z.input<typeof requestPasswordResetInput>, context: RequestContext): Promise<void> {
  if (!emailConfigured()) throw new AppError("CONFLICT", EMAIL_OFF);
  const { email } = parseInput(requestPasswordResetInput, input);
  const limits = [
    { key: `password-reset:email:${email}`, ...RATE_LIMITS.passwordResetsPerEmail },
    ...(context.ip ? [{ key: `password-reset:ip:${context.ip}`, ...RATE_LIMITS.passwordResetsPerAddress }] : []),
  ];
  const blocked = (await Promise.all(limits.map((limit) => consume(limit)))).find((hit) => !hit.allowed);
  if (blocked) throw rateLimited(blocked, "Too many password reset requests. Try again later.");
  await prisma.$transaction((tx) => enqueue(tx, "password_reset_request", { email }));
}

/** The password_reset_request job: a fresh link (older ones stop working) for an existing account; nothing otherwise. */
export async function handlePasswordResetRequest({ email }: { email: string }): Promise<void> {
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, name: true } });
  if (!user) return;
  await prisma.$transaction(async (tx) => {
    const token = await issueAccountToken(tx, "PASSWORD_RESET", { userId: user.id, email });
    await enqueueMail(tx, email, "password-reset", { name: user.name, link: emailLinkOrigin() + resetPasswordPath(token) });
  });
}

/**
 * Sets a new password from a reset link: the link is used up, every session
 * of the account ends, the address counts as verified (the link reached it),
 * and the owner is told by email.
 */
export async function resetPassword(input: z.input<typeof resetPasswordInput>): Promise<{ email: string }> {
  const { token, password } = parseInput(resetPasswordInput, input);
  const passwordHash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    const row = await consumeAccountToken(tx, ["PASSWORD_RESET"], token);
    if (!row?.userId) throw new AppError("VALIDATION", RESET_LINK_UNUSABLE);
    const user = await tx.user.update({
      where: { id: row.userId },
      data: { passwordHash },
      select: { name: true, email: true, emailVerifiedAt: true },
    });
    if (!user.emailVerifiedAt && user.email === row.email) await tx.user.update({ where: { id: row.userId }, data: { emailVerifiedAt: new Date() } });
    await endAllSessions(tx, row.userId);
    if (emailConfigured()) await enqueueMail(tx, user.email, "password-changed", { name: user.name, resetLink: `${emailLinkOrigin()}/forgot-password` });
    return { email: user.email };
  });
}
