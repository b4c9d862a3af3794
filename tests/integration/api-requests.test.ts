import * as unknownPathRoute from "@/app/api/v1/[...path]/route";
import * as memberRoute from "@/app/api/v1/members/[userId]/route";
import * as membersRoute from "@/app/api/v1/members/route";
import { ENDPOINTS } from "@/lib/api/endpoints";
import { prisma } from "@/lib/db/client";
import { fillBucket, hitsOf } from "../helpers/rate-limits";
import { callApi, createApiTeam, type CallOptions } from "../helpers/api";
import { addMember, createApiKeyActor, createTeam, createUsers, snapshot } from "../helpers/factories";

jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);

/**
 * How /api/v1 treats requests as HTTP: bodies, paths and query strings,
 * Idempotency-Key, rate limits, browser sessions, attribution and paging.
 * Bad input always gets a 4xx problem, never a 500.
 */

const endpointById = new Map(ENDPOINTS.map((endpoint) => [endpoint.operationId, endpoint]));
const JSON_TYPE = { "Content-Type": "application/json" };

/** Calls an operation; no request in this file may get a 500. */
async function call(operationId: string, options: CallOptions) {
  const result = await callApi(endpointById.get(operationId)!, options);
  expect({ operationId, serverError: result.status >= 500, body: result.status >= 500 ? result.json : undefined }).toEqual({
    operationId,
    serverError: false,
    body: undefined,
  });
  return result;
}

/** Snapshot without API key last-used times (bookkeeping of authentication). */
async function state() {
  const all = await snapshot();
  return { ...all, apiKeys: all.apiKeys.map(({ lastUsedAt: _lastUsedAt, ...key }) => key) };
}

async function expectProblem(operationId: string, options: CallOptions, status: number, code: string) {
  const before = await state();
  const result = await call(operationId, options);
  expect({ status: result.status, code: (result.json as { code?: string } | null)?.code }).toEqual({ status, code });
  expect(result.headers.get("content-type")).toBe("application/problem+json");
  expect(await state()).toEqual(before);
  return result.json as { status: number; code: string; detail: string; errors?: Record<string, string[]> };
}

async function createWorld() {
  const team = await createTeam();
  const [target] = await createUsers(1, () => "Tom Target");
  await addMember(team.organization.id, target!.id, "MEMBER");
  const adminKey = await createApiKeyActor(team.owner, "ADMIN", "Admin key");
  return { team, target: target!, adminKey };
}

type World = Awaited<ReturnType<typeof createWorld>>;
let world: World;

beforeAll(async () => {
  world = await createWorld();
});

afterEach(async () => {
  jest.restoreAllMocks();
  // The shared target is promoted by some tests: back to Member whatever happened in them.
  await prisma.member.updateMany({ where: { userId: world.target.id, organizationId: world.team.organization.id }, data: { role: "MEMBER" } });
});

const roleOf = async (organizationId: string, userId: string) =>
  (await prisma.member.findUnique({ where: { userId_organizationId: { userId, organizationId } } }))?.role;

