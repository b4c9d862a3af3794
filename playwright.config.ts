import { defineConfig } from "@playwright/test";

/**
 * Browser end-to-end tests against the production build (`npm run test:e2e`
 * runs `next build` first). tests/e2e/global-setup.ts starts a throwaway
 * PostgreSQL and the production server (lib/cli/server.cjs); the base URL reaches the tests through
 * E2E_BASE_URL (see tests/e2e/support.ts).
 *
 * Playwright's own browser download is not used: tests drive the system
 * Chromium (Debian package, /usr/bin/chromium), overridable with CHROMIUM_PATH.
 */
const CI = Boolean(process.env.CI);

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "tests/e2e/artifacts/results",
  globalSetup: "./tests/e2e/global-setup.ts",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  // Tests share one server but never each other's people or organizations.
  fullyParallel: true,
  forbidOnly: CI,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: CI ? 1 : 0,
  // Signing up now goes through an emailed link (a job, an email, a confirmation page) for every new person.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { outputFolder: "tests/e2e/artifacts/report", open: "never" }]],
  use: {
    browserName: "chromium",
    baseURL: process.env.E2E_BASE_URL,
    viewport: { width: 1280, height: 800 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
});
