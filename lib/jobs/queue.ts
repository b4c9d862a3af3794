import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { TASKS, type TaskName, type TaskPayload } from "./tasks";

/**
 * The transactional outbox: jobs are rows in graphile-worker's table, added
 * with its SQL functions inside the caller's transaction. A rolled-back
 * change leaves no job; a committed one is never lost; the insert NOTIFYs
 * the workers, so nobody waits for SMTP.
 */

export type EnqueueOptions = {
  /** Defaults to the task's maxAttempts. */
  maxAttempts?: number;
  runAt?: Date;
  /** A job with the same key that hasn't started yet is replaced (graphile-worker's job_key). */
  jobKey?: string;
};

export async function enqueue<T extends TaskName>(tx: Tx, task: T, payload: TaskPayload<T>, options: EnqueueOptions = {}): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM ${addJob(task, payload, options)}`;
}

/**
 * The call that adds a job, for a statement of the caller's making (a pipelined write, say), which
 * must run it once for each job it adds: in a SELECT list over rows that exist exactly when it should.
 */
export function addJob<T extends TaskName>(task: T, payload: TaskPayload<T>, options: EnqueueOptions = {}): Prisma.Sql {
  const checked = TASKS[task].payload.parse(payload);
  const maxAttempts = options.maxAttempts ?? TASKS[task].maxAttempts;
  return Prisma.sql`graphile_worker.add_job(
      ${task}::text,
      ${JSON.stringify(checked)}::json,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${maxAttempts}::smallint,
      job_key => ${options.jobKey ?? null}::text)`;
}

/**
 * One job per row of `payloads.select` (a query with a json column named
 * `payload`), in one statement however many rows there are: a notification
 * and its email job together, or an email for every member of an
 * organization. `payloads.with` may define CTEs the
 * query reads (an INSERT … RETURNING, say). The query builds the payloads, so
 * it must match the task's schema; the task checks it again when it runs.
 */
export async function enqueueEach(tx: Tx, task: TaskName, payloads: { with?: Prisma.Sql; select: Prisma.Sql }): Promise<number> {
  const [row] = await tx.$queryRaw<{ count: number }[]>`
    ${payloads.with ? Prisma.sql`WITH ${payloads.with}` : Prisma.empty}
    SELECT ${addJobsEach(task, payloads.select)} AS count`;
  return row?.count ?? 0;
}

/**
 * enqueueEach's jobs as an expression (how many it added), for a statement of the caller's making:
 * its main query must evaluate it exactly once (in the SELECT list of a query returning one row).
 */
export function addJobsEach(task: TaskName, select: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT count(*)::int FROM graphile_worker.add_jobs(ARRAY(
      SELECT ROW(${task}, p.payload, NULL, NULL, ${TASKS[task].maxAttempts}, NULL, NULL, NULL)::graphile_worker.job_spec
      FROM (${select}) AS p)))`;
}
