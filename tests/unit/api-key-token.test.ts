import { createHash } from "node:crypto";
import { apiKeyPrefix, createApiKeySecret, hashApiKeySecret, isWellFormedApiKeySecret } from "@/lib/tokens/api-key-token";
import { createApiKeyInput } from "@/lib/services/api-keys";

describe("API key secrets", () => {
  it("are thk_ plus 32 random bytes in base64url, never repeating", () => {
    const secrets = new Set(Array.from({ length: 200 }, createApiKeySecret));
    expect(secrets.size).toBe(200);
    for (const secret of secrets) {
      expect(secret).toMatch(/^thk_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(secret.slice(4), "base64url")).toHaveLength(32);
      expect(isWellFormedApiKeySecret(secret)).toBe(true);
    }
  });

  it("tells well-formed secrets from anything else", () => {
    const secret = createApiKeySecret();
    for (const bad of [
      "",
      "thk_",
      secret.slice(0, -1),
      `${secret}x`,
      `THK_${secret.slice(4)}`,
      `inv_${secret.slice(4)}`,
      `thk_${"a".repeat(42)}=`,
      `thk_${"a".repeat(42)}/`,
      ` ${secret}`,
      `${secret}\n`,
    ]) {
      expect(isWellFormedApiKeySecret(bad)).toBe(false);
    }
  });

  it("are stored as their sha256 in hex, and shown by their first 12 characters", () => {
    const secret = createApiKeySecret();
    expect(hashApiKeySecret(secret)).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(hashApiKeySecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKeySecret(secret)).not.toBe(hashApiKeySecret(createApiKeySecret()));
    expect(apiKeyPrefix(secret)).toBe(secret.slice(0, 12));
    expect(apiKeyPrefix(secret)).toMatch(/^thk_[A-Za-z0-9_-]{8}$/);
  });
});

describe("createApiKeyInput", () => {
  const parse = (input: unknown) => createApiKeyInput.safeParse(input);

  it("trims the name and treats a blank expiry as none", () => {
    for (const blank of [undefined, "", "  ", null]) {
      const result = parse({ name: "  CI deploy ", role: "MEMBER", expiresInDays: blank });
      expect(result.success && result.data).toEqual({ name: "CI deploy", role: "MEMBER", expiresInDays: undefined });
    }
    expect(parse({ name: "CI", role: "ADMIN", expiresInDays: "30" }).data).toEqual({ name: "CI", role: "ADMIN", expiresInDays: 30 });
  });

  it("refuses Owner keys, blank or long names and expiries outside 1 to 365 whole days", () => {
    const messages = (input: unknown) => parse(input).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(messages({ name: "CI", role: "OWNER" })).toEqual(["role: Choose Admin or Member."]);
    expect(messages({ name: "   ", role: "MEMBER" })).toEqual(["name: Give the key a name."]);
    expect(messages({ role: "MEMBER" })).toEqual(["name: Give the key a name."]);
    expect(messages({ name: "x".repeat(81), role: "MEMBER" })).toEqual(["name: Use at most 80 characters."]);
    expect(messages({ name: "CI", role: "MEMBER", expiresInDays: 0 })).toEqual(["expiresInDays: Keys last at least 1 day."]);
    expect(messages({ name: "CI", role: "MEMBER", expiresInDays: "366" })).toEqual(["expiresInDays: Keys last at most 365 days."]);
    expect(messages({ name: "CI", role: "MEMBER", expiresInDays: 1.5 })).toEqual(["expiresInDays: Enter a whole number of days."]);
    expect(messages({ name: "CI", role: "MEMBER", expiresInDays: "soon" })).toEqual(["expiresInDays: Enter a number of days."]);
  });
});
