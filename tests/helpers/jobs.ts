import { prisma } from "@/lib/db/client";
import { startWorker, type Worker } from "@/lib/jobs/runner";
import { startTestMailbox, type TestMailbox } from "./smtp";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";

export type JobRow = { id: string; task: string; attempts: number; max_attempts: number; last_error: string | null; payload: unknown; run_at: Date };

/** Every job in graphile-worker's queue (completed jobs are deleted by it). */
export async function queuedJobs(task?: string): Promise<JobRow[]> {
  const rows = await prisma.$queryRaw<JobRow[]>`
    SELECT j.id::text, t.identifier AS task, j.attempts, j.max_attempts, j.last_error, j.payload, j.run_at
    FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    ORDER BY j.id`;
  return task ? rows.filter((row) => row.task === task) : rows;
}

/** A real graphile-worker pool on this test file's database; errors of failed attempts are collected, not printed. */
export async function startTestWorker(options: { concurrency?: number } = {}): Promise<Worker & { errors: string[] }> {
  const errors: string[] = [];
  const runner = await startWorker({
    connectionString: process.env.DATABASE_URL!,
    concurrency: options.concurrency ?? 2,
    pollInterval: 200,
    log: (line) => errors.push(line),
  });
  return Object.assign(runner, { errors });
}

/** Waits until `condition` holds, checking every 50 ms (fails after `timeoutMs`). */
export async function eventually<T>(condition: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type TestWorker = Awaited<ReturnType<typeof startTestWorker>>;

/**
 * For a describe block (so its worker stops before the per-file teardown
 * drops the database): a real SMTP server and a worker pool for its tests.
 */
export function withMailAndWorker() {
  const world = {
    mailbox: undefined as unknown as TestMailbox,
    worker: undefined as unknown as TestWorker,
    /** Runs `during` with no worker, so what it enqueues stays in the queue to be looked at; then starts one again. */
    async withoutWorker<T>(during: () => Promise<T>, restart: { concurrency?: number } = {}): Promise<T> {
      await world.worker.stop();
      try {
        return await during();
      } finally {
        world.worker = await startTestWorker(restart);
      }
    },
  };
  beforeAll(async () => {
    world.mailbox = await startTestMailbox();
    world.worker = await startTestWorker();
  });
  afterAll(async () => {
    await world.worker.stop();
    await world.mailbox.close();
  });
  return world;
}

/**
 * For a describe block: a receiver and a worker pool (4 jobs at a time) delivering to it, with
 * private addresses allowed (the operator's development switch; webhook-ssrf.test.ts checks the
 * refusals with it off). Replace `worker` to restart the pool; afterAll stops the current one.
 */
export function withWebhookDelivery() {
  const world = { receiver: undefined as unknown as WebhookReceiver, worker: undefined as unknown as TestWorker };
  beforeAll(async () => {
    process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = "true";
    world.receiver = await startWebhookReceiver();
    world.worker = await startTestWorker({ concurrency: 4 });
  });
  afterAll(async () => {
    await world.worker?.stop();
    await world.receiver?.close();
    delete process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES;
  });
  return world;
}
