import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { GET as openApiRoute } from "@/app/api/v1/openapi.json/route";
import type { AnyEndpoint } from "@/lib/api/endpoint";
import { ENDPOINTS } from "@/lib/api/endpoints";
import { openApiDocument } from "@/lib/api/openapi";
import { prisma } from "@/lib/db/client";
import { createApiKey, revokeApiKey } from "@/lib/services/api-keys";
import { EVENT_TYPES } from "@/lib/services/events/records";
import { cancelInvitation, createInvitation, resendInvitation } from "@/lib/services/invitations/manage";
import { acceptInvitation, rejectInvitation } from "@/lib/services/invitations/respond";
import { changeMemberRole, leaveOrganization, removeMember } from "@/lib/services/members";
import { deleteOrganization, renameOrganization } from "@/lib/services/organizations";
import { sendTestEvent } from "@/lib/services/webhooks/deliveries";
import { createWebhookEndpoint } from "@/lib/services/webhooks/endpoints";
import { callApi, createApiTeam, type ApiResult, type CallOptions } from "../helpers/api";
import { actorIn, addMember, createApiKeyActor, createTeam, createUser, createUsers } from "../helpers/factories";
import { eventually, startTestWorker } from "../helpers/jobs";
import { startWebhookReceiver } from "../helpers/webhook-receiver";
import { fillBucket } from "../helpers/rate-limits";

jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);

/**
 * The OpenAPI document is the contract: every response the API gives here,
 * success or problem, must be documented for its operation and status and
 * validate against the documented schema.
 */

type MediaTypes = Record<string, { schema: Record<string, unknown> }>;
type Operation = {
  operationId: string;
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean; content: MediaTypes };
  responses: Record<string, { description: string; content?: MediaTypes }>;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, { post: Operation }>;
  components: { schemas: Record<string, unknown> };
};

const ORIGIN = "https://teamhub.test";
const doc = openApiDocument() as unknown as Document;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, "openapi");

