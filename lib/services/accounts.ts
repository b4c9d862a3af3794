import "server-only";
import { z } from "zod";
import { RATE_LIMITS, RECOGNIZED_ADDRESS_DAYS } from "@/lib/config/fixed-limits";
import { prisma, type Tx } from "@/lib/db/client";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { consume, rateLimited, reset, type Hit, type LimitState } from "@/lib/rate-limit";
import { emailSchema, nameSchema, parseInput, passwordSchema } from "@/lib/validation";
import { recordAudit } from "./audit";
import type { RequestContext } from "./types";

export const signUpInput = z.object({ name: nameSchema, email: emailSchema, password: passwordSchema });
export const signInInput = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(200),
});

export type SignedUpUser = { id: string; email: string; name: string; personalOrganizationId: string };

// Failed sign-ins and sign-ups are limited as RATE_LIMITS says (lib/config/fixed-limits.ts).
// Expired recognized addresses deleted by each successful sign-in, which keeps the table to the last 30 days.
const PRUNE_BATCH = 4;
const TOO_MANY_FAILURES = "Too many failed sign-in attempts. Wait a few minutes and try again.";

export function personalOrganizationName(name: string) {
  return `${name.split(/\s+/)[0]}'s organization`;
}

/** Refuses the request when this address has made too many accounts in the last hour. */
export async function limitSignUps(context: RequestContext): Promise<void> {
  if (!context.ip) return;
  const state = await consume({ key: `sign-up:ip:${context.ip}`, ...RATE_LIMITS.signUpsPerAddress });
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
 * while signing up); `limit` replaces the per-address sign-up limit (an
 * invitation is limited by its own single use instead).
 */
export async function signUp(
  input: z.input<typeof signUpInput>,
  context: RequestContext,
  inTransaction?: (tx: Tx, user: SignedUpUser) => Promise<void>,
  limit: (context: RequestContext, email: string) => Promise<void> = limitSignUps,
): Promise<SignedUpUser> {
  const { name, email, password } = parseInput(signUpInput, input);
  await limit(context, email);
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
 * the account exists or not. Failures are limited per account and address,
 * per address, and per account (see the numbers above).
 */
export async function verifyCredentials(
  input: z.input<typeof signInInput>,
  context: RequestContext,
): Promise<{ id: string; email: string; name: string; sessionVersion: number }> {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) throw new AppError("UNAUTHENTICATED", INVALID_CREDENTIALS);
  const { email, password } = parsed.data;
  const { ip } = context;
  const accountAndAddress = { key: `sign-in:account:${email}:ip:${ip ?? "unknown"}`, ...RATE_LIMITS.failedSignInsPerAccountAndAddress };

  // Each attempt takes its slots before the password is checked, so attempts made at the same
  // moment can't all pass a check that only failures made before them fill. One at a time, the
  // address's own first: a refused attempt gives back what it took and writes nothing more.
  const taken: Hit[] = [];
  const refuse = async (state: LimitState) => {
    await Promise.all(taken.map((hit) => hit.release()));
    return rateLimited(state, TOO_MANY_FAILURES);
  };
  for (const limit of [
    ...(ip ? [{ key: `sign-in:ip:${ip}`, ...RATE_LIMITS.failedSignInsPerAddress }] : []),
    accountAndAddress,
  ]) {
    const hit = await consume(limit);
    if (!hit.allowed) throw await refuse(hit);
    taken.push(hit);
  }
  const account = await consume({ key: `sign-in:account:${email}`, ...RATE_LIMITS.failedSignInsPerAccount });
  if (account.allowed) taken.push(account);
  else if (!ip || !(await isRecognizedAddress(email, ip))) throw await refuse(account);

  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true } });
  if (!(await verifyPassword(user?.passwordHash ?? null, password))) throw new AppError("UNAUTHENTICATED", INVALID_CREDENTIALS);
  // Only failures count: every slot taken goes back, and this address starts afresh on this account.
  await Promise.all([
    ...taken.map((hit) => hit.release()),
    reset(accountAndAddress.key),
    ...(ip ? [recordSignInAddress(user!.id, ip)] : []),
  ]);
  return { id: user!.id, email: user!.email, name: user!.name, sessionVersion: user!.sessionVersion };
}

/** Whether the account signed in successfully from this address in the last RECOGNIZED_ADDRESS_DAYS. */
async function isRecognizedAddress(email: string, ip: string): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ recognized: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM sign_in_addresses a JOIN users u ON u.id = a.user_id
      WHERE u.email = ${email} AND a.ip = ${ip} AND a.last_signed_in_at > now() - make_interval(days => ${RECOGNIZED_ADDRESS_DAYS})
    ) AS recognized`;
  return row!.recognized;
}

/** Remembers a successful sign-in's address, and forgets a batch of those older than RECOGNIZED_ADDRESS_DAYS. */
async function recordSignInAddress(userId: string, ip: string) {
  await prisma.$executeRaw`
    WITH pruned AS (
      DELETE FROM sign_in_addresses WHERE (user_id, ip) IN (
        SELECT user_id, ip FROM sign_in_addresses
        WHERE last_signed_in_at < now() - make_interval(days => ${RECOGNIZED_ADDRESS_DAYS}) AND NOT (user_id = ${userId}::uuid AND ip = ${ip})
        LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)
    )
    INSERT INTO sign_in_addresses (user_id, ip) VALUES (${userId}::uuid, ${ip})
    ON CONFLICT (user_id, ip) DO UPDATE SET last_signed_in_at = now()`;
}
