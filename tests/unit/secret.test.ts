import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadAuthSecret } from "@/lib/config/secret";

describe("AUTH_SECRET", () => {
  it("is required in production", () => {
    expect(() => loadAuthSecret({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET is required in production/);
  });

  it("must be long enough when given", () => {
    expect(() => loadAuthSecret({ NODE_ENV: "production", AUTH_SECRET: "short" })).toThrow(/at least 32 characters/);
    const secret = "x".repeat(40);
    expect(loadAuthSecret({ NODE_ENV: "production", AUTH_SECRET: secret })).toBe(secret);
  });

  it("is generated once in development and kept under .data/", () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(path.join(os.tmpdir(), "secret-"));
    process.chdir(dir);
    try {
      const first = loadAuthSecret({ NODE_ENV: "development" });
      expect(first.length).toBeGreaterThanOrEqual(40);
      expect(existsSync(path.join(dir, ".data", "auth-secret"))).toBe(true);
      expect(readFileSync(path.join(dir, ".data", "auth-secret"), "utf8")).toBe(first);
      expect(loadAuthSecret({ NODE_ENV: "development" })).toBe(first);
    } finally {
      process.chdir(cwd);
    }
  });
});
