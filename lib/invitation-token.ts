import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

/**
 * Invitation link tokens. The database keeps only their sha256 (to find an
 * invitation by its link) and a copy sealed with a key derived from
 * AUTH_SECRET (so Copy Link can show it again): a leaked table alone yields no
 * working link.
 */

const TOKEN_PATTERN = /^inv_[A-Za-z0-9_-]{43}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function createInvitationToken(): string {
  return `inv_${randomBytes(32).toString("base64url")}`;
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isWellFormedInvitationToken(s: string): boolean {
  return TOKEN_PATTERN.test(s);
}

export function invitationUrl(origin: string, token: string): string {
  return `${origin}/accept-invitation/${token}`;
}

function sealingKey(): Buffer {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: it derives the key that encrypts invitation links.");
  return Buffer.from(hkdfSync("sha256", secret, "teamhub", "invitation-link", 32));
}

/** AES-256-GCM; base64url of iv | tag | ciphertext. */
export function sealInvitationToken(token: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(), iv);
  const ciphertext = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url");
}

/** Throws when the sealed value was altered or sealed under another AUTH_SECRET. */
export function openInvitationToken(sealed: string): string {
  const bytes = Buffer.from(sealed, "base64url");
  if (bytes.length <= IV_BYTES + TAG_BYTES) throw new Error("Sealed invitation token is too short.");
  const decipher = createDecipheriv("aes-256-gcm", sealingKey(), bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}
