import { performance } from "node:perf_hooks";
import type { Actor } from "../../lib/services/types";

/**
 * The email part of `npm run bench`: what enqueueing an email adds to the
 * changes that cause one (a role change, an invitation), and how many messages
 * a second one worker delivers to a local SMTP sink (lib/dev/mailbox.ts on
 * loopback).
 */
const RUNS = 60;

export async function benchMail(measure: (label: string, run: () => Promise<unknown>) => Promise<number>, owner: Actor, memberId: string) {
  const { prisma } = await import("../../lib/db/client");
  const { changeMemberRole } = await import("../../lib/services/members");
  const { createInvitation } = await import("../../lib/services/invitations/manage");
  const { enqueueMail } = await import("../../lib/mail/outbox");
  const { startMailbox } = await import("../../lib/dev/mailbox");
  const { startWorker } = await import("../../lib/jobs/runner");
  const { closeMailTransport } = await import("../../lib/mail/transport");

  const mailbox = await startMailbox();
  const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

  /** Runs `change` with email off and on in turn, so load from elsewhere on the machine weighs on both alike. */
  async function offVersusOn(change: () => Promise<unknown>, labels: { off: string; on: string; adds: string }) {
    const times = { off: [] as number[], on: [] as number[] };
    for (let i = 0; i < 2 * RUNS + 6; i += 1) {
      const kind = i % 2 === 0 ? "off" : "on";
      if (kind === "off") delete process.env.SMTP_URL;
      else process.env.SMTP_URL = mailbox.smtpUrl;
      const started = performance.now();
      await change();
      if (i >= 6) times[kind].push(performance.now() - started);
    }
    console.log(`${labels.off.padEnd(48)} p50 ${p50(times.off).toFixed(2).padStart(7)} ms`);
    console.log(`${labels.on.padEnd(48)} p50 ${p50(times.on).toFixed(2).padStart(7)} ms`);
    console.log(`${labels.adds.padEnd(48)} p50 ${(p50(times.on) - p50(times.off)).toFixed(2).padStart(7)} ms`);
  }

  console.log("\nEmail (enqueued in the change's transaction; a worker sends it later):");
  let role: "ADMIN" | "MEMBER" = "ADMIN";
  await offVersusOn(() => changeMemberRole(owner, { userId: memberId, role: (role = role === "ADMIN" ? "MEMBER" : "ADMIN") }), {
    off: "change a role, email off (bell only)",
    on: "change a role, email on (+ email job)",
    adds: "enqueueing the notification email adds",
  });
  // Each a new address; with email on, Send by email's default: the job and the recipient's counter.
  let invited = 0;
  await offVersusOn(() => createInvitation(owner, { email: `invitee${(invited += 1)}@bench.example`, role: "MEMBER" }, "http://localhost:3000"), {
    off: "create an invitation, email off (link only)",
    on: "create an invitation, email on (+ email job)",
    adds: "emailing the invitation adds",
  });
  process.env.SMTP_URL = mailbox.smtpUrl;
  await benchEnumeration(owner.email, p50);
  const link = "http://localhost:3000/reset-password/pwr_bench";
  await measure("a transaction enqueueing one email", () => prisma.$transaction((tx) => enqueueMail(tx, "bench@bench.example", "password-reset", { name: "Bench", link })));
  await prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs`;

  for (const [concurrency, count] of [[1, 100], [5, 500], [10, 500], [20, 1000]] as const) {
    await prisma.$transaction(async (tx) => {
      for (let i = 0; i < count; i += 1) await enqueueMail(tx, `reader${i}@bench.example`, "password-reset", { name: `Reader ${i}`, link });
    });
    const before = mailbox.messages.length;
    const started = performance.now();
    const worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency, log: () => {} });
    while (mailbox.messages.length - before < count) await new Promise((resolve) => setTimeout(resolve, 20));
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    console.log(`${`worker throughput, ${concurrency} at a time`.padEnd(48)} ${(count / seconds).toFixed(0).padStart(7)} messages/s (${count} in ${seconds.toFixed(2)} s)`);
  }
  closeMailTransport();
  await mailbox.close();
  // Deleting the large organization below enqueues one email per member.
  process.env.SMTP_URL = "smtp://127.0.0.1:9";
}

/**
 * No account enumeration by timing: signing up and asking for a password reset take as long for an
 * address with an account as for one without (both do the same work in the request and queue one job).
 */
async function benchEnumeration(existingEmail: string, p50: (values: number[]) => number) {
  const { prisma } = await import("../../lib/db/client");
  const { requestSignUp } = await import("../../lib/services/email-verification");
  const { requestPasswordReset } = await import("../../lib/services/password-reset");
  const context = { ip: "203.0.113.99", origin: "http://localhost:3000" };
  const operations = {
    "sign-up request": (email: string) => requestSignUp({ name: "Bench", email, password: "bench password" }, context),
    "password reset request": (email: string) => requestPasswordReset({ email }, context),
  };
  for (const [label, run] of Object.entries(operations)) {
    const times = { existing: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 2 * RUNS + 6; i += 1) {
      const kind = i % 2 === 0 ? "existing" : "unknown";
      // The limits would stop a benchmark: each run starts from empty counters.
      await prisma.rateLimitBucket.deleteMany();
      const started = performance.now();
      await run(kind === "existing" ? existingEmail : `nobody${i}@bench.example`);
      if (i >= 6) times[kind].push(performance.now() - started);
    }
    const ratio = p50(times.existing) / p50(times.unknown);
    console.log(`${`${label}: existing vs unknown address`.padEnd(48)} p50 ${p50(times.existing).toFixed(2)} vs ${p50(times.unknown).toFixed(2)} ms (ratio ${ratio.toFixed(2)})`);
  }
  await prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs`;
}
