import type { AnyEndpoint } from "@/lib/api/endpoint";
import { ENDPOINTS } from "@/lib/api/endpoints";
import { prisma } from "@/lib/db/client";
import { createInvitation } from "@/lib/services/invitations/manage";
import { createWebhookEndpoint } from "@/lib/services/webhooks/endpoints";
import { callApi, createApiTeam, type ApiResult, type CallOptions } from "../helpers/api";
import { addMember, createApiKeyActor, createTeam, createUser, snapshot } from "../helpers/factories";

jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);

/**
 * Who may call which /api/v1 operation, end to end through the route
 * handlers: authentication (session cookie or API key), the role checks in the
 * services, and organization scoping. Every refusal leaves the database as it was.
 */

const ORIGIN = "https://teamhub.test";

const CALLERS = ["Owner session", "Admin session", "Member session", "Admin key", "Member key", "revoked key", "other org's key", "no credentials"] as const;
type Caller = (typeof CALLERS)[number];

// The specification. Columns are CALLERS, in order. "other org's key" is an
// Admin key of another organization (Globex): it works in Globex (collections
// answer 200/201 with Globex's data) and Acme's members and invitations don't
// exist for it (404).
const EXPECTED: Record<string, [number, number, number, number, number, number, number, number]> = {
  //                    Owner  Admin  Member AdminKey MemberKey revoked other-org none
  getOrganization:     [200,   200,   200,   200,     200,      401,    200,      401],
  transferOwnership:   [200,   403,   403,   403,     403,      401,    404,      401],
  listMembers:         [200,   200,   200,   200,     200,      401,    200,      401],
  changeMemberRole:    [200,   200,   403,   200,     403,      401,    404,      401],
  removeMember:        [204,   204,   403,   204,     403,      401,    404,      401],
  listInvitations:     [200,   200,   403,   200,     403,      401,    200,      401],
  createInvitation:    [201,   201,   403,   201,     403,      401,    201,      401],
  createInvitationBatch: [200, 200,   403,   200,     403,      401,    200,      401],
  getInvitation:       [200,   200,   403,   200,     403,      401,    404,      401],
  cancelInvitation:    [200,   200,   403,   200,     403,      401,    404,      401],
  resendInvitation:    [200,   200,   403,   200,     403,      401,    404,      401],
  listAuditLog:        [200,   200,   403,   200,     403,      401,    200,      401],
  listEvents:          [200,   200,   403,   200,     403,      401,    200,      401],
  listWebhooks:        [200,   200,   403,   200,     403,      401,    200,      401],
  createWebhook:       [201,   201,   403,   201,     403,      401,    201,      401],
  getWebhook:          [200,   200,   403,   200,     403,      401,    404,      401],
  updateWebhook:       [200,   200,   403,   200,     403,      401,    404,      401],
  deleteWebhook:       [204,   204,   403,   204,     403,      401,    404,      401],
  rotateWebhookSecret: [200,   200,   403,   200,     403,      401,    404,      401],
  sendWebhookTestEvent:[202,   202,   403,   202,     403,      401,    404,      401],
  redeliverWebhookEvent:[202,  202,   403,   202,     403,      401,    404,      401],
  listWebhookAttempts: [200,   200,   403,   200,     403,      401,    404,      401],
};