describe("request bodies", () => {
  const patch = () => ({ key: world.adminKey.secret, params: { userId: world.target.id } });

  it("refuses malformed JSON with 400 BAD_REQUEST", async () => {
    for (const rawBody of ["{role:", "", "{\"role\": \"ADMIN\"", "nul", "{\"role\": \"ADMIN\"}}"]) {
      const problem = await expectProblem("changeMemberRole", { ...patch(), rawBody, headers: JSON_TYPE }, 400, "BAD_REQUEST");
      expect(problem.detail).toBe("The request body is not valid JSON.");
    }
    await expectProblem("createInvitation", { key: world.adminKey.secret, rawBody: "{'email': 'x@example.com'}", headers: JSON_TYPE }, 400, "BAD_REQUEST");
  });

  it("refuses anything but application/json with 415", async () => {
    const body = JSON.stringify({ role: "admin" });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "application/merge-patch+json"]) {
      await expectProblem("changeMemberRole", { ...patch(), rawBody: body, headers: { "Content-Type": type } }, 415, "UNSUPPORTED_MEDIA_TYPE");
    }
    // No Content-Type at all.
    await expectProblem("changeMemberRole", { ...patch(), rawBody: body }, 415, "UNSUPPORTED_MEDIA_TYPE");
    // Parameters and case don't matter.
    const withCharset = await call("changeMemberRole", { ...patch(), rawBody: body, headers: { "Content-Type": "Application/JSON; charset=utf-8" } });
    expect(withCharset.status).toBe(200);
    expect(await roleOf(world.team.organization.id, world.target.id)).toBe("ADMIN");
  });

  it("refuses unknown fields and wrong types with 422 and per-field errors", async () => {
    const unknown = await expectProblem("changeMemberRole", { ...patch(), body: { role: "admin", userId: world.target.id, note: "x" } }, 422, "VALIDATION");
    expect(unknown.errors).toEqual({ userId: ["Unknown field."], note: ["Unknown field."] });
    const wrong = await expectProblem("createInvitation", { key: world.adminKey.secret, body: { email: "not an email", role: "owner", expiresInDays: "7" } }, 422, "VALIDATION");
    expect(Object.keys(wrong.errors ?? {}).sort()).toEqual(["email", "expiresInDays", "role"]);
    const missing = await expectProblem("createInvitation", { key: world.adminKey.secret, body: {} }, 422, "VALIDATION");
    expect(Object.keys(missing.errors ?? {}).sort()).toEqual(["email", "role"]);
    for (const body of [null, [], "ADMIN", 42]) {
      const problem = await expectProblem("changeMemberRole", { ...patch(), body }, 422, "VALIDATION");
      expect(problem.errors).toEqual(expect.any(Object));
    }
    const extra = await expectProblem("createInvitation", { key: world.adminKey.secret, body: { email: "x@example.com", role: "member", notify: true } }, 422, "VALIDATION");
    expect(extra.errors).toEqual({ notify: ["Unknown field."] });
  });

  it("refuses unknown fields named like Object.prototype members with 422, not 500", async () => {
    for (const name of ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"]) {
      const rawBody = `{"role": "admin", ${JSON.stringify(name)}: 1}`;
      const problem = await expectProblem("changeMemberRole", { ...patch(), rawBody, headers: JSON_TYPE }, 422, "VALIDATION");
      expect(Object.hasOwn(problem.errors ?? {}, name)).toBe(true);
    }
    await expectProblem("listMembers", { key: world.adminKey.secret, query: { constructor: "1" } }, 422, "VALIDATION");
  });

  it("refuses a body nested thousands of levels deep with 422, not 500", async () => {
    const rawBody = `{"role": ${"[".repeat(20_000)}${"]".repeat(20_000)}}`;
    const problem = await expectProblem("changeMemberRole", { ...patch(), rawBody, headers: JSON_TYPE }, 422, "VALIDATION");
    expect(Object.keys(problem.errors ?? {})).toEqual(["role"]);
  });

  it("refuses bodies over 64 KiB with 413, whatever Content-Length says, and accepts exactly 64 KiB", async () => {
    const base = JSON.stringify({ role: "admin" });
    const padded = (bytes: number) => base.slice(0, -1) + " ".repeat(bytes - base.length) + "}";
    expect(Buffer.byteLength(padded(64 * 1024 + 1))).toBe(64 * 1024 + 1);
    await expectProblem("changeMemberRole", { ...patch(), rawBody: padded(64 * 1024 + 1), headers: JSON_TYPE }, 413, "PAYLOAD_TOO_LARGE");
    await expectProblem("changeMemberRole", { ...patch(), rawBody: padded(200 * 1024), headers: { ...JSON_TYPE, "Content-Length": String(200 * 1024) } }, 413, "PAYLOAD_TOO_LARGE");
    // A lying, small Content-Length: the body is measured as it is read.
    await expectProblem("changeMemberRole", { ...patch(), rawBody: padded(100 * 1024), headers: { ...JSON_TYPE, "Content-Length": "20" } }, 413, "PAYLOAD_TOO_LARGE");
    await expectProblem(
      "createInvitation",
      { key: world.adminKey.secret, rawBody: JSON.stringify({ email: "big@example.com", role: "member", pad: "é".repeat(40 * 1024) }), headers: JSON_TYPE },
      413,
      "PAYLOAD_TOO_LARGE",
    );
    // A too-large Content-Length is refused before reading.
    await expectProblem("changeMemberRole", { ...patch(), rawBody: base, headers: { ...JSON_TYPE, "Content-Length": String(10 * 1024 * 1024) } }, 413, "PAYLOAD_TOO_LARGE");
    // Exactly the limit is fine.
    const atLimit = await call("changeMemberRole", { ...patch(), rawBody: padded(64 * 1024), headers: JSON_TYPE });
    expect(atLimit.status).toBe(200);
  });
});

