import "server-only";
import { Logger, run, type Runner, type TaskList } from "graphile-worker";
import { handlers } from "./handlers";
import { CRONTAB, TASKS, type JobInfo, type TaskName } from "./tasks";

export type WorkerOptions = {
  connectionString: string;
  /** Jobs run at once in this process (default 5: sending is mostly waiting on SMTP); as many webhook requests besides. */
  concurrency?: number;
  /** How often to look for jobs whose retry time has come (new jobs are announced with NOTIFY). */
  pollInterval?: number;
  log?: (line: string) => void;
};

/** Webhook deliveries run in a pool of their own: receivers that answer slowly (up to 10 s each) never hold up email. */
const POOLS: { tasks: (task: TaskName) => boolean; crontab: boolean }[] = [
  { tasks: (task) => task !== "webhook_delivery", crontab: true },
  { tasks: (task) => task === "webhook_delivery", crontab: false },
];

function taskList(include: (task: TaskName) => boolean): TaskList {
  const list: TaskList = {};
  for (const name of (Object.keys(TASKS) as TaskName[]).filter(include)) {
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

export type Worker = {
  /** Lets jobs under way finish, then closes the pools' connections. */
  stop(): Promise<void>;
  /** Settles when the pools stop (rejects if one fails). */
  promise: Promise<void>;
};

/**
 * Starts the worker on the database: graphile-worker pools that each pick up
 * only their own tasks' jobs (POOLS). Stop it with `await worker.stop()`.
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const concurrency = options.concurrency ?? 5;
  const logger = loggerFor(options.log ?? ((line) => console.error(`[teamhub] ${line}`)));
  const runners: Runner[] = [];
  try {
    for (const pool of POOLS) {
      runners.push(
        await run({
          connectionString: options.connectionString,
          concurrency,
          maxPoolSize: concurrency + 2,
          pollInterval: options.pollInterval ?? 2000,
          taskList: taskList(pool.tasks),
          ...(pool.crontab ? { crontab: CRONTAB } : {}),
          // The process that starts the worker decides when it stops (lib/cli/*).
          noHandleSignals: true,
          // Unbatched, graphile-worker records a job done (or failed) without waiting, and stop() can
          // close its connections first: the job stays locked and is sent again 4 hours later. Batches,
          // even of 0 ms, are written out before stop() closes them.
          preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
          logger,
        }),
      );
    }
  } catch (error) {
    await Promise.all(runners.map((runner) => runner.stop()));
    throw error;
  }
  return {
    stop: async () => {
      await Promise.all(runners.map((runner) => runner.stop()));
    },
    promise: Promise.all(runners.map((runner) => runner.promise)).then(() => undefined),
  };
}
