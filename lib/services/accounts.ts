import { z } from "zod";
import { prisma, type Tx } from "@/lib/db/client";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/passwords";
import { consume, rateLimited, reset } from "@/lib/rate-limit";
import { emailSchema, nameSchema, parseInput, passwordSchema } from "@/lib/validation";
import { recordAudit } from "./audit";
import type { RequestContext } from "./types";

export const signUpInput = z.object({ name: nameSchema, email: emailSchema, password: passwordSchema });
export const signInInput = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(200),
});

export type SignedUpUser = { id: string; email: string; name: string; personalOrganizationId: string };

// Failed sign-ins allowed per account and per address in a 15-minute window.
const FAILED_SIGN_IN_WINDOW = 15 * 60;
const FAILED_PER_ACCOUNT = 5;
const FAILED_PER_IP = 30;
const SIGN_UPS_PER_IP_PER_HOUR = 20;

export function personalOrganizationName(name: string) {
  return `${name.split(/\s+/)[0]}'s organization`;
}

/** Refuses the request when this address has made too many accounts in the last hour. */
export async function limitSignUps(context: RequestContext): Promise<void> {
  if (!context.ip) return;
  const state = await consume({ key: `sign-up:ip:${context.ip}`, limit: SIGN_UPS_PER_IP_PER_HOUR, windowSeconds: 3600 });
  if (!state.allowed) throw rateLimited(state, "Too many accounts created from this address. Try again later.");
}

/**
 * Creates a user with their personal organization (Owner, active) in the
 * caller's transaction. `emailVerified` when the address was just proven by
 * an emailed link.
 */
export async function createAccount(
  tx: Tx,
  account: { name: string; email: string; passwordHash: string; emailVerified: boolean },
  context: RequestContext,
): Promise<SignedUpUser> {
  const { name, email, passwordHash } = account;
  const created = await tx.user.create({ data: { name, email, passwordHash, emailVerifiedAt: account.emailVerified ? new Date() : null } });
  const organization = await tx.organization.create({
    data: { name: personalOrganizationName(name), personalOwnerId: created.id },
  });
  await tx.member.create({ data: { userId: created.id, organizationId: organization.id, role: "OWNER" } });
  await tx.user.update({ where: { id: created.id }, data: { activeOrganizationId: organization.id } });
  const user = { id: created.id, email, name, personalOrganizationId: organization.id };
  await recordAudit(tx, { userId: user.id, name, email, ip: context.ip }, {
    organizationId: organization.id,
    action: "organization.created",
    target: { type: "organization", id: organization.id, label: organization.name },
    details: { personal: true },
  });
  return user;
}

export const ACCOUNT_EXISTS = "An account with this email already exists.";

/** The form error for an address that already has an account. */
export function accountExists(): AppError {
  return new AppError("VALIDATION", ACCOUNT_EXISTS, { fieldErrors: { email: [`${ACCOUNT_EXISTS} Sign in instead.`] } });
}

/**
 * Creates a user with their personal organization (Owner, active) in one
 * transaction, at once (email off, or from an invitation link). `inTransaction`
 * lets a caller add work to the same transaction (accepting an invitation
 * while signing up).
 */
export async function signUp(
  input: z.input<typeof signUpInput>,
  context: RequestContext,
  inTransaction?: (tx: Tx, user: SignedUpUser) => Promise<void>,
): Promise<SignedUpUser> {
  const { name, email, password } = parseInput(signUpInput, input);
  await limitSignUps(context);
  const passwordHash = await hashPassword(password);
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await createAccount(tx, { name, email, passwordHash, emailVerified: false }, context);
      if (inTransaction) await inTransaction(tx, user);
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error, "email")) throw accountExists();
    throw error;
  }
}

export const INVALID_CREDENTIALS = "Invalid email or password.";

/**
 * Checks an email and password. Every failure says the same thing, whether
 * the account exists or not. Failures are limited per account and per address.
 */
export async function verifyCredentials(
  input: z.input<typeof signInInput>,
  context: RequestContext,
): Promise<{ id: string; email: string; name: string; sessionVersion: number }> {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) throw new AppError("UNAUTHENTICATED", INVALID_CREDENTIALS);
  const { email, password } = parsed.data;
  const limits = [
    { key: `sign-in:account:${email}`, limit: FAILED_PER_ACCOUNT, windowSeconds: FAILED_SIGN_IN_WINDOW },
    ...(context.ip ? [{ key: `sign-in:ip:${context.ip}`, limit: FAILED_PER_IP, windowSeconds: FAILED_SIGN_IN_WINDOW }] : []),
  ];
  // Each attempt takes its slot before the password is checked, so attempts made at
  // the same moment can't all pass a check that only failures made before them fill.
  const hits = await Promise.all(limits.map((limit) => consume(limit)));
  const blocked = hits.find((hit) => !hit.allowed);
  if (blocked) {
    await Promise.all(hits.map((hit) => hit.release()));
    throw rateLimited(blocked, "Too many failed sign-in attempts. Wait a few minutes and try again.");
  }
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true } });
  if (!(await verifyPassword(user?.passwordHash ?? null, password))) throw new AppError("UNAUTHENTICATED", INVALID_CREDENTIALS);
  // Only failures count: the account starts afresh, the address gets its slot back.
  await Promise.all([reset(limits[0]!.key), ...hits.slice(1).map((hit) => hit.release())]);
  return { id: user!.id, email: user!.email, name: user!.name, sessionVersion: user!.sessionVersion };
}
