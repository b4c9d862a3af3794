/** WORKER_IN_PROCESS: `npm start` and `npm run dev` run the job worker unless it is "false" (or "0", "off"). */
export function workerInProcess(env: NodeJS.ProcessEnv = process.env): boolean {
  return !["false", "0", "off", "no"].includes((env.WORKER_IN_PROCESS ?? "").trim().toLowerCase());
}

/** WORKER_CONCURRENCY: jobs one worker process runs at once (default 5). */
export function workerConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.WORKER_CONCURRENCY ?? 5);
  return Number.isInteger(value) && value >= 1 && value <= 100 ? value : 5;
}
