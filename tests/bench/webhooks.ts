import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { Actor } from "../../lib/services/types";

/**
 * The webhook part of `npm run bench`: what recording an event and enqueueing
 * its deliveries adds to a member change, and how many deliveries a second
 * one worker process makes to a receiver on 127.0.0.1.
 */
const RUNS = 100;

export async function benchWebhooks(owner: Actor, memberId: string) {
  const { prisma } = await import("../../lib/db/client");
  const { changeMemberRole } = await import("../../lib/services/members");
  const { emitEvents } = await import("../../lib/services/events/emit");
  const { lockOrganization } = await import("../../lib/services/access");
  const { createWebhookEndpoint } = await import("../../lib/services/webhooks/endpoints");
  const { startWorker } = await import("../../lib/jobs/runner");

  // The receiver: answers 204 at once, so the numbers are Teamhub's side.
  let received = 0;
  const receiver = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      received += 1;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = "true";
  // Email off: a role change then records only its notification and its event.
  const smtpUrl = process.env.SMTP_URL;
  delete process.env.SMTP_URL;
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/teamhub`;

  let role: "ADMIN" | "MEMBER" = "ADMIN";
  const changeRole = () => changeMemberRole(owner, { userId: memberId, role: (role = role === "ADMIN" ? "MEMBER" : "ADMIN") });
  const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const clearJobs = () => prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs`;

  console.log("\nWebhooks (an event recorded and its deliveries enqueued in the change's transaction; a worker POSTs them later):");
  // With and without an endpoint alternate, so load from elsewhere on the machine weighs on both alike.
  const { endpoint } = await createWebhookEndpoint(owner, { url });
  const times = { none: [] as number[], one: [] as number[] };
  for (let i = 0; i < 2 * RUNS + 6; i += 1) {
    const kind = i % 2 === 0 ? "none" : "one";
    await prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: kind === "one" } });
    const started = performance.now();
    await changeRole();
    if (i >= 6) times[kind].push(performance.now() - started);
  }
  console.log(`${"change a role, no endpoint (event row only)".padEnd(48)} p50 ${p50(times.none).toFixed(2).padStart(7)} ms`);
  console.log(`${"change a role, one endpoint (+ delivery, job)".padEnd(48)} p50 ${p50(times.one).toFixed(2).padStart(7)} ms`);
  console.log(`${"enqueueing a webhook delivery adds".padEnd(48)} p50 ${(p50(times.one) - p50(times.none)).toFixed(2).padStart(7)} ms`);
  // The same, alone: a transaction that locks the organization and records one event, then nothing else.
  const lockOnly = () => prisma.$transaction((tx) => lockOrganization(tx, owner.organizationId));
  const emitOne = () =>
    prisma.$transaction(async (tx) => {
      await lockOrganization(tx, owner.organizationId);
      await emitEvents(tx, owner.organizationId, [
        { type: "organization.updated", data: { organization: { id: owner.organizationId, name: "Bench", personal: false }, previous: { name: "Bench" } } },
      ]);
    });
  const alone = { lock: [] as number[], none: [] as number[], one: [] as number[] };
  for (let i = 0; i < 3 * RUNS + 6; i += 1) {
    const kind = (["lock", "none", "one"] as const)[i % 3]!;
    if (kind !== "lock") await prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: kind === "one" } });
    const started = performance.now();
    await (kind === "lock" ? lockOnly() : emitOne());
    if (i >= 6) alone[kind].push(performance.now() - started);
  }
  console.log(`${"a transaction locking the organization".padEnd(48)} p50 ${p50(alone.lock).toFixed(2).padStart(7)} ms`);
  console.log(`${"  + recording one event, no endpoint".padEnd(48)} p50 ${p50(alone.none).toFixed(2).padStart(7)} ms`);
  console.log(`${"  + recording one event, one endpoint".padEnd(48)} p50 ${p50(alone.one).toFixed(2).padStart(7)} ms`);
  // Those deliveries aren't for the throughput below.
  await clearJobs();
  await prisma.webhookDelivery.deleteMany({ where: { endpointId: endpoint.id } });

  for (const [concurrency, count] of [[1, 200], [5, 1000], [10, 1000], [20, 2000]] as const) {
    for (let done = 0; done < count; done += 100) {
      await prisma.$transaction(async (tx) => {
        await lockOrganization(tx, owner.organizationId);
        await emitEvents(
          tx,
          owner.organizationId,
          Array.from({ length: 100 }, (_, index) => ({
            type: "organization.updated" as const,
            data: { organization: { id: owner.organizationId, name: `Bench ${done + index}`, personal: false }, previous: { name: "Bench" } },
          })),
        );
      });
    }
    const before = received;
    const started = performance.now();
    const worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency, log: () => {} });
    while ((await prisma.webhookDelivery.count({ where: { endpointId: endpoint.id, status: "PENDING" } })) > 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    const delivered = received - before;
    console.log(
      `${`delivery throughput, ${concurrency} at a time`.padEnd(48)} ${(delivered / seconds).toFixed(0).padStart(7)} deliveries/s (${delivered} in ${seconds.toFixed(2)} s)`,
    );
  }
  await prisma.webhookEndpoint.delete({ where: { id: endpoint.id } });
  await clearJobs();
  delete process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES;
  if (smtpUrl !== undefined) process.env.SMTP_URL = smtpUrl;
  await new Promise((resolve) => receiver.close(resolve));
}