const PROBLEM_CODES: Record<number, string> = { 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND" };

/** The role GET /organization reports for each caller that gets in. */
const ROLE_OF: Partial<Record<Caller, string>> = {
  "Owner session": "owner",
  "Admin session": "admin",
  "Member session": "member",
  "Admin key": "admin",
  "Member key": "member",
  "other org's key": "admin",
};

const endpointById = new Map(ENDPOINTS.map((endpoint) => [endpoint.operationId, endpoint]));
const endpoint = (operationId: string): AnyEndpoint => {
  const found = endpointById.get(operationId);
  if (!found) throw new Error(`no endpoint ${operationId}`);
  return found;
};

/** Globex, another organization with an Admin key; shared by every case (it is only ever written to in Globex). */
type Globex = Awaited<ReturnType<typeof createGlobex>>;
async function createGlobex() {
  const team = await createTeam("Globex");
  const key = await createApiKeyActor(team.owner, "ADMIN", "Globex key");
  return { team, key };
}

/** Acme with an Owner, an Admin, a Member, a target member, keys, an active invitation and a webhook endpoint (no worker runs here). */
type World = Awaited<ReturnType<typeof createWorld>>;
async function createWorld() {
  const world = await createApiTeam();
  const invitation = await createInvitation(world.team.owner, { email: `invitee-${world.team.organization.id}@example.com`, role: "MEMBER" }, ORIGIN);
  const { endpoint: webhook } = await createWebhookEndpoint(world.team.owner, { url: "https://hooks.example.com/teamhub" });
  const event = await prisma.event.findFirstOrThrow({ where: { organizationId: world.team.organization.id, type: "invitation.created" } });
  return { ...world, invitation, webhook, eventId: event.id };
}

function credentials(world: World, globex: Globex, caller: Caller): CallOptions {
  switch (caller) {
    case "Owner session":
      return { sessionUserId: world.team.owner.userId };
    case "Admin session":
      return { sessionUserId: world.team.admin.userId };
    case "Member session":
      return { sessionUserId: world.team.member.userId };
    case "Admin key":
      return { key: world.adminKey.secret };
    case "Member key":
      return { key: world.memberKey.secret };
    case "revoked key":
      return { key: world.revokedKey.secret };
    case "other org's key":
      return { key: globex.key.secret };
    case "no credentials":
      return {};
  }
}

let emailCounter = 0;

/** The request each operation is tried with: always aimed at Acme's objects. */
function requestFor(operationId: string, world: World): CallOptions {
  switch (operationId) {
    case "changeMemberRole":
      return { params: { userId: world.target.id }, body: { role: "admin" } };
    case "removeMember":
      return { params: { userId: world.target.id } };
    case "transferOwnership":
      return { body: { userId: world.target.id } };
    case "createInvitation":
      emailCounter += 1;
      return { body: { email: `new-${emailCounter}-${Date.now()}@example.com`, role: "member" } };
    case "createInvitationBatch":
      emailCounter += 1;
      return { body: { emails: [`batch-${emailCounter}-${Date.now()}@example.com`], role: "member" } };
    case "getInvitation":
    case "cancelInvitation":
    case "resendInvitation":
      return { params: { id: world.invitation.id } };
    case "createWebhook":
      return { body: { url: "https://hooks.example.com/new", eventTypes: ["member.added"] } };
    case "updateWebhook":
      return { params: { id: world.webhook.id }, body: { description: "Provisioning" } };
    case "redeliverWebhookEvent":
      return { params: { id: world.webhook.id }, body: { eventId: world.eventId } };
    case "getWebhook":
    case "deleteWebhook":
    case "rotateWebhookSecret":
    case "sendWebhookTestEvent":
    case "listWebhookAttempts":
      return { params: { id: world.webhook.id } };
    default:
      return {};
  }
}

/** Snapshot of every table a refusal must leave alone; API key last-used times are bookkeeping of authentication. */
async function state() {
  const all = await snapshot();
  return { ...all, apiKeys: all.apiKeys.map(({ lastUsedAt: _lastUsedAt, ...key }) => key) };
}

/** What a success must have done (and whose organization it did it in). */
async function expectEffect(operationId: string, caller: Caller, world: World, globex: Globex, result: ApiResult) {
  const acme = world.team.organization;
  const actingOrganization = caller === "other org's key" ? globex.team.organization : acme;
  const body = result.json as Record<string, unknown> & { data?: Record<string, unknown>[] };
  switch (operationId) {
    case "getOrganization":
      expect(body).toEqual({ id: actingOrganization.id, name: actingOrganization.name, personal: false, role: ROLE_OF[caller] });
      return;
    case "listMembers": {
      const members = await prisma.member.findMany({ where: { organizationId: actingOrganization.id }, orderBy: [{ joinedAt: "asc" }, { id: "asc" }] });
      expect(body.data!.map((row) => row.userId)).toEqual(members.map((row) => row.userId));
      return;
    }
    case "listInvitations": {
      const invitations = await prisma.invitation.findMany({ where: { organizationId: actingOrganization.id } });
      expect(body.data!.map((row) => row.id).sort()).toEqual(invitations.map((row) => row.id).sort());
      return;
    }
    case "listAuditLog": {
      const entries = await prisma.auditLog.count({ where: { organizationId: actingOrganization.id } });
      expect(body.data).toHaveLength(entries);
      return;
    }
    case "changeMemberRole":
      expect(body).toMatchObject({ userId: world.target.id, role: "admin" });
      expect((await prisma.member.findUniqueOrThrow({ where: { userId_organizationId: { userId: world.target.id, organizationId: acme.id } } })).role).toBe(
        "ADMIN",
      );
      return;
    case "transferOwnership":
      expect(body).toMatchObject({ owner: { userId: world.target.id, role: "owner" }, previousOwner: { userId: world.team.owner.userId, role: "admin" } });
      expect(await prisma.member.count({ where: { organizationId: acme.id, role: "OWNER" } })).toBe(1);
      return;
    case "removeMember":
      expect(result.text).toBe("");
      expect(await prisma.member.count({ where: { userId: world.target.id, organizationId: acme.id } })).toBe(0);
      return;
    case "createInvitation": {
      const row = await prisma.invitation.findUniqueOrThrow({ where: { id: body.id as string } });
      expect(row.organizationId).toBe(actingOrganization.id);
      expect(body).toMatchObject({ status: "active", role: "member", url: expect.stringMatching(/^http:\/\/localhost:3000\//) });
      return;
    }
    case "createInvitationBatch": {
      const [result] = body.results as { status: string; invitation: { id: string } }[];
      expect(result).toMatchObject({ status: "invited", invitation: { status: "active", url: expect.stringMatching(/^http:\/\/localhost:3000\//) } });
      expect((await prisma.invitation.findUniqueOrThrow({ where: { id: result!.invitation.id } })).organizationId).toBe(actingOrganization.id);
      return;
    }
    case "getInvitation":
      expect(body).toMatchObject({ id: world.invitation.id, status: "active", url: expect.any(String) });
      return;
    case "cancelInvitation":
      expect(body).toMatchObject({ id: world.invitation.id, status: "cancelled" });
      expect((await prisma.invitation.findUniqueOrThrow({ where: { id: world.invitation.id } })).status).toBe("CANCELLED");
      return;
    case "resendInvitation":
      expect(body).toMatchObject({ id: world.invitation.id, status: "active", url: expect.any(String) });
      expect(body.url).not.toBe(world.invitation.url);
      return;
    case "listEvents": {
      const events = await prisma.event.findMany({ where: { organizationId: actingOrganization.id }, orderBy: { sequence: "asc" } });
      expect(body.data!.map((row) => row.id)).toEqual(events.map((row) => row.id));
      return;
    }
    case "listWebhooks": {
      const endpoints = await prisma.webhookEndpoint.findMany({ where: { organizationId: actingOrganization.id } });
      expect(body.data!.map((row) => row.id).sort()).toEqual(endpoints.map((row) => row.id).sort());
      return;
    }
    case "createWebhook": {
      const row = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: body.id as string } });
      expect(row.organizationId).toBe(actingOrganization.id);
      expect(body).toMatchObject({ url: "https://hooks.example.com/new", eventTypes: ["member.added"], secret: expect.stringMatching(/^whsec_/) });
      return;
    }
    case "getWebhook":
      expect(body).toMatchObject({ id: world.webhook.id, url: world.webhook.url });
      expect(body).not.toHaveProperty("secret");
      return;
    case "updateWebhook":
      expect((await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: world.webhook.id } })).description).toBe("Provisioning");
      return;
    case "deleteWebhook":
      expect(await prisma.webhookEndpoint.count({ where: { id: world.webhook.id } })).toBe(0);
      return;
    case "rotateWebhookSecret":
      expect(body).toMatchObject({ id: world.webhook.id, secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: expect.any(String) });
      return;
    case "sendWebhookTestEvent":
      expect(body).toMatchObject({ eventType: "webhook.test", status: "pending" });
      expect(await prisma.webhookDelivery.count({ where: { endpointId: world.webhook.id, eventType: "webhook.test" } })).toBe(1);
      return;
    case "redeliverWebhookEvent":
      expect(body).toMatchObject({ eventId: world.eventId, eventType: "invitation.created" });
      return;
    case "listWebhookAttempts":
      expect(body).toEqual({ data: [], nextCursor: null });
      return;
  }
  throw new Error(`no effect check for ${operationId}`);
}

const CASES = Object.entries(EXPECTED).flatMap(([operationId, statuses]) =>
  CALLERS.map((caller, index) => ({ operationId, caller, status: statuses[index]! })),
);

const caseName = (c: { operationId: string; caller: Caller }) => `${c.operationId} by ${c.caller}`;

let globex: Globex;
let shared: World;
/** A fresh Acme for every case of a state-changing operation, by caseName. */
const fresh = new Map<string, World>();

beforeAll(async () => {
  globex = await createGlobex();
  shared = await createWorld();
  // Made up front, a few at a time, so the cases themselves stay quick.
  const queue = CASES.filter((c) => endpoint(c.operationId).method !== "GET");
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) fresh.set(caseName(next), await createWorld());
    }),
  );
  // Over a hundred worlds (the webhook and batch operations too): a busy machine needs more than a minute.
}, 180_000);