describe("paths and query strings", () => {
  const key = () => ({ key: world.adminKey.secret });

  it("answers ids in the path that aren't UUIDs with 404, like unknown ones", async () => {
    for (const id of ["1", "not-a-uuid", "5f0c1a52-8a7e-4d0b-9c7e-3f1b2a4d5e6", "5f0c1a52-8a7e-4d0b-9c7e-3f1b2a4d5e6fz", "' OR 1=1 --", "%00", "../members"]) {
      const patched = await expectProblem("changeMemberRole", { ...key(), params: { userId: id }, body: { role: "admin" } }, 404, "NOT_FOUND");
      expect(patched.errors).toBeUndefined();
      await expectProblem("removeMember", { ...key(), params: { userId: id } }, 404, "NOT_FOUND");
      for (const operationId of ["getInvitation", "cancelInvitation", "resendInvitation", "getWebhook", "deleteWebhook", "listWebhookAttempts"]) {
        await expectProblem(operationId, { ...key(), params: { id } }, 404, "NOT_FOUND");
      }
    }
    expect(await roleOf(world.team.organization.id, world.target.id)).toBe("MEMBER");
  });

  it("refuses enum values in any spelling but lowercase with 422 naming the allowed values", async () => {
    const patched = await expectProblem("changeMemberRole", { ...key(), params: { userId: world.target.id }, body: { role: "ADMIN" } }, 422, "VALIDATION");
    expect(patched.errors).toEqual({ role: ["Use one of: owner, admin, member."] });
    const invited = await expectProblem("createInvitation", { ...key(), body: { email: "upper@example.com", role: "Member" } }, 422, "VALIDATION");
    expect(invited.errors).toEqual({ role: ["Use one of: admin, member."] });
    await expectProblem("createInvitationBatch", { ...key(), body: { emails: ["upper@example.com"], role: "MEMBER" } }, 422, "VALIDATION");
    expect(await roleOf(world.team.organization.id, world.target.id)).toBe("MEMBER");
    expect(await prisma.invitation.count({ where: { email: "upper@example.com" } })).toBe(0);
  });

  it("refuses unknown query parameters with 422, also where an operation takes none", async () => {
    await expectProblem("listMembers", { ...key(), query: { sort: "name" } }, 422, "VALIDATION");
    await expectProblem("listMembers", { ...key(), query: { Limit: 5 } }, 422, "VALIDATION");
    await expectProblem("listInvitations", { ...key(), query: { state: "active" } }, 422, "VALIDATION");
    await expectProblem("listAuditLog", { ...key(), query: { user: "me" } }, 422, "VALIDATION");
    await expectProblem("getOrganization", { ...key(), query: { fields: "name" } }, 422, "VALIDATION");
    await expectProblem("removeMember", { ...key(), params: { userId: world.target.id }, query: { force: "true" } }, 422, "VALIDATION");
    await expectProblem("cancelInvitation", { ...key(), params: { id: world.target.id }, query: { reason: "x" } }, 422, "VALIDATION");
    expect(await roleOf(world.team.organization.id, world.target.id)).toBe("MEMBER");
  });

  it("takes limits from 1 to 100 only", async () => {
    for (const operationId of ["listMembers", "listInvitations", "listAuditLog"]) {
      for (const limit of ["0", "101", "-1", "abc", "1.5", "", "1e3"]) {
        const problem = await expectProblem(operationId, { ...key(), query: { limit } }, 422, "VALIDATION");
        expect(Object.keys(problem.errors ?? {})).toEqual(["limit"]);
      }
      for (const limit of [1, 100]) expect((await call(operationId, { ...key(), query: { limit } })).status).toBe(200);
    }
  });

  it("refuses cursors it didn't make with 422", async () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const cursors = [
      "garbage",
      "!!!",
      forged({ joinedAt: "yesterday", id: "x" }),
      forged({ createdAt: "2024-01-01T00:00:00.000Z", id: "not-a-uuid" }),
      forged("12345678901234567890123"),
      forged(null),
      "x".repeat(501),
    ];
    for (const operationId of ["listMembers", "listInvitations", "listAuditLog"]) {
      for (const cursor of cursors) {
        const problem = await expectProblem(operationId, { ...key(), query: { cursor } }, 422, "VALIDATION");
        expect(Object.keys(problem.errors ?? {})).toEqual(["cursor"]);
      }
    }
  });

  it("refuses a forged cursor whose date PostgreSQL can't hold with 422, not 500", async () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const id = "5f0c1a52-8a7e-4d0b-9c7e-3f1b2a4d5e6f";
    await expectProblem("listMembers", { ...key(), query: { cursor: forged({ joinedAt: "0000-01-01T00:00:00Z", id }) } }, 422, "VALIDATION");
    await expectProblem("listInvitations", { ...key(), query: { cursor: forged({ createdAt: "0000-01-01T00:00:00Z", id }) } }, 422, "VALIDATION");
  });

  it("refuses bad filters with 422 and searches with odd characters safely", async () => {
    await expectProblem("listInvitations", { ...key(), query: { status: "ACTIVE" } }, 422, "VALIDATION");
    await expectProblem("listAuditLog", { ...key(), query: { action: "member.*" } }, 422, "VALIDATION");
    await expectProblem("listMembers", { ...key(), query: { q: "x".repeat(201) } }, 422, "VALIDATION");
    for (const q of ["%", "_", "\\", "'; DROP TABLE members; --", "Olivia", "😀"]) {
      expect((await call("listMembers", { ...key(), query: { q } })).status).toBe(200);
    }
  });

  it("refuses a NUL character, which PostgreSQL text can't hold, with 422 on its field", async () => {
    const problem = await expectProblem("listMembers", { ...key(), query: { q: "a\u0000b" } }, 422, "VALIDATION");
    expect(problem.errors).toEqual({ q: ["Remove the NUL character."] });
  });
});

describe("HTTP methods", () => {
  const route = (method: string, path: string) => [new Request(`http://localhost:3000/api/v1${path}`, { method, headers: { Authorization: `Bearer ${world.adminKey.secret}` } }), { params: Promise.resolve({ userId: world.target.id }) }] as const;

  it("answers a method a path doesn't take with a 405 problem naming the ones it does, changing nothing", async () => {
    const before = await state();
    for (const [handler, method, allow] of [
      [membersRoute.PUT, "PUT", "GET, HEAD, OPTIONS"],
      [membersRoute.DELETE, "DELETE", "GET, HEAD, OPTIONS"],
      [memberRoute.GET, "GET", "PATCH, DELETE, OPTIONS"],
      [memberRoute.POST, "POST", "PATCH, DELETE, OPTIONS"],
    ] as const) {
      const response = await handler(...route(method, "/members"));
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe(allow);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.json()).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED" });
    }
    expect(await state()).toEqual(before);
  });

  it("lists a path's methods for OPTIONS and serves HEAD as GET", async () => {
    const options = await memberRoute.OPTIONS(...route("OPTIONS", `/members/${world.target.id}`));
    expect({ status: options.status, allow: options.headers.get("allow") }).toEqual({ status: 204, allow: "PATCH, DELETE, OPTIONS" });
    expect((await membersRoute.HEAD(...route("HEAD", "/members"))).status).toBe(200);
  });

  it("answers a path under /api/v1 that names no operation with a 404 problem, whatever the method", async () => {
    for (const method of ["GET", "POST", "DELETE"] as const) {
      const response = await unknownPathRoute[method]();
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ status: 404, code: "NOT_FOUND" });
    }
  });
});

