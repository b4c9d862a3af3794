import "server-only";
import { prisma, type Prisma, type Tx } from "@/lib/db/client";
import type { AccountTokenPurpose } from "@/lib/generated/prisma/client";
import { secretTokens } from "@/lib/tokens/secret-token";

/**
 * The single-use links emailed for password resets, email verification and
 * finishing a sign-up: 256 random bits (lib/tokens/secret-token.ts), only their
 * sha256 stored, bound to one account (or, for a sign-up, one address).
 * Using a link deletes its row in the same statement that finds it, so two
 * uses at once can't both succeed; a new link of the same purpose deletes
 * the older ones, so only the newest works.
 */

const TOKENS = {
  PASSWORD_RESET: secretTokens("pwr"),
  EMAIL_VERIFICATION: secretTokens("vfy"),
  SIGN_UP: secretTokens("vfy"),
} as const;

export const TOKEN_LIFETIME_SECONDS: Record<AccountTokenPurpose, number> = {
  PASSWORD_RESET: 60 * 60,
  EMAIL_VERIFICATION: 24 * 60 * 60,
  SIGN_UP: 24 * 60 * 60,
};

export type AccountTokenRow = { id: string; purpose: AccountTokenPurpose; userId: string | null; email: string; data: Prisma.JsonValue | null };

/** Makes a link token, replacing every older one of the same purpose for the account (or sign-up address). */
export async function issueAccountToken(
  tx: Tx,
  purpose: AccountTokenPurpose,
  owner: { userId: string | null; email: string },
  data?: Prisma.InputJsonValue,
): Promise<string> {
  await tx.accountToken.deleteMany({
    where: owner.userId ? { purpose, userId: owner.userId } : { purpose, email: owner.email, userId: null },
  });
  const token = TOKENS[purpose].create();
  await tx.accountToken.create({
    data: {
      purpose,
      userId: owner.userId,
      email: owner.email,
      tokenHash: TOKENS[purpose].hash(token),
      data,
      expiresAt: new Date(Date.now() + TOKEN_LIFETIME_SECONDS[purpose] * 1000),
    },
  });
  return token;
}

/** Uses a link: deletes and returns its row if the token is one of `purposes` and unexpired; null otherwise. */
export async function consumeAccountToken(tx: Tx, purposes: AccountTokenPurpose[], token: string): Promise<AccountTokenRow | null> {
  const hashes = purposes.filter((purpose) => TOKENS[purpose].isWellFormed(token)).map((purpose) => TOKENS[purpose].hash(token));
  if (!hashes.length) return null;
  const [row] = await tx.$queryRaw<AccountTokenRow[]>`
    DELETE FROM account_tokens
    WHERE token_hash = ANY(${hashes}) AND purpose::text = ANY(${purposes}) AND expires_at > now()
    RETURNING id::text, purpose, user_id::text AS "userId", email, data`;
  return row ?? null;
}

/** Whether a link would still work (for the page that offers to use it), without using it. */
export async function isUsableAccountToken(purposes: AccountTokenPurpose[], token: string): Promise<boolean> {
  const hashes = purposes.filter((purpose) => TOKENS[purpose].isWellFormed(token)).map((purpose) => TOKENS[purpose].hash(token));
  if (!hashes.length) return false;
  const row = await prisma.accountToken.findFirst({
    where: { tokenHash: { in: hashes }, purpose: { in: purposes }, expiresAt: { gt: new Date() } },
    select: { id: true },
  });
  return row !== null;
}

/** Expired links serve nobody; run hourly by the job queue. */
export async function purgeExpiredAccountTokens(): Promise<number> {
  const { count } = await prisma.accountToken.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  return count;
}
