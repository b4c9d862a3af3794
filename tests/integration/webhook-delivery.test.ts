import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { prisma } from "@/lib/db/client";
import { createApiKey, revokeApiKey } from "@/lib/services/api-keys";
import { emitEvent } from "@/lib/services/events/emit";
import { listEvents } from "@/lib/services/events/feed";
import type { EventType } from "@/lib/services/events/records";
import { cancelInvitation, createInvitation, resendInvitation } from "@/lib/services/invitations/manage";
import { acceptInvitation, rejectInvitation } from "@/lib/services/invitations/respond";
import { changeMemberRole, leaveOrganization, removeMember } from "@/lib/services/members";
import { listNotifications } from "@/lib/services/notifications";
import { lockOrganization } from "@/lib/services/access";
import { deleteOrganization, renameOrganization } from "@/lib/services/organizations";
import { listWebhookAttempts, redeliverEvent, sendTestEvent, webhookDeliveryTarget } from "@/lib/services/webhooks/deliveries";
import { createWebhookEndpoint, getWebhookEndpoint, rotateWebhookSecret } from "@/lib/services/webhooks/endpoints";
import { signatureHeaders } from "@/lib/webhooks/signing";
import { addMember, createTeam, createUser } from "../helpers/factories";
import { eventually, queuedJobs, startTestWorker, withWebhookDelivery } from "../helpers/jobs";
import { startTestMailbox } from "../helpers/smtp";

/**
 * Webhooks delivered for real: graphile-worker pools on this file's database
 * POST to an HTTP receiver on 127.0.0.1 that verifies every request with the
 * `standardwebhooks` library. Private addresses are allowed here (the
 * operator's development switch); webhook-ssrf.test.ts checks the refusals
 * with it off.
 */

const ORIGIN = "https://teamhub.test";
const tokenOf = (url: string) => url.split("/").pop()!;