describe("Idempotency-Key on POST /invitations", () => {
  const invitationsFor = (organizationId: string) => prisma.invitation.findMany({ where: { organizationId } });

  it("replays the first response for the same key and body, creating nothing new", async () => {
    const { team, adminKey } = await createWorld();
    const request = { key: adminKey.secret, headers: { "Idempotency-Key": "retry-me-1" }, body: { email: "once@example.com", role: "member" } };
    const first = await call("createInvitation", request);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const afterFirst = await state();

    for (let attempt = 0; attempt < 3; attempt += 1) {
      const again = await call("createInvitation", request);
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.headers.get("content-type")).toBe("application/json");
      expect(again.json).toEqual(first.json);
    }
    expect(await state()).toEqual(afterFirst);
    expect(await invitationsFor(team.organization.id)).toHaveLength(1);
    expect(await prisma.auditLog.count({ where: { organizationId: team.organization.id, action: "invitation.created" } })).toBe(1);

    // The same key with another body is a conflict, and changes nothing.
    await expectProblem("createInvitation", { ...request, body: { email: "twice@example.com", role: "member" } }, 409, "CONFLICT");
    await expectProblem("createInvitation", { ...request, body: { email: "once@example.com", role: "admin" } }, 409, "CONFLICT");
    // Keys belong to their caller: another key may use the same one.
    const otherKey = await createApiKeyActor(team.owner, "ADMIN", "Other key");
    const other = await call("createInvitation", { ...request, key: otherKey.secret, body: { email: "other@example.com", role: "member" } });
    expect(other.status).toBe(201);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    expect(await invitationsFor(team.organization.id)).toHaveLength(2);
  });

  it("works for sessions too, and a key is free again 24 hours later", async () => {
    const { team } = await createWorld();
    const request = { sessionUserId: team.owner.userId, headers: { "Idempotency-Key": "daily-invite" }, body: { email: "daily@example.com", role: "member" } };
    const first = await call("createInvitation", request);
    expect(first.status).toBe(201);
    const replay = await call("createInvitation", request);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.json).toEqual(first.json);
    const firstId = (first.json as { id: string }).id;

    // Cancel it (so a new invitation for the address is allowed), then age the key past 24 hours.
    expect((await call("cancelInvitation", { sessionUserId: team.owner.userId, params: { id: firstId } })).status).toBe(200);
    await prisma.idempotencyRecord.updateMany({ where: { key: "daily-invite" }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    const later = await call("createInvitation", request);
    expect(later.status).toBe(201);
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect((later.json as { id: string }).id).not.toBe(firstId);
    expect((await invitationsFor(team.organization.id)).map((row) => row.status).sort()).toEqual(["CANCELLED", "PENDING"]);
    // The expired record made way for the new one.
    expect(await prisma.idempotencyRecord.count({ where: { key: "daily-invite" } })).toBe(1);
  });

  it("keeps records for their 24-hour window only: each claim deletes a batch of expired ones, so the table never grows while any remain", async () => {
    const { team, adminKey } = await createWorld();
    const longAgo = new Date(Date.now() - 25 * 3_600_000);
    await prisma.idempotencyRecord.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({ scope: `apikey:gone-${i}`, key: `old-${i}`, requestHash: "x", status: 201, body: {}, createdAt: longAgo })),
    });
    const expired = () => prisma.idempotencyRecord.count({ where: { createdAt: { lt: new Date(Date.now() - 24 * 3_600_000) } } });
    let total = await prisma.idempotencyRecord.count();
    let calls = 0;
    while ((await expired()) > 0 && calls < 30) {
      const created = await call("createInvitation", { key: adminKey.secret, headers: { "Idempotency-Key": `fresh-${calls}` }, body: { email: `fresh${calls}@example.com`, role: "member" } });
      expect(created.status).toBe(201);
      calls += 1;
      const now = await prisma.idempotencyRecord.count();
      expect(now).toBeLessThanOrEqual(total);
      total = now;
    }
    expect(await expired()).toBe(0);
    expect(calls).toBeLessThan(30);
    expect(await prisma.idempotencyRecord.count({ where: { key: { startsWith: "fresh-" } } })).toBe(calls);

    // An expired record is never replayed: the same key and body run again.
    const request = { key: adminKey.secret, headers: { "Idempotency-Key": "fresh-0" }, body: { email: "fresh0@example.com", role: "member" } };
    const invitationId = (await prisma.invitation.findFirstOrThrow({ where: { organizationId: team.organization.id, email: "fresh0@example.com" } })).id;
    await prisma.idempotencyRecord.updateMany({ where: { key: "fresh-0" }, data: { createdAt: longAgo } });
    const again = await call("createInvitation", request);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(again.status).toBe(409);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } })).status).toBe("PENDING");
  });

  it("runs identical requests sent at the same moment once", async () => {
    const { team, adminKey } = await createWorld();
    const request = { key: adminKey.secret, headers: { "Idempotency-Key": "at-once" }, body: { email: "at-once@example.com", role: "member" } };
    const results = await Promise.all(Array.from({ length: 8 }, () => call("createInvitation", request)));
    const firsts = results.filter((result) => result.status === 201 && result.headers.get("idempotent-replayed") === null);
    expect(firsts).toHaveLength(1);
    // The others replay the response, or are told the first is still running.
    for (const result of results.filter((result) => !firsts.includes(result))) {
      expect(result.status === 201 ? result.json : (result.json as { code: string }).code).toEqual(result.status === 201 ? firsts[0]!.json : "CONFLICT");
    }
    expect(await prisma.invitation.count({ where: { organizationId: team.organization.id, email: "at-once@example.com" } })).toBe(1);
  });

  it("releases the key when the request fails, and refuses malformed keys", async () => {
    const { team, adminKey } = await createWorld();
    const headers = { "Idempotency-Key": "first-try-fails" };
    // Refused inside the operation (already a member): nothing is kept for the key.
    await expectProblem("createInvitation", { key: adminKey.secret, headers, body: { email: team.member.email, role: "member" } }, 409, "CONFLICT");
    const retried = await call("createInvitation", { key: adminKey.secret, headers, body: { email: "fixed@example.com", role: "member" } });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();

    for (const key of ["", "x".repeat(256), "has space", "naïve"]) {
      const problem = await expectProblem(
        "createInvitation",
        { key: adminKey.secret, headers: { "Idempotency-Key": key }, body: { email: "k@example.com", role: "member" } },
        422,
        "VALIDATION",
      );
      expect(Object.keys(problem.errors ?? {})).toEqual(["Idempotency-Key"]);
    }
    expect((await call("createInvitation", { key: adminKey.secret, headers: { "Idempotency-Key": "x".repeat(255) }, body: { email: "k@example.com", role: "member" } })).status).toBe(201);
  });

  it("doesn't keep invitation links readable in idempotency records", async () => {
    const { adminKey } = await createWorld();
    const created = await call("createInvitation", { key: adminKey.secret, headers: { "Idempotency-Key": "secret-link" }, body: { email: "link@example.com", role: "member" } });
    const url = (created.json as { url: string }).url;
    const token = url.slice(url.lastIndexOf("/") + 1);
    const record = await prisma.idempotencyRecord.findFirstOrThrow({ where: { key: "secret-link" } });
    expect(JSON.stringify(record.body).includes(token)).toBe(false);
  });

  it("refuses a replay to a caller who lost the permission since", async () => {
    const { team } = await createWorld();
    const request = { sessionUserId: team.admin.userId, headers: { "Idempotency-Key": "demoted" }, body: { email: "demoted@example.com", role: "member" } };
    expect((await call("createInvitation", request)).status).toBe(201);
    await prisma.member.update({ where: { userId_organizationId: { userId: team.admin.userId, organizationId: team.organization.id } }, data: { role: "MEMBER" } });
    const id = (await prisma.invitation.findFirstOrThrow({ where: { email: "demoted@example.com" } })).id;
    expect((await call("getInvitation", { sessionUserId: team.admin.userId, params: { id } })).status).toBe(403);
    const replay = await call("createInvitation", request);
    expect(replay.status).toBe(403);
  });
});

