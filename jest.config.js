// @ts-check
const nextJest = require("next/jest.js");

const createJestConfig = nextJest({ dir: "./" });

// Integration tests run in node against a real PostgreSQL (embedded, or the
// server DATABASE_URL points at), each test file in its own fresh database.
// Component tests opt into jsdom with a @jest-environment docblock.
module.exports = createJestConfig({
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  testPathIgnorePatterns: ["/tests/e2e/"],
  // Outside React's server environment "server-only" throws; tests run server modules directly.
  moduleNameMapper: { "^@/(.*)$": "<rootDir>/$1", "^server-only$": "<rootDir>/node_modules/server-only/empty.js" },
  globalSetup: "<rootDir>/tests/setup/global-setup.ts",
  globalTeardown: "<rootDir>/tests/setup/global-teardown.ts",
  setupFilesAfterEnv: ["<rootDir>/tests/setup/per-file.ts"],
  testTimeout: 30_000,
});
