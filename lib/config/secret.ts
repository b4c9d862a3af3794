import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * AUTH_SECRET signs sessions and derives the key that encrypts invitation
 * links. Production refuses to start without it; development makes one once
 * and keeps it under .data/ so sessions survive restarts.
 */
export function loadAuthSecret(env: NodeJS.ProcessEnv): string {
  if (env.AUTH_SECRET) {
    if (env.AUTH_SECRET.length < 32) throw new Error("AUTH_SECRET must be at least 32 characters long.");
    return env.AUTH_SECRET;
  }
  if (env.NODE_ENV === "production") {
    throw new Error("AUTH_SECRET is required in production. Generate one with: openssl rand -base64 33");
  }
  const file = path.resolve(process.cwd(), ".data", "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(33).toString("base64url");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
