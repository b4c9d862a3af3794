/**
 * npm run bench: how fast the member list answers for an organization of 10
 * members and one of 100,000 (first page, a deep page, searches, the
 * organization header with its member count, resolving the actor) and how
 * long deleting the large one takes (emailing every member), what enqueueing an
 * email or a webhook delivery adds to a change and how fast a worker sends them, on a throwaway embedded
 * PostgreSQL (or the server of DATABASE_URL) and a local SMTP sink.
 */
import "../../lib/cli/server-only.cjs";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createDatabaseIfMissing, dropDatabase, withDatabase } from "../../lib/db/admin";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";
import { benchMail } from "./mail";
import { benchWebhooks } from "./webhooks";
import { addBulkMembers, describeMachine } from "./seed";

const RUNS = 30;

async function openServer(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const parent = mkdtempSync(path.join(os.tmpdir(), "teamhub-bench-"));
  chmodSync(parent, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(parent, "pg"), persistent: false, fast: true });
  return {
    url: server.adminUrl,
    // The data directory goes with the server; its password file beside it, with the folder.
    stop: async () => {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < 3; i += 1) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(48)} p50 ${percentile(times, 50).toFixed(2).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(2).padStart(7)} ms`);
  return percentile(times, 50);
}

async function main() {
  // Page cursors are signed with a key derived from AUTH_SECRET.
  process.env.AUTH_SECRET ??= randomBytes(33).toString("base64url");
  // The email figures create over a hundred invitations in one organization, within the hour.
  process.env.MAX_INVITATIONS_PER_HOUR ??= "1000";
  process.env.MAX_ACTIVE_INVITATIONS ??= "1000";
  // Adding 100,000 members is one statement: on a busy machine it outlasts the app's 15 s statement timeout.
  process.env.DATABASE_STATEMENT_TIMEOUT_MS ??= "600000";
  const { url, stop } = await openServer();
  const database = `teamhub_bench_${process.pid}`;
  await createDatabaseIfMissing(url, database);
  process.env.DATABASE_URL = withDatabase(url, database);
  try {
    await applyMigrations(process.env.DATABASE_URL);
    const { prisma, disconnectPrisma } = await import("../../lib/db/client");
    const { signUp } = await import("../../lib/services/accounts");
    const { createOrganization, getOrganization } = await import("../../lib/services/organizations");
    const { resolveActor } = await import("../../lib/services/actors");
    const { listMembers } = await import("../../lib/services/members");

    const seed = async (size: number) => {
      const owner = await signUp({ name: `Owner ${size}`, email: `owner${size}@bench.example`, password: "bench password" }, { ip: null });
      const ownerActor = (await resolveActor(owner.id, null))!.actor;
      const organization = await createOrganization(ownerActor, { name: `Org of ${size}` });
      const started = performance.now();
      await addBulkMembers(prisma, organization.id, size - 1, String(size));
      console.log(`seeded an organization of ${size} members in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return (await resolveActor(owner.id, null))!.actor;
    };

    const small = await seed(10);
    const large = await seed(100_000);
    console.log(`\n${RUNS} runs each after 3 warm-ups, on ${describeMachine()}:`);
    for (const [name, actor] of [["10 members", small], ["100,000 members", large]] as const) {
      await measure(`${name}: first page (50)`, () => listMembers(actor, {}));
      let cursor: string | null = null;
      for (let page = 0; page < 20; page += 1) cursor = (await listMembers(actor, { cursor: cursor ?? undefined })).nextCursor ?? cursor;
      await measure(`${name}: page 21 via keyset cursor`, () => listMembers(actor, { cursor: cursor ?? undefined }));
      await measure(`${name}: search one name ("Member 7")`, () => listMembers(actor, { q: "Member 7" }));
      await measure(`${name}: search matching nobody`, () => listMembers(actor, { q: "zzz-nobody" }));
      await measure(`${name}: organization with member count`, () => getOrganization(actor));
      await measure(`${name}: resolve the actor (every request)`, () => resolveActor(actor.userId, null));
    }
    const member = await prisma.member.findFirstOrThrow({ where: { organizationId: small.organizationId, role: "MEMBER" } });
    await benchMail(measure, small, member.userId);
    await benchWebhooks(small, member.userId);
    // Once, at the end: deleting the large organization notifies 100,000 members in one transaction (email on: and queues the job that emails them).
    const { deleteOrganization } = await import("../../lib/services/organizations");
    const started = performance.now();
    await deleteOrganization(large, { confirmName: "Org of 100000" });
    console.log(`\ndeleting the organization of 100,000 members (notifying each, and queueing the job that emails them): ${((performance.now() - started) / 1000).toFixed(2)} s`);
    await disconnectPrisma();
  } finally {
    await dropDatabase(url, database).catch(() => {});
    await stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
