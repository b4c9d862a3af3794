import "@testing-library/jest-dom";

// Each integration test file gets its own database, cloned from the migrated
// template, so files run in parallel without seeing each other's rows.
// jsdom (component) tests need no database.
if (typeof window === "undefined") {
  const { randomBytes } = require("node:crypto") as typeof import("node:crypto");
  const { createDatabaseIfMissing, dropDatabase, withDatabase } = require("@/lib/db/admin") as typeof import("@/lib/db/admin");
  const { disconnectPrisma } = require("@/lib/db/client") as typeof import("@/lib/db/client");
  const serverUrl = process.env.TEST_DATABASE_SERVER_URL!;
  const name = `teamhub_test_${randomBytes(6).toString("hex")}`;

  beforeAll(async () => {
    await createDatabaseIfMissing(serverUrl, name, process.env.TEST_DATABASE_TEMPLATE);
    process.env.DATABASE_URL = withDatabase(serverUrl, name);
  });

  afterAll(async () => {
    await disconnectPrisma();
    await dropDatabase(serverUrl, name);
  });
}
