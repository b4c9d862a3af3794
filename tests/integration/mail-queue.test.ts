import { prisma } from "@/lib/db/client";
import { enqueue } from "@/lib/jobs/queue";
import { sealMail } from "@/lib/mail/messages";
import { enqueueMail } from "@/lib/mail/outbox";
import { eventually, queuedJobs, startTestWorker } from "../helpers/jobs";
import { startTestMailbox, type TestMailbox } from "../helpers/smtp";

/**
 * The transactional outbox against a real SMTP server and real graphile-worker
 * pools: what commits is delivered exactly once, what rolls back is never
 * sent, and an SMTP outage or a stopped worker loses nothing.
 */

let mailbox: TestMailbox;

beforeAll(async () => {
  mailbox = await startTestMailbox();
});

afterAll(async () => {
  await mailbox.close();
});

let counter = 0;
const address = () => `person${++counter}-${Date.now()}@example.com`;

async function queueReset(to: string, name = "Ada Lovelace") {
  await prisma.$transaction((tx) => enqueueMail(tx, to, "password-reset", { name, link: `http://localhost:3000/reset-password/pwr_${counter}` }));
}

test("a committed email is delivered once, with an HTML and a plain-text part, and its job is gone", async () => {
  const to = address();
  await queueReset(to);
  expect(await queuedJobs("send_email")).toHaveLength(1);
  const worker = await startTestWorker();
  try {
    const mail = await mailbox.waitForMessage((m) => m.recipients.includes(to));
    expect(mail.subject).toBe("Reset your Teamhub password");
    expect(mail.from).toContain("tests@teamhub.test");
    expect(mail.html).toContain("Choose a new password");
    expect(mail.text).toContain("http://localhost:3000/reset-password/pwr_");
    expect(mail.messageId).toMatch(/^<teamhub-job-\d+@teamhub\.test>$/);
    await eventually(async () => (await queuedJobs("send_email")).length === 0);
  } finally {
    await worker.stop();
  }
  expect(mailbox.to(to)).toHaveLength(1);
});

test("the job table never holds the link: props are sealed", async () => {
  const to = address();
  await queueReset(to);
  const [job] = await queuedJobs("send_email");
  expect(JSON.stringify(job!.payload)).not.toContain("reset-password");
  expect(JSON.stringify(job!.payload)).not.toContain("Ada");
  await prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs`;
});

test("a rolled-back change sends nothing", async () => {
  const to = address();
  await expect(
    prisma.$transaction(async (tx) => {
      await enqueueMail(tx, to, "password-reset", { name: "Ada", link: "http://localhost:3000/reset-password/x" });
      throw new Error("the change failed");
    }),
  ).rejects.toThrow("the change failed");
  expect(await queuedJobs()).toEqual([]);
  const worker = await startTestWorker();
  await worker.stop();
  expect(mailbox.to(to)).toEqual([]);
});

test("with the SMTP server down, the send fails, is retried with backoff and delivered once the server is back", async () => {
  const to = address();
  await mailbox.stopSmtp();
  await queueReset(to);
  const worker = await startTestWorker();
  try {
    const failed = await eventually(async () => (await queuedJobs("send_email")).find((job) => job.attempts >= 1 && job.last_error));
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);
    // graphile-worker's backoff: the next attempt is exp(1) ≈ 2.7 s later.
    expect(failed.run_at.getTime()).toBeGreaterThan(Date.now() + 1000);
    await mailbox.startSmtp();
    await mailbox.waitForMessage((m) => m.recipients.includes(to), 20_000);
    await eventually(async () => (await queuedJobs("send_email")).length === 0);
  } finally {
    await mailbox.startSmtp();
    await worker.stop();
  }
  expect(mailbox.to(to)).toHaveLength(1);
});

test("after its last attempt a job stays in the queue as failed, with its error", async () => {
  const to = address();
  await mailbox.stopSmtp();
  try {
    await prisma.$transaction((tx) =>
      enqueue(tx, "send_email", sealMail(to, "password-reset", { name: "Ada", link: "http://localhost:3000/x" }), { maxAttempts: 1 }),
    );
    const worker = await startTestWorker();
    try {
      const job = await eventually(async () => (await queuedJobs("send_email")).find((row) => row.attempts === 1 && row.last_error));
      expect(job).toMatchObject({ attempts: 1, max_attempts: 1 });
      expect(job.last_error).toBeTruthy();
      expect(worker.errors.join("\n")).toMatch(/send_email/);
    } finally {
      await worker.stop();
    }
    // Still there, visible as failed (attempts = max_attempts), and never picked up again.
    const [job] = await queuedJobs("send_email");
    expect(job).toMatchObject({ attempts: 1, max_attempts: 1 });
  } finally {
    await mailbox.startSmtp();
    await prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs`;
  }
  expect(mailbox.to(to)).toEqual([]);
});

test("messages queued while no worker runs are delivered by the next worker", async () => {
  const recipients = [address(), address(), address()];
  for (const to of recipients) await queueReset(to);
  const worker = await startTestWorker();
  try {
    for (const to of recipients) await mailbox.waitForMessage((m) => m.recipients.includes(to));
  } finally {
    await worker.stop();
  }
});

test("a worker stopped while sending finishes the job and records it done, so it is never sent again", async () => {
  const to = address();
  await queueReset(to);
  const worker = await startTestWorker();
  // Stopped mid-send, as `npm start` is on SIGTERM.
  await eventually(async () => (await prisma.$queryRaw<{ locked: boolean }[]>`SELECT locked_at IS NOT NULL AS locked FROM graphile_worker._private_jobs`)[0]?.locked);
  await worker.stop();
  expect(mailbox.to(to)).toHaveLength(1);
  // A job left locked would be sent again once its lock expires (4 hours).
  expect(await queuedJobs()).toEqual([]);
});

test("several workers on one database send each message once", async () => {
  const recipients = Array.from({ length: 30 }, address);
  const workers = await Promise.all([startTestWorker({ concurrency: 3 }), startTestWorker({ concurrency: 3 }), startTestWorker({ concurrency: 3 })]);
  try {
    await Promise.all(recipients.map((to) => queueReset(to)));
    for (const to of recipients) await mailbox.waitForMessage((m) => m.recipients.includes(to));
    await eventually(async () => (await queuedJobs("send_email")).length === 0);
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
  for (const to of recipients) expect(mailbox.to(to)).toHaveLength(1);
});

test("names with CR/LF can't add headers or recipients; HTML in them is escaped", async () => {
  const to = address();
  const name = "Eve\r\nBcc: victim@example.com\r\nSubject: pwned <script>alert(1)</script>";
  await queueReset(to, name);
  const worker = await startTestWorker();
  try {
    const mail = await mailbox.waitForMessage((m) => m.recipients.includes(to));
    expect(mail.recipients).toEqual([to]);
    expect(mail.headers.has("bcc")).toBe(false);
    expect(mail.subject).toBe("Reset your Teamhub password");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
  } finally {
    await worker.stop();
  }
  expect(mailbox.messages.some((m) => m.recipients.includes("victim@example.com"))).toBe(false);
});
