import * as batchRoute from "@/app/api/v1/invitations/batch/route";
import { inviteManyEndpoint } from "@/lib/api/endpoints/invitations";
import { MAX_INVITATIONS_PER_BATCH } from "@/lib/config/fixed-limits";
import { prisma } from "@/lib/db/client";
import { createInvitation } from "@/lib/services/invitations/manage";
import { buildRequest, callApi, createApiTeam, type CallOptions } from "../helpers/api";
import { snapshot } from "../helpers/factories";

jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);

/** POST /api/v1/invitations/batch end to end through its route handler: results per address, Idempotency-Key, refusals as problem+json. */

const batch = (options: CallOptions) => callApi(inviteManyEndpoint, options);

/** Snapshot without API key last-used times (bookkeeping of authentication). */
async function state() {
  const all = await snapshot();
  return { ...all, apiKeys: all.apiKeys.map(({ lastUsedAt: _lastUsedAt, ...key }) => key) };
}

async function expectRefused(options: CallOptions, status: number, code: string) {
  const before = await state();
  const result = await batch(options);
  expect({ status: result.status, code: (result.json as { code?: string }).code }).toEqual({ status, code });
  expect(result.headers.get("content-type")).toBe("application/problem+json");
  expect(await state()).toEqual(before);
  return result.json as { detail: string; errors?: Record<string, string[]> };
}

type Results = { results: { email: string; status: string; invitation: { id: string; url: string | null; status: string } | null; problem: { code: string; detail: string } | null }[] };

describe("POST /api/v1/invitations/batch", () => {
  it("answers 200 with a result per address, each invited in its own right", async () => {
    const { team, adminKey } = await createApiTeam();
    const pending = await createInvitation(team.owner, { email: "pending@example.com", role: "MEMBER" }, "https://teamhub.test");
    const result = await batch({
      key: adminKey.secret,
      body: { emails: ["Ada@Example.com", "ada@example.com", team.member.email, "pending@example.com", "nope", "bob@example.com"], role: "admin", expiresInDays: 2 },
    });
    expect(result.status).toBe(200);
    const { results } = result.json as Results;
    expect(results.map(({ email, status }) => [email, status])).toEqual([
      ["ada@example.com", "invited"],
      [team.member.email, "already_member"],
      ["pending@example.com", "already_invited"],
      ["nope", "invalid"],
      ["bob@example.com", "invited"],
    ]);
    expect(results[0]).toMatchObject({ invitation: { status: "active", role: "admin", url: expect.stringMatching(/^http:\/\/localhost:3000\/accept-invitation\/inv_/) }, problem: null });
    expect(results[1]).toMatchObject({ invitation: null, problem: { code: "CONFLICT", detail: `${team.member.email} is already a member of this organization.` } });
    // The active invitation, without its link: Resend gives a fresh one.
    expect(results[2]).toMatchObject({ invitation: { id: pending.id, url: null, status: "active" }, problem: { code: "CONFLICT" } });
    expect(results[3]).toMatchObject({ invitation: null, problem: { code: "VALIDATION", detail: "Enter a valid email address, like name@example.com." } });
    // Made through the key: its creator is the inviter.
    const rows = await prisma.invitation.findMany({ where: { organizationId: team.organization.id, email: { in: ["ada@example.com", "bob@example.com"] } } });
    expect(rows.map((row) => [row.email, row.invitedById])).toEqual(
      expect.arrayContaining([
        ["ada@example.com", team.owner.userId],
        ["bob@example.com", team.owner.userId],
      ]),
    );
  });

  it("replays the first answer for the same Idempotency-Key and body, inviting nobody twice", async () => {
    const { team, adminKey } = await createApiTeam();
    const request = { key: adminKey.secret, headers: { "Idempotency-Key": "batch-1" }, body: { emails: ["one@example.com", "two@example.com"], role: "member" } };
    const first = await batch(request);
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const afterFirst = await state();

    const again = await batch(request);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json).toEqual(first.json);
    expect(await state()).toEqual(afterFirst);
    expect(await prisma.invitation.count({ where: { organizationId: team.organization.id } })).toBe(2);

    // The same key with another body is a conflict; without a key the batch runs again and says they are invited already.
    await expectRefused({ ...request, body: { emails: ["three@example.com"], role: "member" } }, 409, "CONFLICT");
    const unkeyed = await batch({ key: adminKey.secret, body: request.body });
    expect((unkeyed.json as Results).results.map((result) => result.status)).toEqual(["already_invited", "already_invited"]);
  });

  it(`refuses more than ${MAX_INVITATIONS_PER_BATCH} addresses, none at all, a Member, Owner invitations and email the server can't send, as problem+json creating nothing`, async () => {
    const { team, adminKey, memberKey } = await createApiTeam();
    const tooMany = Array.from({ length: MAX_INVITATIONS_PER_BATCH + 1 }, (_, index) => `n${index}@example.com`);
    const problem = await expectRefused({ key: adminKey.secret, body: { emails: tooMany, role: "member" } }, 422, "VALIDATION");
    expect(problem.errors).toEqual({ emails: [`Invite at most ${MAX_INVITATIONS_PER_BATCH} addresses at a time.`] });
    await expectRefused({ key: adminKey.secret, body: { emails: [], role: "member" } }, 422, "VALIDATION");
    await expectRefused({ key: adminKey.secret, body: { emails: "a@example.com, b@example.com", role: "member" } }, 422, "VALIDATION");
    await expectRefused({ key: adminKey.secret, body: { emails: ["a@example.com"], role: "owner" } }, 422, "VALIDATION");
    await expectRefused({ key: adminKey.secret, body: { emails: ["a@example.com"], role: "member", expiresInDays: "7" } }, 422, "VALIDATION");
    await expectRefused({ key: memberKey.secret, body: { emails: ["a@example.com"], role: "member" } }, 403, "FORBIDDEN");
    await expectRefused({ sessionUserId: team.member.userId, body: { emails: ["nope"], role: "member" } }, 403, "FORBIDDEN");
    await expectRefused({ key: adminKey.secret, body: { emails: ["a@example.com"], role: "member", sendEmail: true } }, 409, "CONFLICT");
    // Exactly the cap is fine.
    const atCap = await batch({ key: adminKey.secret, body: { emails: tooMany.slice(1), role: "member", sendEmail: false } });
    expect(atCap.status).toBe(200);
    expect((atCap.json as Results).results).toHaveLength(MAX_INVITATIONS_PER_BATCH);
  });

  it("is served at /api/v1/invitations/batch, for POST only", async () => {
    const { adminKey } = await createApiTeam();
    const post = await buildRequest(inviteManyEndpoint, { key: adminKey.secret, body: { emails: ["routed@example.com"], role: "member" } });
    const routed = await batchRoute.POST(post, { params: Promise.resolve({}) });
    expect(routed.status).toBe(200);
    const get = await buildRequest(inviteManyEndpoint, { key: adminKey.secret, method: "GET" });
    const refused = await batchRoute.GET(get, { params: Promise.resolve({}) });
    expect(refused.status).toBe(405);
    expect(refused.headers.get("allow")).toContain("POST");
  });
});
