/**
 * `npm run dev` and `npm start`: opens the database (DATABASE_URL or the
 * embedded server), applies pending migrations, then runs Next.js through
 * lib/cli/server.cjs (in dev mode for `npm run dev`) with DATABASE_URL
 * pointing at it, and stops the embedded server when Next exits. Options
 * after the mode go to the server: `npm run dev -- -p 3001`, as `next dev -p 3001`.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { loadAuthSecret } from "../config/secret";
import { applyMigrations } from "../db/migrate";
import { openDatabase } from "../db/server";
import { parseServerArguments } from "./server.cjs";

const log = (line: string) => console.log(`[teamhub] ${line}`);

function fail(error: unknown): never {
  console.error(`[teamhub] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

function parseMode(argument: string | undefined): "dev" | "start" {
  if (argument === "dev" || argument === "start") return argument;
  console.error("usage: app.ts dev|start [-p|--port <port>] [-H|--hostname <host>]");
  process.exit(2);
}
const mode = parseMode(process.argv[2]);
const serverArguments = [...(mode === "dev" ? ["--dev"] : []), ...process.argv.slice(3)];

async function main() {
  // Checked before anything starts: a mistyped option is refused, not ignored.
  parseServerArguments(serverArguments, process.env);
  const authSecret = loadAuthSecret({ ...process.env, NODE_ENV: mode === "dev" ? "development" : "production" });
  // Reads and checks the configured limits now: a bad value stops here, naming its variable.
  await import("../config/limits");
  const database = await openDatabase(log);
  await applyMigrations(database.url, { log });

  // Both run our server (lib/cli/server.cjs), which records client addresses; development with Next's dev mode.
  const command = [path.join(__dirname, "server.cjs"), ...serverArguments];
  const child = spawn(process.execPath, command, {
    cwd: path.resolve(__dirname, "../.."),
    stdio: "inherit",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      ...process.env,
      NODE_ENV: mode === "dev" ? "development" : "production",
      DATABASE_URL: database.url,
      AUTH_SECRET: authSecret,
    } as NodeJS.ProcessEnv,
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await database.stop();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      child.kill(signal);
    });
  }
  child.on("exit", (code) => void stop(code ?? 0));
}

main().catch(fail);