describe("rate limits", () => {
  it("sends RateLimit-* headers on every authenticated response, counting down", async () => {
    const { team, adminKey } = await createWorld();
    const first = await call("getOrganization", { key: adminKey.secret });
    const second = await call("listMembers", { key: adminKey.secret });
    for (const result of [first, second]) {
      expect(result.headers.get("ratelimit-limit")).toBe("600");
      expect(Number(result.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(1);
      expect(Number(result.headers.get("ratelimit-reset"))).toBeLessThanOrEqual(60);
    }
    expect(Number(first.headers.get("ratelimit-remaining"))).toBe(599);
    expect(Number(second.headers.get("ratelimit-remaining"))).toBe(598);
    // Errors after authentication carry them too; authentication failures don't.
    const refused = await call("removeMember", { sessionUserId: team.member.userId, params: { userId: team.admin.userId } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("ratelimit-remaining")).toBe("599");
    const invalid = await call("listMembers", { key: adminKey.secret, query: { limit: 0 } });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("ratelimit-remaining")).toBe("597");
    const anonymous = await call("getOrganization", {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("ratelimit-limit")).toBeNull();
    // The buckets: one per caller and one per organization, in 60-second windows
    // aligned on the epoch (summed, in case a minute boundary fell mid-test).
    const buckets = await prisma.rateLimitBucket.findMany({
      where: { key: { in: [`api:key:${adminKey.apiKey.id}`, `api:user:${team.member.userId}`, `api:organization:${team.organization.id}`] } },
    });
    expect(buckets.every((bucket) => bucket.windowStart.getTime() % 60_000 === 0)).toBe(true);
    const hits = (key: string) => buckets.filter((bucket) => bucket.key === key).reduce((sum, bucket) => sum + bucket.hits, 0);
    expect([hits(`api:key:${adminKey.apiKey.id}`), hits(`api:user:${team.member.userId}`), hits(`api:organization:${team.organization.id}`)]).toEqual([3, 1, 4]);
  });

  it("answers 429 with Retry-After once the caller's bucket holds 600 hits, changing nothing", async () => {
    const { team, target, adminKey } = await createWorld();
    await fillBucket(`api:key:${adminKey.apiKey.id}`, 600);
    const before = await state();
    for (const [operationId, options] of [
      ["createInvitation", { body: { email: "late@example.com", role: "member" } }],
      ["changeMemberRole", { params: { userId: target.id }, body: { role: "admin" } }],
      ["removeMember", { params: { userId: target.id } }],
      ["getOrganization", {}],
    ] as [string, CallOptions][]) {
      const result = await call(operationId, { key: adminKey.secret, ...options });
      expect(result.status).toBe(429);
      expect(result.json).toMatchObject({ status: 429, code: "RATE_LIMITED" });
      const retryAfter = Number(result.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    expect(await state()).toEqual(before);
    // Per caller: the Owner's session and another key are not limited.
    expect((await call("getOrganization", { sessionUserId: team.owner.userId })).status).toBe(200);
    const otherKey = await createApiKeyActor(team.owner, "MEMBER", "Other key");
    expect((await call("getOrganization", { key: otherKey.secret })).status).toBe(200);

    // Sessions are limited per user.
    await fillBucket(`api:user:${team.admin.userId}`, 600);
    const session = await call("changeMemberRole", { sessionUserId: team.admin.userId, params: { userId: target.id }, body: { role: "admin" } });
    expect(session.status).toBe(429);
    expect(await roleOf(team.organization.id, target.id)).toBe("MEMBER");
  });

  it("limits a whole organization at 3000 a minute, other organizations unaffected", async () => {
    const { team, adminKey } = await createWorld();
    const other = await createWorld();
    await fillBucket(`api:organization:${team.organization.id}`, 3000);
    const before = await state();
    for (const options of [{ key: adminKey.secret }, { sessionUserId: team.member.userId }]) {
      const result = await call("createInvitation", { ...options, body: { email: "many@example.com", role: "member" } });
      expect(result.status).toBe(429);
      expect(result.headers.get("retry-after")).toEqual(expect.stringMatching(/^\d+$/));
    }
    expect(await state()).toEqual(before);
    expect((await call("getOrganization", { key: other.adminKey.secret })).status).toBe(200);
  });

  it("sends RateLimit-* headers with a 429 too", async () => {
    const { adminKey } = await createWorld();
    await fillBucket(`api:key:${adminKey.apiKey.id}`, 600);
    const result = await call("getOrganization", { key: adminKey.secret });
    expect(result.status).toBe(429);
    expect(result.headers.get("ratelimit-limit")).toBe("600");
    expect(result.headers.get("ratelimit-remaining")).toBe("0");
    expect(result.headers.get("ratelimit-reset")).toBe(result.headers.get("retry-after"));
  });
});

describe("failed authentication", () => {
  const from = (ip: string, options: CallOptions = {}): CallOptions => ({ ...options, headers: { ...options.headers, "X-Forwarded-For": ip } });
  // Every kind of failure: an unknown well-formed key, a malformed one, a revoked one, another scheme,
  // a forged session cookie, no credentials at all.
  const failing = (revokedSecret: string): CallOptions[] => [
    { key: `thk_${"A".repeat(43)}` },
    { key: "not-a-key" },
    { key: revokedSecret },
    { headers: { Authorization: "Basic dXNlcjpwYXNz" } },
    { headers: { Cookie: "authjs.session-token=forged" } },
    {},
  ];

  it("answers 429 with Retry-After after 100 failures from an address in 15 minutes, then writes nothing more", async () => {
    const { team, adminKey, revokedKey } = await createApiTeam();
    const attacker = "198.51.100.66";
    const kinds = failing(revokedKey.secret);
    for (let i = 0; i < 100; i += 1) {
      const result = await call("getOrganization", from(attacker, kinds[i % kinds.length]));
      expect(result.status).toBe(401);
    }
    const rows = await prisma.rateLimitBucket.count();
    for (const options of kinds) {
      const problem = await expectProblem("getOrganization", from(attacker, options), 429, "RATE_LIMITED");
      expect(problem.detail).toMatch(/invalid credentials/);
    }
    const result = await call("createInvitation", from(attacker, { key: `thk_${"B".repeat(43)}`, body: { email: "x@example.com", role: "member" } }));
    expect(result.status).toBe(429);
    const retryAfter = Number(result.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Refusals add no rows, and the count stops at the limit.
    expect(await prisma.rateLimitBucket.count()).toBe(rows);
    expect(await hitsOf(`api:failed-authentication:ip:${attacker}`)).toBe(100);

    // Valid credentials from the same (shared) address still work: neighbours can't lock a program out.
    expect((await call("getOrganization", from(attacker, { key: adminKey.secret }))).status).toBe(200);
    expect((await call("getOrganization", from(attacker, { sessionUserId: team.owner.userId }))).status).toBe(200);
    // Other addresses are unaffected.
    expect((await call("getOrganization", from("198.51.100.67", { key: adminKey.secret }))).status).toBe(200);
    expect((await call("getOrganization", from("198.51.100.67"))).status).toBe(401);
  });

  it("counts only failures: valid credentials use none of their address's allowance", async () => {
    const { team, adminKey, revokedKey } = await createApiTeam();
    const office = "198.51.100.70";
    await fillBucket(`api:failed-authentication:ip:${office}`, 99, 15 * 60);
    for (let i = 0; i < 20; i += 1) {
      expect((await call("getOrganization", from(office, { key: adminKey.secret }))).status).toBe(200);
      expect((await call("listMembers", from(office, { sessionUserId: team.owner.userId }))).status).toBe(200);
    }
    // Refusals after authentication aren't authentication failures either.
    expect((await call("removeMember", from(office, { sessionUserId: team.member.userId, params: { userId: team.admin.userId } }))).status).toBe(403);
    expect((await call("listMembers", from(office, { key: adminKey.secret, query: { limit: 0 } }))).status).toBe(422);
    expect((await call("getOrganization", from(office, { key: revokedKey.secret }))).status).toBe(401);
    expect((await call("getOrganization", from(office, { key: revokedKey.secret }))).status).toBe(429);
  });
});

describe("browser sessions", () => {
  const patchAs = (userId: string, extra: CallOptions) => ({ sessionUserId: userId, params: { userId: world.target.id }, body: { role: "admin" }, ...extra });

  it("refuse state-changing requests that aren't same-origin with 403, changing nothing", async () => {
    const owner = world.team.owner.userId;
    for (const extra of [
      { fetchSite: "cross-site" },
      { fetchSite: "same-site" },
      { fetchSite: "none" },
      { fetchSite: null },
      { fetchSite: null, headers: { Origin: "https://evil.example", Host: "localhost:3000" } },
      { fetchSite: null, headers: { Origin: "http://localhost:3000.evil.example", Host: "localhost:3000" } },
      { fetchSite: null, headers: { Origin: "null", Host: "localhost:3000" } },
      // Sec-Fetch-Site wins over a matching Origin.
      { fetchSite: "cross-site", headers: { Origin: "http://localhost:3000", Host: "localhost:3000" } },
    ] as CallOptions[]) {
      const problem = await expectProblem("changeMemberRole", patchAs(owner, extra), 403, "FORBIDDEN");
      expect(problem.detail).toMatch(/Cross-site/);
    }
    await expectProblem("removeMember", { sessionUserId: owner, params: { userId: world.target.id }, fetchSite: "cross-site" }, 403, "FORBIDDEN");
    await expectProblem("createInvitation", { sessionUserId: owner, body: { email: "csrf@example.com", role: "admin" }, fetchSite: "cross-site" }, 403, "FORBIDDEN");
    expect(await roleOf(world.team.organization.id, world.target.id)).toBe("MEMBER");
  });

  it("accept a state-changing request whose Origin names this host, and reads from anywhere", async () => {
    const { team, target } = await createWorld();
    const result = await call("changeMemberRole", {
      sessionUserId: team.owner.userId,
      params: { userId: target.id },
      body: { role: "admin" },
      fetchSite: null,
      headers: { Origin: "http://localhost:3000", Host: "localhost:3000" },
    });
    expect(result.status).toBe(200);
    expect(await roleOf(team.organization.id, target.id)).toBe("ADMIN");
    // Safe methods need no same-origin proof.
    expect((await call("listMembers", { sessionUserId: team.owner.userId, headers: { "Sec-Fetch-Site": "cross-site" } })).status).toBe(200);
    // An API key needs none either.
    const key = await createApiKeyActor(team.owner, "ADMIN", "Script");
    const byKey = await call("changeMemberRole", { key: key.secret, params: { userId: target.id }, body: { role: "member" }, headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(byKey.status).toBe(200);
  });

  it("act in the session's active organization; bad or foreign credentials are 401", async () => {
    const { team } = await createWorld();
    const organization = await call("getOrganization", { sessionUserId: team.member.userId });
    expect(organization.json).toMatchObject({ id: team.organization.id, role: "member" });
    await prisma.user.update({ where: { id: team.member.userId }, data: { activeOrganizationId: team.users.member.personalOrganizationId } });
    const personal = await call("getOrganization", { sessionUserId: team.member.userId });
    expect(personal.json).toMatchObject({ id: team.users.member.personalOrganizationId, role: "owner", personal: true });

    await expectProblem("getOrganization", { headers: { Cookie: "authjs.session-token=forged" } }, 401, "UNAUTHENTICATED");
    await expectProblem("getOrganization", { sessionUserId: "5f0c1a52-8a7e-4d0b-9c7e-3f1b2a4d5e6f" }, 401, "UNAUTHENTICATED");
    // An Authorization header decides, even next to a valid session.
    await expectProblem("getOrganization", { sessionUserId: team.owner.userId, headers: { Authorization: "Bearer thk_nope" } }, 401, "UNAUTHENTICATED");
    await expectProblem("getOrganization", { headers: { Authorization: "Basic dXNlcjpwYXNz" } }, 401, "UNAUTHENTICATED");
    await expectProblem("getOrganization", { headers: { Authorization: "Bearer" } }, 401, "UNAUTHENTICATED");
  });
});

describe("attribution", () => {
  it("records API-key mutations as the key's, on behalf of its creator", async () => {
    const { team, target, adminKey } = await createWorld();
    const headers = { "X-Forwarded-For": "198.51.100.23" };
    expect((await call("changeMemberRole", { key: adminKey.secret, params: { userId: target.id }, body: { role: "admin" }, headers })).status).toBe(200);
    const created = await call("createInvitation", { key: adminKey.secret, body: { email: "bot@example.com", role: "member" }, headers });
    const invitationId = (created.json as { id: string; invitedBy: { id: string } }).id;
    expect(created.json).toMatchObject({ invitedBy: { id: team.owner.userId } });
    expect((await call("removeMember", { sessionUserId: team.owner.userId, params: { userId: target.id }, headers })).status).toBe(204);

    const rows = await prisma.auditLog.findMany({
      where: { organizationId: team.organization.id, action: { in: ["member.role_changed", "invitation.created", "member.removed"] } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((row) => [row.action, row.actorUserId, row.actorApiKeyId, row.actorName, row.ip, row.targetId])).toEqual([
      ["member.role_changed", team.owner.userId, adminKey.apiKey.id, "Admin key (API key of Olivia Owner)", "198.51.100.23", target.id],
      ["invitation.created", team.owner.userId, adminKey.apiKey.id, "Admin key (API key of Olivia Owner)", "198.51.100.23", invitationId],
      ["member.removed", team.owner.userId, null, "Olivia Owner", "198.51.100.23", target.id],
    ]);
    // And GET /audit-log says so.
    const log = await call("listAuditLog", { key: adminKey.secret, query: { action: "member.role_changed" } });
    expect((log.json as { data: unknown[] }).data).toEqual([
      expect.objectContaining({
        actor: { userId: team.owner.userId, apiKeyId: adminKey.apiKey.id, name: "Admin key (API key of Olivia Owner)", email: team.owner.email },
        sentence: "Admin key (API key of Olivia Owner) changed Tom Target's role from Member to Admin",
      }),
    ]);
  });
});

describe("what a Member-role key sees", () => {
  it("lists members without others' emails or activity, and can't search by email", async () => {
    const { team } = await createWorld();
    const memberKey = await createApiKeyActor(team.owner, "MEMBER", "Read-only key");
    const result = await call("listMembers", { key: memberKey.secret });
    expect(result.status).toBe(200);
    const rows = (result.json as { data: { userId: string; email: string | null; lastActiveAt: string | null }[] }).data;
    const others = rows.filter((row) => row.userId !== team.owner.userId);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((row) => row.email === null && row.lastActiveAt === null)).toBe(true);
    // The Admin's address finds nobody; their name finds them.
    const byEmail = await call("listMembers", { key: memberKey.secret, query: { q: team.admin.email } });
    expect((byEmail.json as { data: unknown[] }).data).toEqual([]);
    const byName = await call("listMembers", { key: memberKey.secret, query: { q: "Adam" } });
    expect((byName.json as { data: { userId: string }[] }).data.map((row) => row.userId)).toEqual([team.admin.userId]);
  });
});

describe("keyset pagination through the API", () => {
  it("pages 63 members 25 at a time without repeats or gaps, in joining order", async () => {
    const { team, adminKey } = await createWorld();
    const users = await createUsers(59, (index) => `Paged ${index}`);
    // One statement: they share a joined_at, so only the id orders them.
    await prisma.member.createMany({ data: users.map((user) => ({ organizationId: team.organization.id, userId: user.id, role: "MEMBER" as const })) });

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const result = await call("listMembers", { key: adminKey.secret, query: { limit: 25, cursor } });
      expect(result.status).toBe(200);
      const page = result.json as { data: { userId: string }[]; nextCursor: string | null };
      pages.push(page.data.map((row) => row.userId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && pages.length < 10);

    expect(pages.map((page) => page.length)).toEqual([25, 25, 13]);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(63);
    const expected = await prisma.member.findMany({ where: { organizationId: team.organization.id }, orderBy: [{ joinedAt: "asc" }, { id: "asc" }] });
    expect(seen).toEqual(expected.map((row) => row.userId));
    // A member joining meanwhile shows up on a later page, not as a repeat.
    const [late] = await createUsers(1, () => "Late Joiner");
    const firstPage = await call("listMembers", { key: adminKey.secret, query: { limit: 25 } });
    await addMember(team.organization.id, late!.id, "MEMBER");
    const rest: string[] = [];
    cursor = (firstPage.json as { nextCursor: string }).nextCursor;
    while (cursor) {
      const page = (await call("listMembers", { key: adminKey.secret, query: { limit: 25, cursor } })).json as { data: { userId: string }[]; nextCursor: string | null };
      rest.push(...page.data.map((row) => row.userId));
      cursor = page.nextCursor ?? undefined;
    }
    expect(rest).toHaveLength(39);
    expect(rest[rest.length - 1]).toBe(late!.id);
  });
});
