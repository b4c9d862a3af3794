import "server-only";
import { createHash, randomBytes } from "node:crypto";

/**
 * Secrets of the kind invitation links and API keys carry: a prefix and 32
 * random bytes in base64url. Only their sha256 is stored to find them by.
 */
export function secretTokens(prefix: string) {
  const pattern = new RegExp(`^${prefix}_[A-Za-z0-9_-]{43}$`);
  return {
    create: () => `${prefix}_${randomBytes(32).toString("base64url")}`,
    hash: (token: string) => createHash("sha256").update(token).digest("hex"),
    isWellFormed: (token: string) => pattern.test(token),
  };
}
