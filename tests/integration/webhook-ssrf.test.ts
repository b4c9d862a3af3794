import http from "node:http";
import type { AddressInfo } from "node:net";
import { prisma } from "@/lib/db/client";
import { renameOrganization } from "@/lib/services/organizations";
import { createWebhookEndpoint, updateWebhookEndpoint } from "@/lib/services/webhooks/endpoints";
import { WEBHOOKS } from "@/lib/config/fixed-limits";
import { postWebhook, type Resolver } from "@/lib/webhooks/http";
import { createTeam, snapshot } from "../helpers/factories";
import { eventually, startTestWorker, type TestWorker } from "../helpers/jobs";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";

/**
 * No SSRF: with the development switch (WEBHOOKS_ALLOW_PRIVATE_ADDRESSES)
 * off, as in production, webhooks reach no loopback, private, link-local,
 * multicast or metadata address, however the URL names it; the connection
 * goes to the address that was checked; redirects aren't followed and
 * answers are read only so far. Every receiver here is on loopback.
 */

const allowPrivate = (on: boolean) => {
  if (on) process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = "true";
  else delete process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES;
};

const resolverOf = (...answers: string[][]): Resolver & { calls: string[] } => {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    return answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
};

describe("webhooks and private addresses", () => {
  let receiver: WebhookReceiver;
  let worker: TestWorker;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    worker = await startTestWorker();
  });

  afterAll(async () => {
    await worker.stop();
    await receiver.close();
    allowPrivate(false);
  });

  afterEach(() => allowPrivate(false));

  it("an endpoint can't be saved with a private or loopback address, and nothing changes", async () => {
    const team = await createTeam("Private");
    const before = await snapshot();
    for (const url of [receiver.url, "http://[::1]/hook", "https://169.254.169.254/latest/meta-data/", "https://localhost/hook", "https://10.0.0.8/hook"]) {
      await expect(createWebhookEndpoint(team.owner, { url })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { url: [expect.stringMatching(/public address/)] } });
    }
    expect(await snapshot()).toEqual(before);
    expect(await prisma.webhookEndpoint.count()).toBe(0);
  });

  it("at delivery time, after DNS resolution, loopback targets are refused and nothing reaches them", async () => {
    const team = await createTeam("Rebound");
    // Saved while the switch was on (or while the name pointed elsewhere): delivery checks again.
    allowPrivate(true);
    const literal = await createWebhookEndpoint(team.owner, { url: receiver.urlFor("literal") });
    const named = await createWebhookEndpoint(team.owner, { url: `http://localhost:${receiver.port}/webhooks/named` });
    allowPrivate(false);
    await renameOrganization(team.owner, { name: "Rebound again" });
    const attempts = await eventually(async () => {
      const rows = await prisma.webhookAttempt.findMany({ orderBy: { endpointId: "asc" } });
      return rows.length === 2 && rows;
    });
    const errorOf = (endpointId: string) => attempts.find((attempt) => attempt.endpointId === endpointId)!;
    expect(errorOf(literal.endpoint.id)).toMatchObject({ statusCode: null, error: "Refused: 127.0.0.1 is a loopback address" });
    expect(errorOf(named.endpoint.id).error).toMatch(/^Refused: localhost resolves to (127\.0\.0\.1|::1), which is a loopback address$/);
    expect(receiver.received).toEqual([]);
    // A refusal is a failed attempt like any other: retried later (and by then the operator may have fixed the URL).
    expect(await prisma.webhookDelivery.count({ where: { status: "PENDING", attempts: 1 } })).toBe(2);
    await updateWebhookEndpoint(team.owner, { id: literal.endpoint.id, enabled: false });
    await updateWebhookEndpoint(team.owner, { id: named.endpoint.id, enabled: false });
  });

  it("every resolved address is checked: a metadata address, or a private one among public ones, is refused without connecting", async () => {
    const metadata = resolverOf(["169.254.169.254"]);
    const outcome = await postWebhook("http://metadata.attacker.test/latest/meta-data/", {}, "{}", metadata);
    expect(outcome).toMatchObject({
      statusCode: null,
      error: "Refused: metadata.attacker.test resolves to 169.254.169.254, which is a link-local address (cloud metadata services live here)",
    });
    const mixed = resolverOf(["93.184.215.14", "10.1.2.3"]);
    expect((await postWebhook("https://mixed.attacker.test/", {}, "{}", mixed)).error).toMatch(/resolves to 10\.1\.2\.3, which is a private address/);
    const mapped = resolverOf(["::ffff:127.0.0.1"]);
    expect((await postWebhook(`http://mapped.attacker.test:${receiver.port}/`, {}, "{}", mapped)).error).toMatch(/loopback/);
    const nat64 = resolverOf(["64:ff9b::7f00:1"]);
    expect((await postWebhook(`http://nat64.attacker.test:${receiver.port}/`, {}, "{}", nat64)).error).toMatch(/loopback/);
    expect((await postWebhook("http://[fd00:ec2::254]/latest/meta-data/", {}, "{}")).error).toMatch(/unique local/);
    expect((await postWebhook(`http://0.0.0.0:${receiver.port}/`, {}, "{}")).error).toMatch(/this network/);
    expect(receiver.received).toEqual([]);
  });

  it("the connection goes to the address that was checked: a second DNS answer (rebinding) is never used", async () => {
    allowPrivate(true);
    const pinned = await startWebhookReceiver("127.0.0.2");
    try {
      // The first answer is what the checks saw; later answers point elsewhere.
      const rebinding = resolverOf(["127.0.0.2"], ["127.0.0.3"]);
      const outcome = await postWebhook(`http://rebind.attacker.test:${pinned.port}/webhooks/pinned`, { "webhook-id": "evt_1" }, '{"a":1}', rebinding);
      expect(outcome).toMatchObject({ statusCode: 204, error: null });
      expect(rebinding.calls).toEqual(["rebind.attacker.test"]);
      expect(pinned.received).toHaveLength(1);
      expect(pinned.received[0]!.headers.host).toBe(`rebind.attacker.test:${pinned.port}`);
      // Every checked address is tried in turn (nothing listens on 127.0.0.9), and only those.
      const several = resolverOf(["127.0.0.9", "127.0.0.2"]);
      expect(await postWebhook(`http://several.attacker.test:${pinned.port}/webhooks/pinned`, {}, "{}", several)).toMatchObject({ statusCode: 204 });
      expect(pinned.received).toHaveLength(2);
    } finally {
      await pinned.close();
    }
  });

  it("follows no redirects", async () => {
    allowPrivate(true);
    const elsewhere = await startWebhookReceiver();
    receiver.respondWith((_request, response) => void response.writeHead(307, { Location: elsewhere.urlFor("moved") }).end());
    try {
      const outcome = await postWebhook(receiver.urlFor("redirect"), {}, "{}");
      expect(outcome).toMatchObject({ statusCode: 307, error: "The receiver answered 307 (redirects are not followed)" });
      expect(receiver.at("redirect")).toHaveLength(1);
      expect(elsewhere.received).toEqual([]);
    } finally {
      receiver.respondNormally();
      await elsewhere.close();
    }
  });

  it("reads only the first 1 KiB of an answer, and stops reading there", async () => {
    allowPrivate(true);
    let finished: boolean | undefined;
    const huge = http.createServer((request, response) => {
      request.resume();
      response.writeHead(200, { "Content-Type": "text/plain" });
      const chunk = "y".repeat(64 * 1024);
      let written = 0;
      const write = () => {
        while (written < 64 * 1024 * 1024 && response.write(chunk)) written += chunk.length;
        if (written < 64 * 1024 * 1024) response.once("drain", write);
        else response.end();
      };
      response.on("close", () => (finished = response.writableFinished));
      write();
    });
    await new Promise<void>((resolve) => huge.listen(0, "127.0.0.1", resolve));
    try {
      const outcome = await postWebhook(`http://127.0.0.1:${(huge.address() as AddressInfo).port}/`, {}, "{}");
      expect(outcome).toMatchObject({ statusCode: 200, error: null });
      expect(outcome.response).toBe("y".repeat(WEBHOOKS.responseExcerptBytes));
      await eventually(async () => finished !== undefined);
      // The receiver's 64 MiB were never all read: the connection was closed first.
      expect(finished).toBe(false);
    } finally {
      huge.closeAllConnections();
      await new Promise((resolve) => huge.close(resolve));
    }
  });

  it("a host that doesn't resolve is a failed attempt with its reason", async () => {
    const outcome = await postWebhook("https://nowhere.invalid/hook", {}, "{}");
    expect(outcome.statusCode).toBeNull();
    // ENOTFOUND, or EAI_AGAIN on a machine without a resolver.
    expect(outcome.error).toMatch(/^(nowhere\.invalid doesn't resolve to an address|Resolving nowhere\.invalid failed \(EAI_AGAIN\))$/);
  });
});
