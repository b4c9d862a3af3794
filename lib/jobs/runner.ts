import "server-only";
import { Logger, run, type Runner, type TaskList } from "graphile-worker";
import { handlers } from "./handlers";
import { CRONTAB, TASKS, type JobInfo, type TaskName } from "./tasks";

export type WorkerOptions = {
  connectionString: string;
  /** Jobs run at once in this process (default 5: sending is mostly waiting on SMTP). */
  concurrency?: number;
  /** How often to look for jobs whose retry time has come (new jobs are announced with NOTIFY). */
  pollInterval?: number;
  log?: (line: string) => void;
};

function taskList(): TaskList {
  const list: TaskList = {};
  for (const name of Object.keys(TASKS) as TaskName[]) {
    list[name] = async (payload, helpers) => {
      // A payload that doesn't fit its schema fails the job with the reason kept in last_error.
      const parsed = TASKS[name].payload.parse(payload);
      const { id, attempts, max_attempts: maxAttempts } = helpers.job;
      await (handlers[name] as (payload: unknown, job: JobInfo) => Promise<void>)(parsed, { id, attempts, maxAttempts });
    };
  }
  return list;
}

/** graphile-worker's log lines, through ours: warnings and errors only (a failed attempt is an error line with its reason). */
function loggerFor(log: (line: string) => void): Logger {
  return new Logger(() => (level, message) => {
    if (level === "error" || level === "warning") log(`worker ${level}: ${message}`);
  });
}

/** Starts a worker pool on the database; stop it with `await runner.stop()`. */
export async function startWorker(options: WorkerOptions): Promise<Runner> {
  const concurrency = options.concurrency ?? 5;
  return run({
    connectionString: options.connectionString,
    concurrency,
    maxPoolSize: concurrency + 2,
    pollInterval: options.pollInterval ?? 2000,
    taskList: taskList(),
    crontab: CRONTAB,
    // The process that starts the worker decides when it stops (lib/cli/*).
    noHandleSignals: true,
    // Unbatched, graphile-worker records a job done (or failed) without waiting, and stop() can
    // close its connections first: the job stays locked and is sent again 4 hours later. Batches,
    // even of 0 ms, are written out before stop() closes them.
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    logger: loggerFor(options.log ?? ((line) => console.error(`[teamhub] ${line}`))),
  });
}
