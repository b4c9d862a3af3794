import "server-only";
import { secretTokens } from "./secret-token";

/**
 * Organization API key secrets: "thk_" and 32 random bytes in base64url. The
 * database keeps only their sha256 (to find the key a request presents) and
 * their first characters (to tell keys apart in lists); the secret itself is
 * shown once, when the key is created.
 */

const PREFIX_LENGTH = 12;

export const {
  create: createApiKeySecret,
  hash: hashApiKeySecret,
  isWellFormed: isWellFormedApiKeySecret,
} = secretTokens("thk");

/** What lists show of a key: "thk_" and the first 8 characters of its random part. */
export function apiKeyPrefix(secret: string): string {
  return secret.slice(0, PREFIX_LENGTH);
}
