import "server-only";
import { z } from "zod";
import { RATE_LIMITS } from "@/lib/config/fixed-limits";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { emailConfigured, emailLinkOrigin } from "@/lib/mail/config";
import { enqueueMail } from "@/lib/mail/outbox";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { consume, rateLimited } from "@/lib/rate-limit";
import { nameSchema, parseInput, passwordSchema } from "@/lib/validation";
import { endAllSessions } from "./sessions";
import type { Actor } from "./types";

/** Account settings (/account): the signed-in person's own name, password, sessions and notification emails. */

export const changeNameInput = z.object({ name: nameSchema });
export const changePasswordInput = z.object({
  currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(200),
  newPassword: passwordSchema,
});
export const emailNotificationsInput = z.object({ enabled: z.boolean() });

export type AccountSettings = { name: string; email: string; emailVerified: boolean; emailNotifications: boolean };


export async function getAccountSettings(actor: Pick<Actor, "userId">): Promise<AccountSettings> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { name: true, email: true, emailVerifiedAt: true, emailNotifications: true },
  });
  return { name: user.name, email: user.email, emailVerified: user.emailVerifiedAt !== null, emailNotifications: user.emailNotifications };
}

export async function changeName(actor: Pick<Actor, "userId">, input: z.input<typeof changeNameInput>): Promise<{ name: string }> {
  const { name } = parseInput(changeNameInput, input);
  await prisma.user.update({ where: { id: actor.userId }, data: { name } });
  return { name };
}

/**
 * Changes the password after checking the current one (wrong guesses are
 * limited, so a borrowed session can't find it out). Every session ends,
 * this one included: the caller signs this device in again with the new
 * password. With email on, the owner is told by email.
 */
export async function changePassword(actor: Pick<Actor, "userId">, input: z.input<typeof changePasswordInput>): Promise<{ email: string }> {
  const { currentPassword, newPassword } = parseInput(changePasswordInput, input);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { name: true, email: true, passwordHash: true } });
  const attempt = await consume({ key: `change-password:user:${actor.userId}`, ...RATE_LIMITS.wrongCurrentPasswords });
  if (!attempt.allowed) {
    await attempt.release();
    throw rateLimited(attempt, "Too many wrong passwords. Wait a few minutes and try again.");
  }
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError("VALIDATION", "Some fields need attention.", { fieldErrors: { currentPassword: ["That is not your current password."] } });
  }
  await attempt.release();
  const passwordHash = await hashPassword(newPassword);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { passwordHash } });
    await endAllSessions(tx, actor.userId);
    if (emailConfigured()) await enqueueMail(tx, user.email, "password-changed", { name: user.name, resetLink: `${emailLinkOrigin()}/forgot-password` });
  });
  return { email: user.email };
}

/** "Sign out of all devices" (and plain sign-out: a copied cookie must stop working too). */
export async function signOutEverywhere(actor: Pick<Actor, "userId">): Promise<void> {
  await prisma.$transaction((tx) => endAllSessions(tx, actor.userId));
}

export async function setEmailNotifications(actor: Pick<Actor, "userId">, input: z.input<typeof emailNotificationsInput>): Promise<{ enabled: boolean }> {
  const { enabled } = parseInput(emailNotificationsInput, input);
  if (!emailConfigured()) throw new AppError("CONFLICT", "Email is not set up on this server, so there are no notification emails to turn on or off.");
  await prisma.user.update({ where: { id: actor.userId }, data: { emailNotifications: enabled } });
  return { enabled };
}