const pointer = (...segments: string[]) => `openapi#/${segments.map((segment) => segment.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;

function validator(...segments: string[]) {
  const validate = ajv.getSchema(pointer(...segments));
  if (!validate) throw new Error(`no schema at ${segments.join(" ")}`);
  return validate;
}

const operationOf = (endpoint: AnyEndpoint): Operation | undefined => doc.paths[endpoint.path]?.[endpoint.method.toLowerCase()];
const endpointById = new Map(ENDPOINTS.map((endpoint) => [endpoint.operationId, endpoint]));
const op = (operationId: string) => endpointById.get(operationId)!;

/** Statuses seen per operation, to check every operation's success and an error were exercised. */
const seen = new Map<string, Set<number>>();

function expectDocumented(endpoint: AnyEndpoint, result: ApiResult) {
  const method = endpoint.method.toLowerCase();
  const documented = operationOf(endpoint)?.responses[String(result.status)];
  expect({ operation: endpoint.operationId, status: result.status, documented: documented !== undefined }).toEqual({
    operation: endpoint.operationId,
    status: result.status,
    documented: true,
  });
  if (!documented!.content) {
    expect(result.text).toBe("");
    expect(result.headers.get("content-type")).toBeNull();
  } else {
    const mediaTypes = Object.keys(documented!.content);
    expect(mediaTypes).toEqual([result.status < 400 ? "application/json" : "application/problem+json"]);
    expect(result.headers.get("content-type")).toBe(mediaTypes[0]);
    const validate = validator("paths", endpoint.path, method, "responses", String(result.status), "content", mediaTypes[0]!, "schema");
    validate(result.json);
    expect({ operation: endpoint.operationId, status: result.status, errors: validate.errors ?? null }).toEqual({
      operation: endpoint.operationId,
      status: result.status,
      errors: null,
    });
  }
  const statuses = seen.get(endpoint.operationId) ?? new Set<number>();
  statuses.add(result.status);
  seen.set(endpoint.operationId, statuses);
}

/** Calls an operation and checks the response against the document; returns it for further checks. */
async function api(operationId: string, options: CallOptions, status: number) {
  const endpoint = op(operationId);
  const result = await callApi(endpoint, options);
  expect({ operationId, status: result.status }).toEqual({ operationId, status });
  expectDocumented(endpoint, result);
  return result;
}

async function createWorld() {
  const world = await createApiTeam();
  const { team } = world;
  const active = await createInvitation(team.owner, { email: "active@example.com", role: "ADMIN" }, ORIGIN);
  const cancelled = await createInvitation(team.owner, { email: "cancelled@example.com", role: "MEMBER" }, ORIGIN);
  await cancelInvitation(team.owner, { id: cancelled.id });
  const expired = await createInvitation(team.admin, { email: "expired@example.com", role: "MEMBER", expiresInDays: 1 }, ORIGIN);
  await prisma.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const accepted = await createInvitation(team.owner, { email: "accepted@example.com", role: "MEMBER" }, ORIGIN);
  await prisma.invitation.update({ where: { id: accepted.id }, data: { status: "ACCEPTED", respondedAt: new Date() } });
  // Cancelled automatically: its inviter was removed.
  const departing = await createUser("Dora Departing");
  await addMember(team.organization.id, departing.id, "ADMIN");
  const inviterRemoved = await createInvitation(await actorIn(departing.id, team.organization.id), { email: "inviter-removed@example.com", role: "ADMIN" }, ORIGIN);
  await removeMember(team.owner, { userId: departing.id });
  return { ...world, invitations: { active, cancelled, expired, accepted, inviterRemoved } };
}

type World = Awaited<ReturnType<typeof createWorld>>;
let world: World;
const unknownId = "5f0c1a52-8a7e-4d0b-9c7e-3f1b2a4d5e6f";

beforeAll(async () => {
  world = await createWorld();
});

describe("the OpenAPI document", () => {
  // /api-docs shows these as each operation's example request (its curl) and response.
  it("has an example for every request body and JSON response, one the API itself accepts or would return", () => {
    for (const endpoint of ENDPOINTS) {
      const method = endpoint.method.toLowerCase();
      const operation = operationOf(endpoint)!;
      const body = operation.requestBody?.content["application/json"] as { example?: unknown } | undefined;
      if (endpoint.body) {
        expect({ operation: endpoint.operationId, hasExample: body?.example !== undefined }).toEqual({ operation: endpoint.operationId, hasExample: true });
        expect({ operation: endpoint.operationId, accepted: endpoint.body.safeParse(body!.example).success }).toEqual({ operation: endpoint.operationId, accepted: true });
      }
      const success = operation.responses[String(endpoint.success.status)]!.content?.["application/json"] as { example?: unknown } | undefined;
      if (!success) continue;
      const validate = validator("paths", endpoint.path, method, "responses", String(endpoint.success.status), "content", "application/json", "schema");
      validate(success.example);
      expect({ operation: endpoint.operationId, hasExample: success.example !== undefined, errors: validate.errors ?? null }).toEqual({
        operation: endpoint.operationId,
        hasExample: true,
        errors: null,
      });
    }
  });

  it("is OpenAPI 3.1 and has every operation of ENDPOINTS under its path and method, and nothing else", async () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const endpoint of ENDPOINTS) {
      const operation = operationOf(endpoint);
      expect({ path: endpoint.path, method: endpoint.method, operationId: operation?.operationId }).toEqual({
        path: endpoint.path,
        method: endpoint.method,
        operationId: endpoint.operationId,
      });
      // Every {param} of the path is a required path parameter.
      const templated = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      expect(operation!.parameters.filter((parameter) => parameter.in === "path").map((parameter) => [parameter.name, parameter.required])).toEqual(
        templated.map((name) => [name, true]),
      );
      expect(operation!.responses[String(endpoint.success.status)]).toBeDefined();
      expect(operation!.responses["401"]).toBeDefined();
      expect(operation!.requestBody !== undefined).toBe(endpoint.body !== undefined);
    }
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    expect(operations.map((operation) => operation.operationId).sort()).toEqual(ENDPOINTS.map((endpoint) => endpoint.operationId).sort());
  });

  it("is what GET /api/v1/openapi.json serves", async () => {
    const response = openApiRoute();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it("documents a POST /invitations body that refuses unknown fields and Owner invitations", () => {
    const validate = validator("paths", "/invitations", "post", "requestBody", "content", "application/json", "schema");
    expect(validate({ email: "new@example.com", role: "member" })).toBe(true);
    expect(validate({ email: "new@example.com", role: "admin", expiresInDays: 30 })).toBe(true);
    expect(validate({ email: "new@example.com", role: "admin", sendEmail: false })).toBe(true);
    expect(validate({ email: "new@example.com", role: "admin", sendEmail: "yes" })).toBe(false);
    expect(validate({ email: "new@example.com", role: "member", admin: true })).toBe(false);
    expect(validate.errors).toEqual([expect.objectContaining({ keyword: "additionalProperties", params: { additionalProperty: "admin" } })]);
    expect(validate({ email: "new@example.com", role: "owner" })).toBe(false);
    // One spelling of enum values: lowercase.
    expect(validate({ email: "new@example.com", role: "MEMBER" })).toBe(false);
    expect(validate({ email: "new@example.com", role: "member", expiresInDays: 31 })).toBe(false);
    expect(validate({ role: "member" })).toBe(false);
    // PATCH /members/{userId} too.
    const patch = validator("paths", "/members/{userId}", "patch", "requestBody", "content", "application/json", "schema");
    expect(patch({ role: "admin" })).toBe(true);
    expect(patch({ role: "admin", userId: unknownId })).toBe(false);
  });

  it("has response schemas strict enough to catch a wrong shape", () => {
    const organization = validator("paths", "/organization", "get", "responses", "200", "content", "application/json", "schema");
    expect(organization({ id: unknownId, name: "Acme", personal: false, role: "admin" })).toBe(true);
    expect(organization({ id: "acme", name: "Acme", personal: false, role: "admin" })).toBe(false);
    expect(organization({ id: unknownId, name: "Acme", personal: false, role: "admin", secret: "x" })).toBe(false);
    const problem = validator("paths", "/organization", "get", "responses", "401", "content", "application/problem+json", "schema");
    expect(problem({ type: "about:blank", title: "t", status: 401, detail: "d", code: "UNAUTHENTICATED" })).toBe(true);
    expect(problem({ type: "about:blank", title: "t", status: 401, detail: "d", code: "NOPE" })).toBe(false);
    expect(problem({ type: "about:blank", title: "t", status: 401, code: "UNAUTHENTICATED" })).toBe(false);
    const invitation = validator("paths", "/invitations/{id}", "get", "responses", "200", "content", "application/json", "schema");
    expect(invitation({})).toBe(false);
    const valid = {
      id: unknownId,
      email: "a@example.com",
      role: "admin",
      status: "cancelled",
      url: null,
      expiresAt: "2026-12-01T00:00:00.000Z",
      createdAt: "2026-11-24T00:00:00.000Z",
      respondedAt: null,
      invitedBy: { id: null, name: "Ada", email: "ada@example.com" },
      cancelReason: "inviter_left",
      emailStatus: null,
      emailSentAt: null,
    };
    expect(invitation(valid)).toBe(true);
    expect(invitation({ ...valid, emailStatus: "sent", emailSentAt: "2026-11-24T00:01:00.000Z" })).toBe(true);
    expect(invitation({ ...valid, emailStatus: "bounced" })).toBe(false);
    // An invitation never carries owner; values are lowercase only.
    expect(invitation({ ...valid, role: "owner" })).toBe(false);
    expect(invitation({ ...valid, role: "ADMIN" })).toBe(false);
    expect(invitation({ ...valid, status: "ACTIVE" })).toBe(false);
    expect(invitation({ ...valid, cancelReason: "because" })).toBe(false);
    const { cancelReason: _omitted, ...withoutReason } = valid;
    expect(invitation(withoutReason)).toBe(false);
  });

  it("describes every event under `webhooks`, with the Standard Webhooks headers", () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...EVENT_TYPES, "webhook.test"].sort());
    for (const [type, { post }] of Object.entries(doc.webhooks)) {
      expect(post.parameters.map((parameter) => [parameter.name, parameter.in, parameter.required])).toEqual([
        ["webhook-id", "header", true],
        ["webhook-timestamp", "header", true],
        ["webhook-signature", "header", true],
      ]);
      const validate = validator("webhooks", type, "post", "requestBody", "content", "application/json", "schema");
      expect(validate({ id: "evt_1", type, timestamp: "2026-12-01T00:00:00.000Z", data: {} })).toBe(false);
    }
    const roleChanged = validator("webhooks", "member.role_changed", "post", "requestBody", "content", "application/json", "schema");
    const member = { userId: unknownId, name: "Ada", email: "ada@example.com", role: "admin", joinedAt: "2026-11-01T00:00:00.000Z", lastActiveAt: null };
    const event = { id: "evt_1", type: "member.role_changed", timestamp: "2026-12-01T00:00:00.000Z", data: { member, previous: { role: "member" } } };
    expect(roleChanged(event)).toBe(true);
    expect(roleChanged({ ...event, type: "member.added" })).toBe(false);
    expect(roleChanged({ ...event, data: { member, previous: { role: "KING" } } })).toBe(false);
    expect(roleChanged({ ...event, data: { member, previous: { role: "MEMBER" } } })).toBe(false);
    expect(roleChanged({ ...event, data: { member: { ...member, role: undefined }, previous: { role: "member" } } })).toBe(false);
  });

  it("compiles every schema it contains", () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          for (const mediaType of Object.keys(response.content ?? {})) {
            expect(() => validator("paths", path, method, "responses", status, "content", mediaType, "schema")).not.toThrow();
          }
        }
      }
    }
  });
});

describe("every response matches the document", () => {
  it("GET /organization", async () => {
    const { team, adminKey, memberKey, revokedKey } = world;
    const byKey = await api("getOrganization", { key: adminKey.secret }, 200);
    expect(byKey.json).toEqual({ id: team.organization.id, name: "Acme", personal: false, role: "admin" });
    await api("getOrganization", { key: memberKey.secret }, 200);
    await api("getOrganization", { sessionUserId: team.owner.userId }, 200);
    await api("getOrganization", {}, 401);
    await api("getOrganization", { key: revokedKey.secret }, 401);
    await api("getOrganization", { key: "thk_not-a-key" }, 401);
  });

  it("GET /members", async () => {
    const { team, memberKey } = world;
    const asOwner = await api("listMembers", { sessionUserId: team.owner.userId }, 200);
    expect((asOwner.json as { data: { email: string | null }[] }).data.every((row) => row.email !== null)).toBe(true);
    const asMember = await api("listMembers", { key: memberKey.secret, query: { limit: 2 } }, 200);
    const page = asMember.json as { data: { email: string | null }[]; nextCursor: string | null };
    expect(page.nextCursor).toEqual(expect.any(String));
    await api("listMembers", { key: memberKey.secret, query: { cursor: page.nextCursor!, q: "a" } }, 200);
    await api("listMembers", { key: memberKey.secret, query: { limit: 0 } }, 422);
    await api("listMembers", { key: memberKey.secret, query: { cursor: "garbage" } }, 422);
    await api("listMembers", { key: memberKey.secret, query: { sort: "name" } }, 422);
  });

  it("PATCH /members/{userId}", async () => {
    const { team, target, adminKey, memberKey } = world;
    const changed = await api("changeMemberRole", { key: adminKey.secret, params: { userId: target.id }, body: { role: "admin" } }, 200);
    expect(changed.json).toMatchObject({ userId: target.id, role: "admin" });
    await api("changeMemberRole", { sessionUserId: team.owner.userId, params: { userId: target.id }, body: { role: "member" } }, 200);
    await api("changeMemberRole", { key: memberKey.secret, params: { userId: target.id }, body: { role: "admin" } }, 403);
    await api("changeMemberRole", { key: adminKey.secret, params: { userId: unknownId }, body: { role: "admin" } }, 404);
    await api("changeMemberRole", { key: adminKey.secret, params: { userId: "not-a-uuid" }, body: { role: "admin" } }, 404);
    await api("changeMemberRole", { key: adminKey.secret, params: { userId: target.id }, body: { role: "admin", note: "x" } }, 422);
    await api("changeMemberRole", { key: adminKey.secret, params: { userId: target.id }, body: { role: "KING" } }, 422);
    await api("changeMemberRole", { key: adminKey.secret, params: { userId: target.id }, rawBody: "{role:", headers: { "Content-Type": "application/json" } }, 400);
    await api("changeMemberRole", { key: adminKey.secret, params: { userId: target.id }, rawBody: "role=ADMIN", headers: { "Content-Type": "text/plain" } }, 415);
    const huge = JSON.stringify({ role: "admin", pad: "x".repeat(70 * 1024) });
    await api("changeMemberRole", { key: adminKey.secret, params: { userId: target.id }, rawBody: huge, headers: { "Content-Type": "application/json" } }, 413);
    await api("changeMemberRole", { params: { userId: target.id }, body: { role: "admin" } }, 401);
  });

  it("DELETE /members/{userId}", async () => {
    const { team, adminKey, memberKey } = world;
    const [leaving] = await createUsers(1, () => "Lea Leaving");
    await addMember(team.organization.id, leaving!.id, "MEMBER");
    await api("removeMember", { key: memberKey.secret, params: { userId: leaving!.id } }, 403);
    await api("removeMember", { key: adminKey.secret, params: { userId: "1234" } }, 404);
    await api("removeMember", { key: adminKey.secret, params: { userId: leaving!.id } }, 204);
    await api("removeMember", { key: adminKey.secret, params: { userId: leaving!.id } }, 404);
  });

  it("POST /organization/transfer-ownership", async () => {
    const { team, target, adminKey } = await createWorld();
    await api("transferOwnership", { key: adminKey.secret, body: { userId: target.id } }, 403);
    await api("transferOwnership", { sessionUserId: team.owner.userId, body: { userId: unknownId } }, 404);
    await api("transferOwnership", { sessionUserId: team.owner.userId, body: { userId: "1234" } }, 422);
    await api("transferOwnership", { sessionUserId: team.owner.userId, body: { userId: target.id, keep: true } }, 422);
    await api("transferOwnership", { sessionUserId: team.owner.userId, rawBody: "{userId:", headers: { "Content-Type": "application/json" } }, 400);
    await api("transferOwnership", { sessionUserId: team.owner.userId, rawBody: "userId=1", headers: { "Content-Type": "text/plain" } }, 415);
    const moved = await api("transferOwnership", { sessionUserId: team.owner.userId, body: { userId: target.id } }, 200);
    expect(moved.json).toMatchObject({ owner: { userId: target.id, role: "owner" }, previousOwner: { userId: team.owner.userId, role: "admin" } });
    // Now an Admin, the former Owner is refused.
    await api("transferOwnership", { sessionUserId: team.owner.userId, body: { userId: target.id } }, 403);
  });

  it("GET /invitations", async () => {
    const { team, adminKey, memberKey, invitations } = world;
    const all = await api("listInvitations", { key: adminKey.secret }, 200);
    const rows = (all.json as { data: { id: string; status: string; url: string | null; cancelReason: string | null }[] }).data;
    expect(Object.fromEntries(rows.map((row) => [row.id, [row.status, row.cancelReason]]))).toMatchObject({
      [invitations.active.id]: ["active", null],
      [invitations.cancelled.id]: ["cancelled", "manual"],
      [invitations.inviterRemoved.id]: ["cancelled", "inviter_removed"],
      [invitations.expired.id]: ["expired", null],
      [invitations.accepted.id]: ["accepted", null],
    });
    expect(rows.every((row) => row.url === null)).toBe(true);
    for (const status of ["active", "expired", "accepted", "rejected", "cancelled"]) {
      await api("listInvitations", { sessionUserId: team.admin.userId, query: { status, limit: 1 } }, 200);
    }
    await api("listInvitations", { key: memberKey.secret }, 403);
    await api("listInvitations", { key: adminKey.secret, query: { status: "pending" } }, 422);
    await api("listInvitations", { key: adminKey.secret, query: { limit: 101 } }, 422);
  });

  it("POST /invitations", async () => {
    const { team, adminKey, memberKey } = world;
    const created = await api("createInvitation", { key: adminKey.secret, body: { email: "New.Person@Example.com", role: "member", expiresInDays: 3 } }, 201);
    expect(created.json).toMatchObject({ email: "new.person@example.com", role: "member", status: "active", url: expect.any(String), respondedAt: null, emailStatus: null });
    // This server sends no email: asking for one is refused; with email on, it is queued.
    await api("createInvitation", { key: adminKey.secret, body: { email: "mailed@example.com", role: "member", sendEmail: true } }, 409);
    await api("createInvitation", { key: adminKey.secret, body: { email: "mailed@example.com", role: "member", sendEmail: "yes" } }, 422);
    process.env.SMTP_URL = "smtp://127.0.0.1:9";
    try {
      const mailed = await api("createInvitation", { key: adminKey.secret, body: { email: "mailed@example.com", role: "member" } }, 201);
      expect(mailed.json).toMatchObject({ emailStatus: "queued", emailSentAt: null });
    } finally {
      delete process.env.SMTP_URL;
    }
    const idempotent = { key: adminKey.secret, headers: { "Idempotency-Key": "contract-1" }, body: { email: "idem@example.com", role: "admin" } };
    const first = await api("createInvitation", idempotent, 201);
    const replay = await api("createInvitation", idempotent, 201);
    expect(replay.json).toEqual(first.json);
    await api("createInvitation", { ...idempotent, body: { email: "other@example.com", role: "admin" } }, 409);
    await api("createInvitation", { key: adminKey.secret, body: { email: "new.person@example.com", role: "member" } }, 409);
    const member = await api("createInvitation", { key: adminKey.secret, body: { email: team.member.email, role: "member" } }, 409);
    expect(member.json).toMatchObject({ code: "CONFLICT", errors: { email: [`${team.member.email} is already a member of this organization.`] } });
    const uppercase = await api("createInvitation", { key: adminKey.secret, body: { email: "x@example.com", role: "MEMBER" } }, 422);
    expect(uppercase.json).toMatchObject({ code: "VALIDATION", errors: { role: ["Use one of: admin, member."] } });
    await api("createInvitation", { key: adminKey.secret, body: { email: "x@example.com", role: "owner" } }, 422);
    await api("createInvitation", { key: adminKey.secret, body: { email: "x@example.com", role: "member", admin: true } }, 422);
    await api("createInvitation", { key: memberKey.secret, body: { email: "x@example.com", role: "member" } }, 403);
    await api("createInvitation", { key: adminKey.secret, rawBody: '{"email": "x@example.com",', headers: { "Content-Type": "application/json" } }, 400);
    await api("createInvitation", { key: adminKey.secret, rawBody: "email=x@example.com", headers: { "Content-Type": "application/x-www-form-urlencoded" } }, 415);
    const huge = JSON.stringify({ email: "x@example.com", role: "member", pad: "x".repeat(65 * 1024) });
    await api("createInvitation", { key: adminKey.secret, rawBody: huge, headers: { "Content-Type": "application/json" } }, 413);
  });

  it("POST /invitations/batch", async () => {
    const { team, adminKey, memberKey, invitations } = world;
    const answered = await api(
      "createInvitationBatch",
      { key: adminKey.secret, body: { emails: ["Batch.One@Example.com", "batch.one@example.com", team.member.email, invitations.active.email, "nope"], role: "member", expiresInDays: 3 } },
      200,
    );
    expect((answered.json as { results: { status: string }[] }).results.map((result) => result.status)).toEqual(["invited", "already_member", "already_invited", "invalid"]);
    const idempotent = { key: adminKey.secret, headers: { "Idempotency-Key": "contract-batch" }, body: { emails: ["batch.two@example.com"], role: "admin" } };
    const first = await api("createInvitationBatch", idempotent, 200);
    expect((await api("createInvitationBatch", idempotent, 200)).json).toEqual(first.json);
    await api("createInvitationBatch", { ...idempotent, body: { emails: ["batch.three@example.com"], role: "admin" } }, 409);
    await api("createInvitationBatch", { key: adminKey.secret, body: { emails: ["x@example.com"], role: "member", sendEmail: true } }, 409);
    await api("createInvitationBatch", { key: adminKey.secret, body: { emails: Array.from({ length: 101 }, (_, index) => `b${index}@example.com`), role: "member" } }, 422);
    await api("createInvitationBatch", { key: adminKey.secret, body: { emails: ["x@example.com"], role: "member", admin: true } }, 422);
    await api("createInvitationBatch", { key: memberKey.secret, body: { emails: ["x@example.com"], role: "member" } }, 403);
    await api("createInvitationBatch", { key: adminKey.secret, rawBody: '{"emails": [', headers: { "Content-Type": "application/json" } }, 400);
  });

  it("GET /invitations/{id}", async () => {
    const { adminKey, memberKey, invitations } = world;
    const active = await api("getInvitation", { key: adminKey.secret, params: { id: invitations.active.id } }, 200);
    expect(active.json).toMatchObject({ status: "active", url: expect.stringMatching(/^http:\/\/localhost:3000\//) });
    const cancelled = await api("getInvitation", { key: adminKey.secret, params: { id: invitations.cancelled.id } }, 200);
    expect(cancelled.json).toMatchObject({ status: "cancelled", cancelReason: "manual", url: null });
    const inviterRemoved = await api("getInvitation", { key: adminKey.secret, params: { id: invitations.inviterRemoved.id } }, 200);
    expect(inviterRemoved.json).toMatchObject({ status: "cancelled", cancelReason: "inviter_removed", url: null });
    await api("getInvitation", { key: adminKey.secret, params: { id: invitations.accepted.id } }, 200);
    await api("getInvitation", { key: adminKey.secret, params: { id: unknownId } }, 404);
    await api("getInvitation", { key: adminKey.secret, params: { id: "nope" } }, 404);
    await api("getInvitation", { key: memberKey.secret, params: { id: invitations.active.id } }, 403);
  });

  it("POST /invitations/{id}/cancel and /resend", async () => {
    const { team, adminKey, memberKey, invitations } = world;
    const fresh = await createInvitation(team.owner, { email: "to-cancel@example.com", role: "MEMBER" }, ORIGIN);
    await api("cancelInvitation", { key: memberKey.secret, params: { id: fresh.id } }, 403);
    const cancelled = await api("cancelInvitation", { key: adminKey.secret, params: { id: fresh.id } }, 200);
    expect(cancelled.json).toMatchObject({ id: fresh.id, status: "cancelled", url: null });
    await api("cancelInvitation", { key: adminKey.secret, params: { id: fresh.id } }, 409);
    await api("cancelInvitation", { key: adminKey.secret, params: { id: unknownId } }, 404);
    await api("cancelInvitation", { key: adminKey.secret, params: { id: "x" } }, 404);

    const resent = await api("resendInvitation", { key: adminKey.secret, params: { id: invitations.expired.id } }, 200);
    expect(resent.json).toMatchObject({ id: invitations.expired.id, status: "active", url: expect.any(String) });
    await api("resendInvitation", { sessionUserId: team.owner.userId, params: { id: invitations.active.id } }, 200);
    await api("resendInvitation", { key: adminKey.secret, params: { id: fresh.id } }, 409);
    await api("resendInvitation", { key: adminKey.secret, params: { id: unknownId } }, 404);
    await api("resendInvitation", { key: memberKey.secret, params: { id: invitations.active.id } }, 403);
  });

  it("GET /audit-log", async () => {
    const { team, adminKey, memberKey } = world;
    const log = await api("listAuditLog", { key: adminKey.secret, query: { limit: 100 } }, 200);
    const entries = (log.json as { data: { action: string; actor: { apiKeyId: string | null } }[] }).data;
    // The entries above: sessions, keys and services, of many kinds.
    expect(new Set(entries.map((entry) => entry.action)).size).toBeGreaterThanOrEqual(5);
    expect(entries.some((entry) => entry.actor.apiKeyId === adminKey.apiKey.id)).toBe(true);
    const roleChanged = await api("listAuditLog", { sessionUserId: team.owner.userId, query: { action: "member.role_changed", limit: 1 } }, 200);
    // Roles in details are spelled as everywhere in the API.
    expect((roleChanged.json as { data: { details: unknown }[] }).data[0]!.details).toMatchObject({ from: expect.stringMatching(/^(admin|member)$/), to: expect.stringMatching(/^(admin|member)$/) });
    const page = await api("listAuditLog", { sessionUserId: team.owner.userId, query: { limit: 2 } }, 200);
    await api("listAuditLog", { sessionUserId: team.owner.userId, query: { cursor: (page.json as { nextCursor: string }).nextCursor } }, 200);
    await api("listAuditLog", { key: memberKey.secret }, 403);
    await api("listAuditLog", { key: adminKey.secret, query: { action: "everything" } }, 422);
    // Filters: a person, an action and days in a time zone, combined.
    const today = new Date().toISOString().slice(0, 10);
    const filtered = await api(
      "listAuditLog",
      { key: adminKey.secret, query: { actor: "admin key", action: "invitation.created", from: today, to: today, timeZone: "UTC", limit: 100 } },
      200,
    );
    const rows = (filtered.json as { data: { action: string; actor: { apiKeyId: string | null }; sentence: string }[] }).data;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.action === "invitation.created" && row.actor.apiKeyId === adminKey.apiKey.id)).toBe(true);
    expect(rows[0]!.sentence).toMatch(/^Admin key \(API key of Olivia Owner\) invited \S+ as (Admin|Member)$/);
    expect((await api("listAuditLog", { key: adminKey.secret, query: { from: "2000-01-01", to: "2000-01-02", timeZone: "Pacific/Auckland" } }, 200)).json).toEqual({
      data: [],
      nextCursor: null,
    });
    const backwards = await api("listAuditLog", { key: adminKey.secret, query: { from: today, to: "2000-01-01" } }, 422);
    expect(backwards.json).toMatchObject({ errors: { to: ["The end date is before the start date."] } });
    await api("listAuditLog", { key: adminKey.secret, query: { timeZone: "Nowhere/Special" } }, 422);
    await api("listAuditLog", { key: adminKey.secret, query: { from: "yesterday" } }, 422);
  });

  it("GET /events", async () => {
    const { team, adminKey, memberKey } = world;
    const page = await api("listEvents", { key: adminKey.secret, query: { limit: 3 } }, 200);
    const body = page.json as { data: { id: string; type: string }[]; nextCursor: string; hasMore: boolean };
    expect(body).toMatchObject({ data: [expect.anything(), expect.anything(), expect.anything()], hasMore: true });
    await api("listEvents", { sessionUserId: team.owner.userId, query: { after: body.nextCursor, types: "invitation.created,invitation.cancelled" } }, 200);
    await api("listEvents", { key: adminKey.secret, query: { types: "invitation.created,member.promoted" } }, 422);
    await api("listEvents", { key: adminKey.secret, query: { after: `evt_${"0".repeat(32)}` } }, 422);
    await api("listEvents", { key: adminKey.secret, query: { cursor: body.nextCursor } }, 422);
    await api("listEvents", { key: memberKey.secret }, 403);
  });

  it("the webhook endpoints", async () => {
    const { team, adminKey, memberKey } = world;
    const created = await api("createWebhook", { key: adminKey.secret, body: { url: "https://hooks.teamhub.invalid/contract", eventTypes: ["member.added"], description: "CRM" } }, 201);
    const webhook = created.json as { id: string; secret: string };
    expect(webhook.secret).toMatch(/^whsec_/);
    await api("createWebhook", { sessionUserId: team.owner.userId, body: { url: "https://hooks.teamhub.invalid/all" } }, 201);
    await api("createWebhook", { key: adminKey.secret, body: { url: "http://127.0.0.1/hook" } }, 422);
    await api("createWebhook", { key: adminKey.secret, body: { url: "https://hooks.teamhub.invalid/x", eventTypes: [] } }, 422);
    await api("createWebhook", { key: adminKey.secret, body: { url: "https://hooks.teamhub.invalid/x", secret: "mine" } }, 422);
    await api("createWebhook", { key: memberKey.secret, body: { url: "https://hooks.teamhub.invalid/x" } }, 403);
    await api("createWebhook", { key: adminKey.secret, rawBody: "{", headers: { "Content-Type": "application/json" } }, 400);
    const listed = await api("listWebhooks", { key: adminKey.secret }, 200);
    expect((listed.json as { data: unknown[] }).data).toHaveLength(2);
    expect(listed.text).not.toContain(webhook.secret);
    await api("listWebhooks", { key: memberKey.secret }, 403);
    await api("getWebhook", { key: adminKey.secret, params: { id: webhook.id } }, 200);
    await api("getWebhook", { key: adminKey.secret, params: { id: unknownId } }, 404);
    await api("getWebhook", { key: adminKey.secret, params: { id: "nope" } }, 404);
    const updated = await api("updateWebhook", { key: adminKey.secret, params: { id: webhook.id }, body: { eventTypes: null, enabled: false } }, 200);
    expect(updated.json).toMatchObject({ eventTypes: null, enabled: false });
    await api("updateWebhook", { key: adminKey.secret, params: { id: webhook.id }, body: { url: "ftp://hooks.teamhub.invalid" } }, 422);
    await api("updateWebhook", { key: adminKey.secret, params: { id: unknownId }, body: { enabled: true } }, 404);
    await api("updateWebhook", { key: memberKey.secret, params: { id: webhook.id }, body: { enabled: true } }, 403);
    const rotated = await api("rotateWebhookSecret", { key: adminKey.secret, params: { id: webhook.id } }, 200);
    expect((rotated.json as { secret: string }).secret).not.toBe(webhook.secret);
    await api("rotateWebhookSecret", { key: adminKey.secret, params: { id: unknownId } }, 404);
    const test = await api("sendWebhookTestEvent", { key: adminKey.secret, params: { id: webhook.id } }, 202);
    expect(test.json).toMatchObject({ eventType: "webhook.test", status: "pending", attempts: 0 });
    await api("sendWebhookTestEvent", { key: memberKey.secret, params: { id: webhook.id } }, 403);
    const [event] = (await prisma.event.findMany({ where: { organizationId: team.organization.id }, take: 1 }));
    await api("redeliverWebhookEvent", { key: adminKey.secret, params: { id: webhook.id }, body: { eventId: event!.id } }, 202);
    await api("redeliverWebhookEvent", { key: adminKey.secret, params: { id: webhook.id }, body: { eventId: "evt_nope" } }, 422);
    await api("redeliverWebhookEvent", { key: adminKey.secret, params: { id: unknownId }, body: { eventId: event!.id } }, 404);
    await api("listWebhookAttempts", { key: adminKey.secret, params: { id: webhook.id }, query: { limit: 5 } }, 200);
    await api("listWebhookAttempts", { key: adminKey.secret, params: { id: webhook.id }, query: { cursor: "garbage" } }, 422);
    await api("listWebhookAttempts", { key: memberKey.secret, params: { id: webhook.id } }, 403);
    await api("deleteWebhook", { key: memberKey.secret, params: { id: webhook.id } }, 403);
    await api("deleteWebhook", { key: adminKey.secret, params: { id: webhook.id } }, 204);
    await api("deleteWebhook", { key: adminKey.secret, params: { id: webhook.id } }, 404);
  });

  it("429 for every operation when the caller is over its limit", async () => {
    const { team, target, invitations } = await createWorld();
    const key = await createApiKeyActor(team.owner, "ADMIN", "Hasty");
    await fillBucket(`api:key:${key.apiKey.id}`, 600);
    const requests: Record<string, CallOptions> = {
      changeMemberRole: { params: { userId: target.id }, body: { role: "admin" } },
      removeMember: { params: { userId: target.id } },
      transferOwnership: { body: { userId: target.id } },
      createInvitation: { body: { email: "late@example.com", role: "member" } },
      createInvitationBatch: { body: { emails: ["late@example.com"], role: "member" } },
      getInvitation: { params: { id: invitations.active.id } },
      cancelInvitation: { params: { id: invitations.active.id } },
      resendInvitation: { params: { id: invitations.active.id } },
    };
    for (const endpoint of ENDPOINTS) {
      const result = await api(endpoint.operationId, { key: key.secret, ...requests[endpoint.operationId] }, 429);
      expect(Number(result.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
  });

  it("GET /organization with a query string answers a documented status", async () => {
    await api("getOrganization", { key: world.adminKey.secret, query: { fields: "name" } }, 422);
  });

  it("exercised every operation's success and at least one of its errors", () => {
    for (const endpoint of ENDPOINTS) {
      const statuses = [...(seen.get(endpoint.operationId) ?? [])];
      expect({ operation: endpoint.operationId, success: statuses.includes(endpoint.success.status), error: statuses.some((s) => s >= 400) }).toEqual({
        operation: endpoint.operationId,
        success: true,
        error: true,
      });
    }
  });
});

describe("every webhook payload matches the document", () => {
  it("for each event type, delivered for real to a receiver on 127.0.0.1", async () => {
    process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = "true";
    // Only this test's deliveries: the endpoints above point nowhere.
    await prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs`;
    const receiver = await startWebhookReceiver();
    const worker = await startTestWorker({ concurrency: 4 });
    try {
      const team = await createTeam("Payloads");
      const { secret, endpoint } = await createWebhookEndpoint(team.owner, { url: receiver.url });
      receiver.addSecret(secret);
      const invited = await createInvitation(team.owner, { email: "payload-accept@example.com", role: "MEMBER" }, ORIGIN);
      const resent = await resendInvitation(team.owner, { id: invited.id }, ORIGIN);
      const joiner = await createUser("Jo Joiner", invited.email);
      await acceptInvitation({ userId: joiner.id, name: joiner.name, email: joiner.email, ip: null }, { token: resent.url.split("/").pop()! });
      const rejected = await createInvitation(team.owner, { email: "payload-reject@example.com", role: "ADMIN" }, ORIGIN);
      const rejecter = await createUser("Rex Rejecter", rejected.email);
      await rejectInvitation({ userId: rejecter.id, name: rejecter.name, email: rejecter.email, ip: null }, { token: rejected.url.split("/").pop()! });
      const cancelled = await createInvitation(team.owner, { email: "payload-cancel@example.com", role: "MEMBER" }, ORIGIN);
      await cancelInvitation(team.owner, { id: cancelled.id });
      await changeMemberRole(team.owner, { userId: team.member.userId, role: "ADMIN" });
      await removeMember(team.owner, { userId: team.member.userId });
      await leaveOrganization(team.admin);
      const { apiKey } = await createApiKey(team.owner, { name: "Payload key", role: "ADMIN" });
      await revokeApiKey(team.owner, { id: apiKey.id });
      await renameOrganization(team.owner, { name: "Payloads renamed" });
      await sendTestEvent(team.owner, { id: endpoint.id });
      const arrived = (types: string[]) => types.every((type) => receiver.received.some((entry) => entry.payload?.type === type));
      // Deleting the organization takes its endpoint's pending deliveries with it: delete it once they have arrived.
      const before = [...EVENT_TYPES.filter((type) => type !== "organization.deleted"), "webhook.test"];
      await eventually(async () => arrived(before), 30_000);
      await deleteOrganization(team.owner, { confirmName: "Payloads renamed" });
      await eventually(async () => arrived(["organization.deleted"]), 30_000);
      for (const entry of receiver.received) {
        expect(entry.error).toBeNull();
        const validate = validator("webhooks", entry.payload!.type, "post", "requestBody", "content", "application/json", "schema");
        validate(JSON.parse(entry.body));
        expect({ type: entry.payload!.type, errors: validate.errors ?? null }).toEqual({ type: entry.payload!.type, errors: null });
      }
    } finally {
      await worker.stop();
      await receiver.close();
      delete process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES;
    }
  }, 60_000);
});
