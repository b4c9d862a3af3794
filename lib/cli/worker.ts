/**
 * `npm run worker`: the job worker on its own (sending email), for operators
 * who scale it apart from the app (set WORKER_IN_PROCESS=false on the app
 * then). Any number can run against one database: graphile-worker locks each
 * job, so a message is sent once. Stops gracefully on SIGINT/SIGTERM: jobs
 * under way finish first.
 */
import "./server-only.cjs";
import { loadAuthSecret } from "../config/secret";
import { startWorker } from "../jobs/runner";
import { emailConfigured, mailSettings } from "../mail/config";
import { workerConcurrency } from "./worker-settings";

const log = (line: string) => console.log(`[teamhub worker] ${line}`);

async function main() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error("npm run worker needs DATABASE_URL (the embedded database belongs to the `npm run dev` / `npm start` process, which runs a worker itself).");
  }
  // Sealed email contents are opened with the key derived from AUTH_SECRET: the same one the app uses.
  // Required unless NODE_ENV=development (then the one `npm run dev` keeps in .data/ is used).
  process.env.AUTH_SECRET = loadAuthSecret({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? "production" });
  mailSettings();
  if (!emailConfigured()) log("email is off (SMTP_URL is not set): email jobs will fail and be retried until it is set");
  const runner = await startWorker({ connectionString, concurrency: workerConcurrency(), log });
  log(`running ${workerConcurrency()} job(s) at a time`);
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log("stopping: waiting for jobs under way");
      runner.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await runner.promise;
}

main().catch((error: Error) => {
  console.error(`[teamhub worker] ${error.message}`);
  process.exit(1);
});
