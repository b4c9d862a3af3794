import { createHash, randomBytes } from "node:crypto";

/**
 * Organization API key secrets: "thk_" and 32 random bytes in base64url. The
 * database keeps only their sha256 (to find the key a request presents) and
 * their first characters (to tell keys apart in lists); the secret itself is
 * shown once, when the key is created.
 */

const SECRET_PATTERN = /^thk_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 12;

export function createApiKeySecret(): string {
  return `thk_${randomBytes(32).toString("base64url")}`;
}

export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function isWellFormedApiKeySecret(s: string): boolean {
  return SECRET_PATTERN.test(s);
}

/** What lists show of a key: "thk_" and the first 8 characters of its random part. */
export function apiKeyPrefix(secret: string): string {
  return secret.slice(0, PREFIX_LENGTH);
}