// A describe around it all, so the workers stop before the per-file teardown drops the database.
describe("webhooks delivered to a real receiver", () => {
  const hooks = withWebhookDelivery();
  let tags = 0;


  /** A team with one endpoint of its own at the receiver, whose secret the receiver verifies with. */
  async function teamWithEndpoint(eventTypes: EventType[] | null = null) {
    tags += 1;
    const tag = `t${tags}-${randomUUID().slice(0, 8)}`;
    const team = await createTeam(`Acme ${tag}`);
    const { secret, endpoint } = await createWebhookEndpoint(team.owner, { url: hooks.receiver.urlFor(tag), eventTypes, description: "tests" });
    hooks.receiver.addSecret(secret);
    return { team, tag, secret, endpoint };
  }

  const typesAt = (tag: string) => hooks.receiver.payloadsAt(tag).map((payload) => payload.type);

  async function userFor(email: string) {
    const user = await createUser("Ivy Invitee", email);
    return { userId: user.id, name: user.name, email: user.email, ip: null };
  }

  describe("every event type arrives, signed, for the change that causes it", () => {
    it("member, invitation, organization and API key events, and organization.deleted after the organization is gone", async () => {
      const { team, tag } = await teamWithEndpoint();
      const organizationId = team.organization.id;
      const owner = team.owner;

      const created = await createInvitation(owner, { email: `new-${tag}@example.com`, role: "MEMBER" }, ORIGIN);
      const resent = await resendInvitation(owner, { id: created.id }, ORIGIN);
      await acceptInvitation(await userFor(created.email), { token: tokenOf(resent.url) });
      const cancelled = await createInvitation(owner, { email: `cancel-${tag}@example.com`, role: "MEMBER" }, ORIGIN);
      await cancelInvitation(owner, { id: cancelled.id });
      const rejected = await createInvitation(owner, { email: `reject-${tag}@example.com`, role: "ADMIN" }, ORIGIN);
      await rejectInvitation(await userFor(rejected.email), { token: tokenOf(rejected.url) });
      await changeMemberRole(owner, { userId: team.users.member.id, role: "ADMIN" });
      await removeMember(owner, { userId: team.users.member.id });
      await leaveOrganization(team.admin);
      await renameOrganization(owner, { name: `Renamed ${tag}` });
      const { apiKey } = await createApiKey(owner, { name: "Sync", role: "MEMBER" });
      await revokeApiKey(owner, { id: apiKey.id });
      const feed = (await listEvents(owner, { limit: 100 })).data;

      const expected: EventType[] = [
        "invitation.created",
        "invitation.resent",
        "invitation.accepted",
        "member.added",
        "invitation.created",
        "invitation.cancelled",
        "invitation.created",
        "invitation.rejected",
        "member.role_changed",
        "member.removed",
        "member.left",
        "organization.updated",
        "api_key.created",
        "api_key.revoked",
      ];
      expect(feed.map((event) => event.type)).toEqual(expected);
      // Deleting the organization takes its endpoint's pending deliveries with it: delete it once they have arrived.
      await eventually(async () => hooks.receiver.at(tag).length >= expected.length, 30_000);
      await deleteOrganization(owner, { confirmName: `Renamed ${tag}` });
      expect(await prisma.organization.count({ where: { id: organizationId } })).toBe(0);
      await eventually(async () => hooks.receiver.at(tag).length >= expected.length + 1, 30_000);
      // Every request verified with the library, and carried the same ids as the feed.
      expect(hooks.receiver.at(tag).map((entry) => entry.error)).toEqual(hooks.receiver.at(tag).map(() => null));
      expect(new Set(typesAt(tag))).toEqual(new Set([...expected, "organization.deleted"]));
      expect(new Set(hooks.receiver.payloadsAt(tag).filter((payload) => payload.type !== "organization.deleted").map((payload) => payload.id))).toEqual(
        new Set(feed.map((event) => event.id)),
      );
      for (const entry of hooks.receiver.at(tag)) expect(entry.headers["webhook-id"]).toBe(entry.payload!.id);

      const byType = (type: string) => hooks.receiver.payloadsAt(tag).find((payload) => payload.type === type)!;
      expect(byType("member.added").data).toMatchObject({ member: { userId: expect.any(String), email: created.email, role: "member" } });
      expect(byType("member.role_changed").data).toEqual({ member: expect.objectContaining({ userId: team.users.member.id, role: "admin" }), previous: { role: "member" } });
      expect(byType("member.removed").data).toMatchObject({ member: { userId: team.users.member.id, role: "admin" } });
      expect(byType("member.left").data).toMatchObject({ member: { userId: team.admin.userId } });
      expect(byType("invitation.accepted").data).toMatchObject({ invitation: { id: created.id, status: "accepted", url: null } });
      expect(byType("invitation.cancelled").data).toMatchObject({ invitation: { id: cancelled.id, status: "cancelled", cancelReason: "manual" } });
      expect(byType("organization.updated").data).toEqual({ organization: { id: organizationId, name: `Renamed ${tag}`, personal: false }, previous: { name: `Acme ${tag}` } });
      expect(byType("organization.deleted").data).toEqual({ organization: { id: organizationId, name: `Renamed ${tag}`, personal: false } });
      expect(byType("api_key.revoked").data).toMatchObject({ apiKey: { id: apiKey.id, status: "revoked" } });
      // No invitation link ever leaves in an event.
      expect(hooks.receiver.at(tag).map((entry) => entry.body).join("")).not.toContain("inv_");
    }, 60_000);

    it("cascades send their own events: a removed inviter's invitations cancelled, their keys revoked", async () => {
      const { team, tag } = await teamWithEndpoint(["invitation.cancelled", "api_key.revoked", "member.removed"]);
      const admin = team.admin;
      const invitation = await createInvitation(admin, { email: `cascade-${tag}@example.com`, role: "MEMBER" }, ORIGIN);
      const { apiKey } = await createApiKey(admin, { name: "Admin's key", role: "MEMBER" });
      await removeMember(team.owner, { userId: admin.userId });
      await eventually(async () => hooks.receiver.at(tag).length >= 3);
      const payloads = hooks.receiver.payloadsAt(tag);
      expect(payloads.map((payload) => payload.type).sort()).toEqual(["api_key.revoked", "invitation.cancelled", "member.removed"]);
      expect(payloads.find((payload) => payload.type === "invitation.cancelled")!.data).toMatchObject({
        invitation: { id: invitation.id, cancelReason: "inviter_removed" },
      });
      expect(payloads.find((payload) => payload.type === "api_key.revoked")!.data).toMatchObject({ apiKey: { id: apiKey.id } });
      // Subscribed to three types: the invitation and key created before weren't sent.
      expect(await prisma.webhookDelivery.count({ where: { eventType: { in: ["invitation.created", "api_key.created"] }, endpoint: { organizationId: team.organization.id } } })).toBe(0);
    });
  });

  describe("signatures", () => {
    it("a tampered body or a stale timestamp fails verification with the library", async () => {
      const { team, tag, secret } = await teamWithEndpoint();
      await renameOrganization(team.owner, { name: `Signed ${tag}` });
      const [entry] = await eventually(async () => hooks.receiver.at(tag).length > 0 && hooks.receiver.at(tag));
      const webhook = new Webhook(secret);
      expect(webhook.verify(entry!.body, entry!.headers)).toEqual(JSON.parse(entry!.body));
      expect(() => webhook.verify(entry!.body.replace(`Signed ${tag}`, `Forged ${tag}`), entry!.headers)).toThrow("No matching signature found");
      expect(() => webhook.verify(entry!.body, { ...entry!.headers, "webhook-id": "evt_other" })).toThrow("No matching signature found");
      // Correctly signed, but ten minutes ago: refused as a replay.
      const stale = signatureHeaders(entry!.payload!.id, new Date(Date.now() - 10 * 60_000), entry!.body, [secret]);
      expect(() => webhook.verify(entry!.body, stale)).toThrow("Message timestamp too old");
      expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(entry!.body, entry!.headers)).toThrow("No matching signature found");
    });

    it("after a rotation every request is signed with both secrets for a day, so either verifies", async () => {
      const { team, tag, secret: oldSecret, endpoint } = await teamWithEndpoint();
      const { secret: newSecret, endpoint: rotated } = await rotateWebhookSecret(team.owner, { id: endpoint.id });
      expect(newSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(rotated.previousSecretExpiresAt!.getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
      await renameOrganization(team.owner, { name: `Rotated ${tag}` });
      const [entry] = await eventually(async () => hooks.receiver.at(tag).length > 0 && hooks.receiver.at(tag));
      expect(entry!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
      expect(new Webhook(oldSecret).verify(entry!.body, entry!.headers)).toMatchObject({ type: "organization.updated" });
      expect(new Webhook(newSecret).verify(entry!.body, entry!.headers)).toMatchObject({ type: "organization.updated" });
      // Once the day is over, only the new secret signs.
      await prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });
      await renameOrganization(team.owner, { name: `Rotated again ${tag}` });
      const second = await eventually(async () => hooks.receiver.at(tag)[1]);
      expect(second.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
      expect(() => new Webhook(oldSecret).verify(second.body, second.headers)).toThrow();
      expect(new Webhook(newSecret).verify(second.body, second.headers)).toMatchObject({ data: { organization: { name: `Rotated again ${tag}` } } });
    });

    it("secrets are stored sealed, never in the clear", async () => {
      const { secret, endpoint } = await teamWithEndpoint();
      const row = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      expect(JSON.stringify(row)).not.toContain(secret.slice(6));
    });
  });

  describe("retries", () => {
    it("receiver down: the attempt fails, is retried 5 s later, and delivered once the receiver is back", async () => {
      const { team, tag, endpoint } = await teamWithEndpoint();
      await hooks.receiver.stop();
      try {
        await renameOrganization(team.owner, { name: `Down ${tag}` });
        const [failed] = await eventually(async () => {
          const rows = await prisma.webhookAttempt.findMany({ where: { endpointId: endpoint.id } });
          return rows.length > 0 && rows;
        });
        expect(failed).toMatchObject({ statusCode: null, error: "Connection refused", manual: false });
        const delivery = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: failed!.deliveryId } });
        expect(delivery).toMatchObject({ status: "PENDING", attempts: 1 });
        // 5 s after the failure, plus up to 10% so that many retries spread out.
        const delay = delivery.nextAttemptAt!.getTime() - failed!.attemptedAt.getTime();
        expect(delay).toBeGreaterThanOrEqual(5_000);
        expect(delay).toBeLessThan(5_500 + 2_000);
        // The next attempt is a job of its own, due then (the first one's job may still be finishing).
        const job = (await queuedJobs("webhook_delivery")).find((row) => {
          const payload = row.payload as { deliveryId: string; attempt?: number };
          return payload.deliveryId === delivery.id && payload.attempt === 2;
        });
        expect(job?.payload).toEqual({ deliveryId: delivery.id, attempt: 2 });
        expect(Math.abs(job!.run_at.getTime() - delivery.nextAttemptAt!.getTime())).toBeLessThan(1_000);
        expect((await getWebhookEndpoint(team.owner, { id: endpoint.id })).failingSince).toEqual(failed!.attemptedAt);
      } finally {
        await hooks.receiver.start();
      }
      const [payload] = await eventually(async () => hooks.receiver.payloadsAt(tag).length > 0 && hooks.receiver.payloadsAt(tag), 20_000);
      expect(payload).toMatchObject({ type: "organization.updated" });
      const attempts = await eventually(async () => {
        const rows = (await listWebhookAttempts(team.owner, { id: endpoint.id })).data;
        return rows.length === 2 && rows;
      });
      expect(attempts.map((attempt) => [attempt.statusCode, attempt.delivery.status])).toEqual([
        [204, "SUCCEEDED"],
        [null, "SUCCEEDED"],
      ]);
      expect((await getWebhookEndpoint(team.owner, { id: endpoint.id })).failingSince).toBeNull();
    }, 40_000);

    it("receiver slow: the attempt times out after 10 s and the retry gets through", async () => {
      const { team, tag, endpoint } = await teamWithEndpoint();
      let first = true;
      hooks.receiver.respondWith((_request, response) => {
        if (!first) return void response.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
        first = false;
        setTimeout(() => response.writeHead(200).end("too late"), 12_000).unref();
      });
      try {
        await renameOrganization(team.owner, { name: `Slow ${tag}` });
        const attempts = await eventually(async () => {
          const rows = await prisma.webhookAttempt.findMany({ where: { endpointId: endpoint.id }, orderBy: { id: "asc" } });
          return rows.length === 2 && rows;
        }, 30_000);
        expect(attempts[0]).toMatchObject({ statusCode: null, error: "Timed out after 10 s" });
        expect(attempts[0]!.durationMs).toBeGreaterThanOrEqual(10_000);
        expect(attempts[1]).toMatchObject({ statusCode: 200, error: null, response: "ok" });
      } finally {
        hooks.receiver.respondNormally();
      }
      // Both attempts reached the receiver with the same event: receivers drop the duplicate by webhook-id.
      expect(new Set(hooks.receiver.at(tag).map((entry) => entry.headers["webhook-id"])).size).toBe(1);
    }, 45_000);

    it("a non-2xx answer is a failure, logged with the first 1 KiB of its body, and retried", async () => {
      const { team, tag, endpoint } = await teamWithEndpoint();
      let first = true;
      hooks.receiver.respondWith((_request, response) => {
        if (!first) return void response.writeHead(204).end();
        first = false;
        response.writeHead(503, { "Content-Type": "text/plain" }).end(`busy ${"x".repeat(5000)}`);
      });
      try {
        await renameOrganization(team.owner, { name: `Busy ${tag}` });
        const attempts = await eventually(async () => {
          const rows = (await listWebhookAttempts(team.owner, { id: endpoint.id })).data;
          return rows.length === 2 && rows;
        }, 20_000);
        const [second, failed] = attempts;
        expect(failed).toMatchObject({ statusCode: 503, error: "The receiver answered 503", manual: false });
        expect(failed!.response).toBe(`busy ${"x".repeat(1024 - 5)}`);
        expect(second).toMatchObject({ statusCode: 204, error: null, delivery: { status: "SUCCEEDED", nextAttemptAt: null } });
      } finally {
        hooks.receiver.respondNormally();
      }
      expect(typesAt(tag)).toEqual(["organization.updated", "organization.updated"]);
    }, 30_000);

    it("after the last automatic attempt the delivery is failed, and stays in the log", async () => {
      const { team, endpoint } = await teamWithEndpoint();
      hooks.receiver.respondWith((_request, response) => void response.writeHead(500).end());
      try {
        await renameOrganization(team.owner, { name: `Failing ${randomUUID()}` });
        const delivery = await eventually(async () => prisma.webhookDelivery.findFirst({ where: { endpointId: endpoint.id, attempts: 1 } }));
        // Jump to the last attempt: as if nine had failed over the last day.
        await prisma.webhookDelivery.update({ where: { id: delivery.id }, data: { attempts: 9 } });
        await prisma.$executeRaw`
          UPDATE graphile_worker._private_jobs SET payload = json_build_object('deliveryId', ${delivery.id}::text, 'attempt', 10), run_at = now()
          WHERE payload->>'deliveryId' = ${delivery.id}`;
        const done = await eventually(async () => {
          const row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
          return row.status === "FAILED" && row;
        });
        expect(done).toMatchObject({ attempts: 10, nextAttemptAt: null });
        expect(await prisma.webhookAttempt.count({ where: { deliveryId: delivery.id } })).toBe(2);
        expect((await queuedJobs("webhook_delivery")).filter((job) => (job.payload as { deliveryId: string }).deliveryId === delivery.id)).toEqual([]);
      } finally {
        hooks.receiver.respondNormally();
      }
    });
  });

  describe("the worker", () => {
    it("runs webhooks in a pool of their own: a receiver that takes 10 s doesn't hold up email", async () => {
      const { team, tag, endpoint } = await teamWithEndpoint(["organization.updated"]);
      const mailbox = await startTestMailbox();
      await hooks.worker.stop();
      // One job at a time in each pool.
      const single = await startTestWorker({ concurrency: 1 });
      let answer: (() => void) | undefined;
      hooks.receiver.respondWith((_request, response) => {
        answer = () => response.writeHead(204).end();
      });
      try {
        await renameOrganization(team.owner, { name: `Slow lane ${tag}` });
        await eventually(async () => hooks.receiver.at(tag).length > 0);
        // The webhook's request is under way, and will be for 10 s; an email is queued behind it.
        await changeMemberRole(team.owner, { userId: team.member.userId, role: "ADMIN" });
        await mailbox.waitForMessage((mail) => mail.recipients.includes(team.member.email), 8_000);
        expect(await prisma.webhookAttempt.count({ where: { endpointId: endpoint.id } })).toBe(0);
      } finally {
        answer?.();
        hooks.receiver.respondNormally();
        await single.stop();
        await mailbox.close();
        hooks.worker = await startTestWorker({ concurrency: 4 });
      }
    }, 30_000);
  });

  describe("transactions", () => {
    it("a rolled-back change records no event and delivers nothing", async () => {
      const { team, tag } = await teamWithEndpoint();
      await expect(
        prisma.$transaction(async (tx) => {
          await lockOrganization(tx, team.organization.id);
          await emitEvent(tx, team.organization.id, {
            type: "organization.updated",
            data: { organization: { id: team.organization.id, name: "Never", personal: false }, previous: { name: "Acme" } },
          });
          throw new Error("the change failed");
        }),
      ).rejects.toThrow("the change failed");
      // A refused change too.
      await expect(changeMemberRole(team.member, { userId: team.admin.userId, role: "MEMBER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await renameOrganization(team.owner, { name: `After ${tag}` });
      await eventually(async () => hooks.receiver.payloadsAt(tag).length > 0);
      await eventually(async () => (await prisma.webhookDelivery.count({ where: { endpoint: { organizationId: team.organization.id }, status: "PENDING" } })) === 0);
      expect(hooks.receiver.payloadsAt(tag).map((payload) => payload.data)).toEqual([expect.objectContaining({ organization: expect.objectContaining({ name: `After ${tag}` }) })]);
      expect((await listEvents(team.owner)).data.map((event) => event.type)).toEqual(["organization.updated"]);
    });

    it("two app instances on one database deliver every event, none lost", async () => {
      const { team, tag } = await teamWithEndpoint();
      await hooks.worker.stop();
      const instances = [await startTestWorker({ concurrency: 3 }), await startTestWorker({ concurrency: 3 })];
      try {
        const writers = Array.from({ length: 4 }, (_, writer) =>
          (async () => {
            for (let i = 0; i < 25; i += 1) await renameOrganization(team.owner, { name: `Instance ${writer}-${i} ${tag}` });
          })(),
        );
        await Promise.all(writers);
        const events = (await listEvents(team.owner, { limit: 100 })).data;
        expect(events).toHaveLength(100);
        await eventually(async () => new Set(hooks.receiver.payloadsAt(tag).map((payload) => payload.id)).size === 100, 60_000);
        expect(new Set(hooks.receiver.payloadsAt(tag).map((payload) => payload.id))).toEqual(new Set(events.map((event) => event.id)));
        expect(hooks.receiver.at(tag).every((entry) => entry.error === null)).toBe(true);
        // Each recorded as delivered (the receiver may have answered a moment before the record committed).
        await eventually(async () => (await prisma.webhookDelivery.count({ where: { endpoint: { organizationId: team.organization.id }, status: { not: "SUCCEEDED" } } })) === 0);
      } finally {
        for (const instance of instances) await instance.stop();
        hooks.worker = await startTestWorker({ concurrency: 4 });
      }
    }, 90_000);
  });

  describe("endpoints that keep failing", () => {
    it("are disabled after a day of consecutive failures, and the organization's Owners notified", async () => {
      const { team, tag, endpoint } = await teamWithEndpoint();
      const secondOwner = await createUser("Otto Owner");
      await addMember(team.organization.id, secondOwner.id, "OWNER");
      hooks.receiver.respondWith((_request, response) => void response.writeHead(500).end("down for maintenance"));
      try {
        await prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { failingSince: new Date(Date.now() - 25 * 3_600_000) } });
        await renameOrganization(team.owner, { name: `Failing ${tag}` });
        const disabled = await eventually(async () => {
          const row = await getWebhookEndpoint(team.owner, { id: endpoint.id });
          return !row.enabled && row;
        });
        expect(disabled.autoDisabledAt).toEqual(expect.any(Date));
      } finally {
        hooks.receiver.respondNormally();
      }
      const message = `Teamhub disabled the webhook endpoint ${endpoint.url} of Failing ${tag}: its deliveries failed for a day. Fix the receiver, then enable it again in Settings → Webhooks.`;
      for (const ownerId of [team.owner.userId, secondOwner.id]) {
        expect((await listNotifications({ userId: ownerId })).data.map((notification) => notification.message)).toContain(message);
      }
      expect((await listNotifications({ userId: team.admin.userId })).data.map((notification) => notification.message)).not.toContain(message);
      const entry = await prisma.auditLog.findFirstOrThrow({ where: { organizationId: team.organization.id, action: "webhook.disabled" } });
      expect(entry).toMatchObject({ actorName: "Teamhub", actorUserId: null, targetId: endpoint.id, details: expect.objectContaining({ reason: "failing" }) });
      // Disabled: new events aren't sent to it.
      await renameOrganization(team.owner, { name: `Still failing ${tag}` });
      expect(await prisma.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(1);
    });

    it("aren't disabled by failures of less than a day", async () => {
      const { team, endpoint } = await teamWithEndpoint();
      hooks.receiver.respondWith((_request, response) => void response.writeHead(500).end());
      try {
        await prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { failingSince: new Date(Date.now() - 23 * 3_600_000) } });
        await renameOrganization(team.owner, { name: `Flaky ${randomUUID()}` });
        const [attempt] = await eventually(async () => {
          const rows = await prisma.webhookAttempt.findMany({ where: { endpointId: endpoint.id } });
          return rows.length > 0 && rows;
        });
        // The first attempt's job is done (disabling, when due, is part of it); its retry is queued.
        await eventually(async () => {
          const jobs = (await queuedJobs("webhook_delivery")).map((job) => job.payload as { deliveryId: string; attempt: number });
          return !jobs.some((job) => job.deliveryId === attempt!.deliveryId && job.attempt === 1);
        });
      } finally {
        hooks.receiver.respondNormally();
      }
      expect((await getWebhookEndpoint(team.owner, { id: endpoint.id })).enabled).toBe(true);
    });
  });

  describe("deliveries racing a deletion", () => {
    it("a job reading its delivery while the endpoint is deleted reads both as they were, and doesn't fail", async () => {
      const { endpoint } = await teamWithEndpoint();
      const delivery = await prisma.webhookDelivery.create({
        data: { endpointId: endpoint.id, eventId: `evt_${randomUUID().replace(/-/g, "")}`, eventType: "webhook.test" },
        select: { id: true },
      });
      let target: ReturnType<typeof webhookDeliveryTarget> | undefined;
      await prisma.$transaction(async (tx) => {
        // Holding the endpoints table, the job reads its delivery, then waits to read the endpoint until it is deleted.
        await tx.$executeRaw`LOCK TABLE webhook_endpoints IN ACCESS EXCLUSIVE MODE`;
        target = webhookDeliveryTarget({ deliveryId: delivery.id });
        target.catch(() => {});
        await eventually(async () => {
          const [waiting] = await tx.$queryRaw<{ count: number }[]>`
            SELECT count(*)::int AS count FROM pg_locks WHERE NOT granted AND relation = 'webhook_endpoints'::regclass`;
          return waiting!.count > 0;
        });
        await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
      });
      await expect(target).resolves.toMatchObject({ url: endpoint.url, record: { deliveryId: delivery.id, endpointId: endpoint.id } });
    });
  });

  describe("Send test event and Redeliver", () => {
    it("a test event arrives, signed, and shows in the attempt log as manual", async () => {
      const { team, tag, endpoint } = await teamWithEndpoint();
      const delivery = await sendTestEvent(team.admin, { id: endpoint.id });
      expect(delivery).toMatchObject({ eventType: "webhook.test", status: "PENDING" });
      const [payload] = await eventually(async () => hooks.receiver.payloadsAt(tag).length > 0 && hooks.receiver.payloadsAt(tag));
      expect(payload).toEqual({ id: delivery.eventId, type: "webhook.test", timestamp: delivery.createdAt.toISOString(), data: { webhook: { id: endpoint.id, url: endpoint.url } } });
      const [attempt] = await eventually(async () => {
        const rows = (await listWebhookAttempts(team.admin, { id: endpoint.id })).data;
        return rows.length > 0 && rows;
      });
      expect(attempt).toMatchObject({ eventId: delivery.eventId, eventType: "webhook.test", statusCode: 204, manual: true, delivery: { status: "SUCCEEDED" } });
      // Test events aren't in the feed.
      expect((await listEvents(team.owner)).data).toEqual([]);
    });

    it("Redeliver sends an event again with the same webhook-id, also to an endpoint that wasn't subscribed to it", async () => {
      const { team, tag, endpoint } = await teamWithEndpoint(["member.removed"]);
      await renameOrganization(team.owner, { name: `Redelivered ${tag}` });
      const [event] = (await listEvents(team.owner)).data;
      expect(await prisma.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
      await redeliverEvent(team.owner, { id: endpoint.id, eventId: event!.id });
      await redeliverEvent(team.owner, { id: endpoint.id, eventId: event!.id });
      await eventually(async () => hooks.receiver.payloadsAt(tag).length === 2);
      expect(hooks.receiver.at(tag).map((entry) => entry.headers["webhook-id"])).toEqual([event!.id, event!.id]);
      await expect(redeliverEvent(team.owner, { id: endpoint.id, eventId: `evt_${"0".repeat(32)}` })).rejects.toMatchObject({ code: "VALIDATION" });
    });

    it("an event of another organization can't be redelivered, nor another organization's endpoint used", async () => {
      const { team, endpoint } = await teamWithEndpoint();
      const other = await teamWithEndpoint();
      await renameOrganization(other.team.owner, { name: `Other ${other.tag}` });
      const [event] = (await listEvents(other.team.owner)).data;
      await expect(redeliverEvent(team.owner, { id: endpoint.id, eventId: event!.id })).rejects.toMatchObject({ code: "VALIDATION" });
      await expect(redeliverEvent(team.owner, { id: other.endpoint.id, eventId: event!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(sendTestEvent(team.owner, { id: other.endpoint.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(sendTestEvent(team.member, { id: endpoint.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    });
  });

  describe("membership events from invitations", () => {
    it("accepting as an existing member with a higher invited role sends member.role_changed, not member.added", async () => {
      const { team, tag } = await teamWithEndpoint(["member.added", "member.role_changed"]);
      const invitation = await createInvitation(team.owner, { email: `upgrade-${tag}@example.com`, role: "ADMIN" }, ORIGIN);
      const user = await userFor(invitation.email);
      // Made a member some other way meanwhile (test set-up only).
      await addMember(team.organization.id, user.userId, "MEMBER");
      await acceptInvitation(user, { token: tokenOf(invitation.url) });
      await eventually(async () => hooks.receiver.payloadsAt(tag).length > 0);
      expect(hooks.receiver.payloadsAt(tag).map((payload) => [payload.type, payload.data.previous])).toEqual([["member.role_changed", { role: "member" }]]);
    });
  });
});
