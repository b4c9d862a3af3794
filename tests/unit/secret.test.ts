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

describe("next start", () => {
  const nextConfig = require("../../next.config.js") as (phase: string) => { headers(): Promise<unknown> };
  const { PHASE_PRODUCTION_SERVER, PHASE_PRODUCTION_BUILD } = require("next/constants") as Record<string, string>;

  it("refuses to start in production without AUTH_SECRET, while building needs none", () => {
    const saved = process.env.AUTH_SECRET;
    delete process.env.AUTH_SECRET;
    try {
      expect(() => nextConfig(PHASE_PRODUCTION_SERVER!)).toThrow(/AUTH_SECRET is required in production/);
      expect(() => nextConfig(PHASE_PRODUCTION_BUILD!)).not.toThrow();
    } finally {
      process.env.AUTH_SECRET = saved;
    }
    expect(() => nextConfig(PHASE_PRODUCTION_SERVER!)).not.toThrow();
  });
});
