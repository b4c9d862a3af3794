import { prisma } from "@/lib/db/client";
import { getOrganizationEndpoint } from "@/lib/api/endpoints/organization";
import { listMembersEndpoint } from "@/lib/api/endpoints/members";
import { createInvitationEndpoint } from "@/lib/api/endpoints/invitations";
import { resolveActor, resolvePageActor } from "@/lib/services/actors";
import { revokeApiKey } from "@/lib/services/api-keys";
import { changeMemberRole, removeMember } from "@/lib/services/members";
import { listNotifications, markNotificationsRead, notify } from "@/lib/services/notifications";
import { getOrganization, listMyOrganizations } from "@/lib/services/organizations";
import { callApi, createApiTeam } from "../helpers/api";
import { createApiKeyActor } from "../helpers/factories";
import { sentStatementsOf, statementsOf } from "../helpers/statements";

jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);

/**
 * How many SQL statements, that is round trips to PostgreSQL, an API request and a page's actor
 * cost (issue 10; the bench counts them over HTTP too). Authorization still comes from the
 * database on every request: these are the statements that read it.
 */
describe("SQL statements per request", () => {
  it("reads with an API key in 2: the key found and the request counted in one, then the read", async () => {
    const { adminKey, memberKey } = await createApiTeam();
    for (const key of [adminKey.secret, memberKey.secret]) {
      const members = await statementsOf(async () => expect((await callApi(listMembersEndpoint, { key })).status).toBe(200));
      expect(members).toHaveLength(2);
      expect(members[0]).toMatch(/^WITH caller AS .*INSERT INTO rate_limit_buckets/);
      const organization = await statementsOf(async () => expect((await callApi(getOrganizationEndpoint, { key })).status).toBe(200));
      expect(organization).toHaveLength(2);
    }
  });

  it("records a key's last use in that same statement", async () => {
    const { adminKey } = await createApiTeam();
    const longAgo = new Date(Date.now() - 3_600_000);
    await prisma.apiKey.update({ where: { id: adminKey.apiKey.id }, data: { lastUsedAt: longAgo } });
    expect(await statementsOf(() => callApi(getOrganizationEndpoint, { key: adminKey.secret }))).toHaveLength(2);
    const { lastUsedAt } = await prisma.apiKey.findUniqueOrThrow({ where: { id: adminKey.apiKey.id } });
    expect(lastUsedAt!.getTime()).toBeGreaterThan(longAgo.getTime() + 3_000_000);
  });

  it("reads with a session in 3: the actor, the request counted against both limits, the read", async () => {
    const { team } = await createApiTeam();
    const statements = await statementsOf(async () => expect((await callApi(listMembersEndpoint, { sessionUserId: team.member.userId })).status).toBe(200));
    expect(statements).toHaveLength(3);
  });

  it("refuses a key that doesn't authenticate in 2: looking for it, then counting the failure", async () => {
    const { revokedKey } = await createApiTeam();
    const headers = { "X-Forwarded-For": "198.51.100.77" };
    expect(await statementsOf(async () => expect((await callApi(listMembersEndpoint, { key: revokedKey.secret, headers })).status).toBe(401))).toHaveLength(2);
    // A malformed one, or none at all: only the failure is counted.
    expect(await statementsOf(async () => expect((await callApi(listMembersEndpoint, { key: "not-a-key", headers })).status).toBe(401))).toHaveLength(1);
    expect(await statementsOf(async () => expect((await callApi(listMembersEndpoint, { headers })).status).toBe(401))).toHaveLength(1);
  });

  it("reads the top navigation alone in 1 statement each: the person's organizations, their notifications with the unread count", async () => {
    const { team } = await createApiTeam();
    const userId = team.member.userId;
    let organizations: Awaited<ReturnType<typeof listMyOrganizations>> = [];
    expect(await statementsOf(async () => (organizations = await listMyOrganizations({ userId })))).toHaveLength(1);
    // The personal organization first, then the others by name.
    expect(organizations).toEqual([
      expect.objectContaining({ name: "Mia's organization", role: "OWNER", personal: true }),
      { id: team.organization.id, name: "Acme", role: "MEMBER", personal: false },
    ]);
    // None yet: the count is 0 and the list empty.
    let notifications = await listNotifications({ userId });
    expect(notifications).toEqual({ unreadCount: 0, data: [] });
    const facts = { organizationId: team.organization.id, organizationName: "Acme", removedBy: "Olivia Owner" };
    await notify(prisma, userId, "REMOVED_FROM_ORGANIZATION", facts);
    await notify(prisma, userId, "REMOVED_FROM_ORGANIZATION", facts);
    await markNotificationsRead({ userId }, { ids: [(await listNotifications({ userId })).data[0]!.id] });
    expect(await statementsOf(async () => (notifications = await listNotifications({ userId })))).toHaveLength(1);
    expect(notifications.unreadCount).toBe(1);
    expect(notifications.data.map((notification) => notification.read)).toEqual([true, false]);
    expect(notifications.data[0]).toMatchObject({ message: "Olivia Owner removed you from Acme.", opens: null, createdAt: expect.any(Date) });
  });

  it("resolves a page's actor with everything its frame shows in 1: the active organization, the switcher's organizations, the bell", async () => {
    const { team } = await createApiTeam();
    const userId = team.admin.userId;
    await notify(prisma, userId, "ROLE_CHANGED", { organizationId: team.organization.id, organizationName: "Acme", from: "MEMBER", to: "ADMIN", changedBy: "Olivia Owner" });
    let page: Awaited<ReturnType<typeof resolvePageActor>> = null;
    expect(await statementsOf(async () => (page = await resolvePageActor(userId, null, 0)))).toHaveLength(1);
    const actor = page!.actor;
    expect(page).toEqual({
      ...(await resolveActor(userId, null, 0)),
      organization: await getOrganization(actor),
      navigation: { organizations: await listMyOrganizations(actor), notifications: await listNotifications(actor) },
    });
    expect(page!.organization).toMatchObject({ id: team.organization.id, name: "Acme", memberCount: 4, role: "ADMIN", personal: false });
    expect(page!.navigation.notifications).toMatchObject({ unreadCount: 1, data: [{ opens: "Members", read: false }] });
    // Times come back through JSON as the instants stored.
    expect(page!.organization.createdAt).toEqual((await prisma.organization.findUniqueOrThrow({ where: { id: team.organization.id } })).createdAt);
    expect(page!.navigation.notifications.data[0]!.createdAt).toEqual((await prisma.notification.findFirstOrThrow({ where: { userId } })).createdAt);
    // A session that was ended resolves to nobody, page or not.
    expect(await resolvePageActor(userId, null, 1)).toBeNull();
  });

  it("resolves a signed-in actor, recording their last activity, in 1", async () => {
    const { team } = await createApiTeam();
    const key = { userId_organizationId: { userId: team.member.userId, organizationId: team.organization.id } };
    await prisma.member.update({ where: key, data: { lastActiveAt: new Date(Date.now() - 3_600_000) } });
    expect(await statementsOf(() => resolveActor(team.member.userId, null, 0))).toHaveLength(1);
    expect((await prisma.member.findUniqueOrThrow({ where: key })).lastActiveAt.getTime()).toBeGreaterThan(Date.now() - 600_000);
  });

  it("still reads authorization on every request: the very next one after a revocation, demotion or removal is refused", async () => {
    const { team } = await createApiTeam();
    const organization = (options: Parameters<typeof callApi>[1]) => callApi(getOrganizationEndpoint, options);

    const revoked = await createApiKeyActor(team.admin, "ADMIN", "revoked");
    expect((await organization({ key: revoked.secret })).status).toBe(200);
    await revokeApiKey(team.owner, { id: revoked.apiKey.id });
    expect((await organization({ key: revoked.secret })).status).toBe(401);

    // A key works while its creator's role is at least the key's.
    const adminKey = await createApiKeyActor(team.admin, "ADMIN", "admin");
    const memberKey = await createApiKeyActor(team.admin, "MEMBER", "member");
    expect((await organization({ key: adminKey.secret })).status).toBe(200);
    await changeMemberRole(team.owner, { userId: team.admin.userId, role: "MEMBER" });
    expect((await organization({ key: adminKey.secret })).status).toBe(401);
    expect((await organization({ key: memberKey.secret })).json).toMatchObject({ id: team.organization.id, role: "member" });
    await removeMember(team.owner, { userId: team.admin.userId });
    expect((await organization({ key: memberKey.secret })).status).toBe(401);

    // A removed member's session acts in their personal organization from the next request on.
    expect((await organization({ sessionUserId: team.member.userId })).json).toMatchObject({ id: team.organization.id, role: "member" });
    await removeMember(team.owner, { userId: team.member.userId });
    expect((await organization({ sessionUserId: team.member.userId })).json).toMatchObject({ id: team.member.personalOrganizationId, personal: true });
  });

  it("creates an invitation in 5 (6 with a session), holding the organization's lock for one round trip", async () => {
    const { team, adminKey } = await createApiTeam();
    const create = (email: string, options: Parameters<typeof callApi>[1]) =>
      callApi(createInvitationEndpoint, { ...options, body: { email, role: "member" } }).then(({ status }) => expect(status).toBe(201));
    const withKey = await sentStatementsOf(() => create("keyed@example.com", { key: adminKey.secret }));
    const withSession = await sentStatementsOf(() => create("signed-in@example.com", { sessionUserId: team.admin.userId }));
    for (const [sent, authentication] of [
      [withKey, 1],
      [withSession, 2],
    ] as const) {
      expect(sent).toHaveLength(authentication + 4);
      const write = sent.slice(authentication);
      expect(write.map(({ text }) => text.split(" ")[0])).toEqual(["BEGIN", "SELECT", "WITH", "COMMIT"]);
      expect(write[1]!.text).toMatch(/FROM organizations .* FOR NO KEY UPDATE$/);
      // BEGIN, the lock, the write and COMMIT were all on the wire before PostgreSQL answered BEGIN.
      expect(write.map(({ unanswered }) => unanswered)).toEqual([0, 1, 2, 3]);
    }
    expect(await prisma.invitation.count({ where: { organizationId: team.organization.id, email: { in: ["keyed@example.com", "signed-in@example.com"] } } })).toBe(2);
  });
});