describe("the authorization matrix of /api/v1", () => {
  it("covers every operation of ENDPOINTS", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(ENDPOINTS.map((e) => e.operationId).sort());
  });

  it.each(CASES)("$operationId by $caller → $status", async ({ operationId, caller, status }) => {
    const target = endpoint(operationId);
    // Reads share one world; every state-changing case gets a fresh Acme.
    const world = target.method === "GET" ? shared : fresh.get(caseName({ operationId, caller }))!;
    const before = await state();
    const result = await callApi(target, { ...requestFor(operationId, world), ...credentials(world, globex, caller) });

    // The problem is part of the comparison, so a wrong status shows its detail.
    expect({ status: result.status, problem: result.status >= 400 ? result.json : null }).toMatchObject({
      status,
      problem: status >= 400 ? { status, code: PROBLEM_CODES[status] } : null,
    });
    if (status >= 400) {
      expect(result.headers.get("content-type")).toBe("application/problem+json");
      expect(await state()).toEqual(before);
    } else {
      await expectEffect(operationId, caller, world, globex, result);
    }
  });
});

describe("role rules through the API", () => {
  const patch = endpoint("changeMemberRole");
  const remove = endpoint("removeMember");
  const roleIn = async (organizationId: string, userId: string) =>
    (await prisma.member.findUnique({ where: { userId_organizationId: { userId, organizationId } } }))?.role;

  async function expectRefused(options: CallOptions, target: AnyEndpoint, status: number, code: string, detail?: RegExp) {
    const before = await state();
    const result = await callApi(target, options);
    expect(result.status).toBe(status);
    expect(result.json).toMatchObject({ code, ...(detail ? { detail: expect.stringMatching(detail) } : {}) });
    expect(await state()).toEqual(before);
  }

  it("Admins (session or key) can't change an Owner's role nor grant Owner", async () => {
    const { team, target } = await createWorld();
    const { owner } = team.users;
    // A key created by the Admin acts as the Admin (a key created by the Owner acts as the Owner, whose role is their own).
    const adminKey = await createApiKeyActor(team.admin, "ADMIN", "Admin's key");
    for (const caller of [{ sessionUserId: team.admin.userId }, { key: adminKey.secret }]) {
      await expectRefused({ ...caller, params: { userId: owner.id }, body: { role: "member" } }, patch, 403, "FORBIDDEN", /Only Owners/);
      await expectRefused({ ...caller, params: { userId: target.id }, body: { role: "owner" } }, patch, 403, "FORBIDDEN", /Only Owners/);
      await expectRefused({ ...caller, params: { userId: owner.id } }, remove, 403, "FORBIDDEN", /Only Owners/);
    }
    expect(await roleIn(team.organization.id, owner.id)).toBe("OWNER");
    expect(await roleIn(team.organization.id, target.id)).toBe("MEMBER");
    // An Owner may grant Owner.
    const granted = await callApi(patch, { sessionUserId: team.owner.userId, params: { userId: target.id }, body: { role: "owner" } });
    expect(granted.status).toBe(200);
    expect(await roleIn(team.organization.id, target.id)).toBe("OWNER");
  });

  it("nobody changes their own role, by session or by a key acting for them", async () => {
    const { team } = await createWorld();
    const adminsKey = await createApiKeyActor(team.admin, "ADMIN", "Admin's own key");
    const self = [
      { sessionUserId: team.owner.userId, params: { userId: team.owner.userId }, body: { role: "admin" } },
      { sessionUserId: team.admin.userId, params: { userId: team.admin.userId }, body: { role: "member" } },
      { sessionUserId: team.member.userId, params: { userId: team.member.userId }, body: { role: "admin" } },
      { key: adminsKey.secret, params: { userId: team.admin.userId }, body: { role: "member" } },
    ];
    for (const options of self) await expectRefused(options, patch, 403, "FORBIDDEN");
    // The Admin's own key can't demote its creator either, whatever the role asked.
    await expectRefused({ key: adminsKey.secret, params: { userId: team.admin.userId }, body: { role: "admin" } }, patch, 403, "FORBIDDEN", /own role/);
  });

  it("the last Owner can't be removed or demoted; with two Owners one may remove the other", async () => {
    const { team } = await createWorld();
    const owner = team.users.owner;
    const adminKey = await createApiKeyActor(team.admin, "ADMIN", "Admin's key");
    await expectRefused({ sessionUserId: owner.id, params: { userId: owner.id } }, remove, 403, "FORBIDDEN", /yourself/);
    await expectRefused({ sessionUserId: owner.id, params: { userId: owner.id }, body: { role: "admin" } }, patch, 403, "FORBIDDEN");
    await expectRefused({ sessionUserId: team.admin.userId, params: { userId: owner.id } }, remove, 403, "FORBIDDEN");
    await expectRefused({ key: adminKey.secret, params: { userId: owner.id } }, remove, 403, "FORBIDDEN", /Only Owners/);
    expect(await roleIn(team.organization.id, owner.id)).toBe("OWNER");

    const second = await createUser("Sam Second");
    await addMember(team.organization.id, second.id, "OWNER");
    const removed = await callApi(remove, { sessionUserId: owner.id, params: { userId: second.id } });
    expect(removed.status).toBe(204);
    expect(await roleIn(team.organization.id, second.id)).toBeUndefined();
    // Owner alone again: still can't leave the organization ownerless.
    await expectRefused({ sessionUserId: owner.id, params: { userId: owner.id } }, remove, 403, "FORBIDDEN");
    expect(await prisma.member.count({ where: { organizationId: team.organization.id, role: "OWNER" } })).toBe(1);
  });

  it("a key whose creator was demoted below its role stops working", async () => {
    const { team, target } = await createWorld();
    const adminsKey = await createApiKeyActor(team.admin, "ADMIN", "Admin's key");
    await prisma.member.update({ where: { userId_organizationId: { userId: team.admin.userId, organizationId: team.organization.id } }, data: { role: "MEMBER" } });
    await expectRefused({ key: adminsKey.secret, params: { userId: target.id }, body: { role: "admin" } }, patch, 401, "UNAUTHENTICATED");
  });
});
