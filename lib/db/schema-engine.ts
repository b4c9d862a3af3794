import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { MIGRATIONS_DIR, readMigrations } from "./migrate";
import { createDatabaseIfMissing, dropDatabase, withDatabase } from "./admin";

/**
 * Prisma's official schema engine compiled to WebAssembly, driven through
 * @prisma/adapter-pg. It answers the questions the native engine would
 * (`prisma migrate diff`) on machines where that engine can't be downloaded.
 */

const SCHEMA_PATH = path.resolve(__dirname, "../../prisma/schema.prisma");
const WASM_PACKAGE_DIR = path.dirname(require.resolve("@prisma/schema-engine-wasm"));

/**
 * adapter-pg's executeScript splits scripts on every ";", which breaks on
 * semicolons inside comments and function bodies. PostgreSQL runs a
 * multi-statement script in one simple query, so send it whole.
 */
const PG_INTERNAL_CHAR = 18;
const PG_TEXT = 25;

class WholeScriptPrismaPg extends PrismaPg {
  private static sendWhole<T extends Awaited<ReturnType<PrismaPg["connect"]>>>(adapter: T): T {
    adapter.executeScript = async (script: string) => {
      await adapter.underlyingDriver().query(script);
    };
    // The engine's catalog queries return PostgreSQL's internal "char" type
    // (OID 18), which adapter-pg doesn't map; report it as the engine's
    // Character column type (its values already arrive as one-letter text).
    const queryable = adapter as unknown as {
      performIO(query: unknown): Promise<{ fields: { dataTypeID: number }[] }>;
      queryRaw(query: unknown): Promise<{ columnTypes: number[] }>;
    };
    const performIO = queryable.performIO.bind(adapter);
    const queryRaw = queryable.queryRaw.bind(adapter);
    const charColumns = new Map<unknown, number[]>();
    queryable.performIO = async (query) => {
      const result = await performIO(query);
      const indexes = result.fields.flatMap((field, i) => (field.dataTypeID === PG_INTERNAL_CHAR ? [i] : []));
      for (const i of indexes) result.fields[i]!.dataTypeID = PG_TEXT;
      charColumns.set(query, indexes);
      return result;
    };
    queryable.queryRaw = async (query) => {
      const result = await queryRaw(query);
      for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
      charColumns.delete(query);
      return result;
    };
    return adapter;
  }
  async connect() {
    return WholeScriptPrismaPg.sendWhole(await super.connect());
  }
  async connectToShadowDb() {
    return WholeScriptPrismaPg.sendWhole(await super.connectToShadowDb());
  }
}

type Engine = {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
};

async function loadEngine(databaseUrl: string, schema: string): Promise<Engine> {
  // wasm-bindgen reports Rust panics through this registry.
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = {
    set_message: (message: string) => console.error(`schema engine panic: ${message}`),
  };
  const bindings = await import(path.join(WASM_PACKAGE_DIR, "schema_engine_bg.js"));
  const bytes = readFileSync(path.join(WASM_PACKAGE_DIR, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  const adapter = bindMigrationAwareSqlAdapterFactory(new WholeScriptPrismaPg({ connectionString: databaseUrl }));
  return bindings.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, adapter);
}

const noFilters = { externalTables: [], externalEnums: [] };

function migrationsTarget() {
  return {
    tag: "migrations",
    baseDir: MIGRATIONS_DIR,
    lockfile: {
      path: "migration_lock.toml",
      content: readFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), "utf8"),
    },
    shadowDbInitScript: "",
    migrationDirectories: readMigrations().map((migration) => ({
      path: migration.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: migration.sql } },
    })),
  };
}

/**
 * SQL that takes a database built from the migrations to what schema.prisma
 * describes; empty when they agree. The engine replays the migrations on the
 * database it is given, so it gets a scratch database, dropped afterwards.
 */
export async function diffMigrationsToSchema(serverUrl: string, schemaPath = SCHEMA_PATH): Promise<string> {
  const scratch = `teamhub_diff_${randomBytes(6).toString("hex")}`;
  await createDatabaseIfMissing(serverUrl, scratch);
  try {
    return await diffOn(withDatabase(serverUrl, scratch), readFileSync(schemaPath, "utf8"));
  } finally {
    await dropDatabase(serverUrl, scratch);
  }
}

async function diffOn(databaseUrl: string, schema: string): Promise<string> {
  const engine = await loadEngine(databaseUrl, schema);
  const result = await engine.diff({
    from: migrationsTarget(),
    to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
    script: true,
    exitCode: null,
    filters: noFilters,
  });
  const sql = (result.stdout ?? "").trim();
  return sql === "-- This is an empty migration." ? "" : sql;
}
