import { defineConfig } from "prisma/config";

// Prisma CLI configuration. The app itself never reads this file: it connects
// through @prisma/adapter-pg (lib/db/client.ts) and applies migrations with
// lib/db/migrate.ts. DATABASE_URL is only needed for `prisma migrate` commands
// run by an operator who has Prisma's native schema engine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused" },
});
