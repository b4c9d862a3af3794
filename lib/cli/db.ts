/**
 * Database commands:
 *   migrate  apply pending migrations (what `npm run dev` / `npm start` do first)
 *   diff     print the SQL that brings the migrations up to schema.prisma:
 *            the body of the next migration, empty when they agree
 *            (`diff --schema <file>` compares with another schema file)
 */
import { applyMigrations } from "../db/migrate";
import { diffMigrationsToSchema } from "../db/schema-engine";
import { openDatabase } from "../db/server";

const log = (line: string) => console.error(`[teamhub] ${line}`);

async function main(command: string | undefined) {
  if (command !== "migrate" && command !== "diff") {
    console.error("usage: db.ts migrate|diff");
    return 2;
  }
  const database = await openDatabase(log);
  try {
    if (command === "migrate") {
      const applied = await applyMigrations(database.url, { log });
      log(applied.length ? `${applied.length} migration(s) applied` : "database is up to date");
      return 0;
    }
    const schemaFlag = process.argv.indexOf("--schema");
    const schemaPath = schemaFlag > 0 ? process.argv[schemaFlag + 1] : undefined;
    const sql = await diffMigrationsToSchema(database.url, schemaPath);
    if (sql) console.log(sql);
    return 0;
  } finally {
    await database.stop();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
