import "server-only";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Keys derived from AUTH_SECRET, one per purpose, for values the database or
 * a client holds but must not be able to read (sealing) or forge (signing).
 */

const IV_BYTES = 12;
const TAG_BYTES = 16;

// Derived once per secret and purpose: paging cursors are signed on every list request.
const derivedKeys = new Map<string, Buffer>();

function keyFor(purpose: string): Buffer {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error(`AUTH_SECRET is not set: it derives the ${purpose} key.`);
  const id = `${purpose}\u0000${secret}`;
  let key = derivedKeys.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "teamhub", purpose, 32));
    derivedKeys.set(id, key);
  }
  return key;
}

/** AES-256-GCM; base64url of iv | tag | ciphertext. */
export function seal(purpose: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url");
}

/** Throws when the sealed value was altered or sealed under another secret or purpose. */
export function unseal(purpose: string, sealed: string): string {
  const bytes = Buffer.from(sealed, "base64url");
  if (bytes.length <= IV_BYTES + TAG_BYTES) throw new Error("Sealed value is too short.");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose), bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}

/** A 128-bit HMAC-SHA256 tag, base64url. */
export function sign(purpose: string, text: string): string {
  return createHmac("sha256", keyFor(purpose)).update(text).digest().subarray(0, 16).toString("base64url");
}

export function hasValidSignature(purpose: string, text: string, signature: string): boolean {
  const expected = Buffer.from(sign(purpose, text));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
