import { hashApiKeySecret } from "@/lib/tokens/api-key-token";
import { prisma } from "@/lib/db/client";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "@/lib/services/api-keys";
import { listAuditLog } from "@/lib/services/audit";
import { createInvitation } from "@/lib/services/invitations/manage";
import { lockActorRole } from "@/lib/services/access";
import { changeMemberRole, leaveOrganization, removeMember } from "@/lib/services/members";
import { actorIn, addMember, createApiKeyActor, createTeam, createUser, expectUnchanged, snapshot } from "../helpers/factories";
import { waitUntilWaitingForLocks } from "../helpers/locks";

const ORIGIN = "https://teamhub.test";
const DAY_MS = 86_400_000;
const NO_LONGER_VALID = "This API key is no longer valid.";

const keyRow = (id: string) => prisma.apiKey.findUniqueOrThrow({ where: { id } });
const setKey = (id: string, data: { expiresAt?: Date; lastUsedAt?: Date }) => prisma.apiKey.update({ where: { id }, data });
const setRole = (organizationId: string, userId: string, role: "OWNER" | "ADMIN" | "MEMBER") =>
  prisma.member.update({ where: { userId_organizationId: { userId, organizationId } }, data: { role } });

describe("creating API keys", () => {
  it("lets Owners and Admins create keys up to their role; the secret is returned once and never stored", async () => {
    const { owner, admin, organization } = await createTeam();
    const before = Date.now();
    const byOwner = await createApiKey(owner, { name: "  Deploy bot ", role: "ADMIN", expiresInDays: 30 });
    const byAdmin = await createApiKey(admin, { name: "Reports", role: "ADMIN", expiresInDays: "" });
    const member = await createApiKey(admin, { name: "Read only", role: "MEMBER" });

    expect(byOwner.secret).toMatch(/^thk_[A-Za-z0-9_-]{43}$/);
    expect(byOwner.apiKey).toEqual({
      id: expect.any(String),
      name: "Deploy bot",
      role: "ADMIN",
      prefix: byOwner.secret.slice(0, 12),
      createdAt: expect.any(Date),
      expiresAt: new Date(byOwner.apiKey.createdAt.getTime() + 30 * DAY_MS),
      revokedAt: null,
      lastUsedAt: null,
      createdBy: { id: owner.userId, name: owner.name, email: owner.email },
      active: true,
      suspended: false,
    });
    expect(byOwner.apiKey.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(byAdmin.apiKey).toMatchObject({ role: "ADMIN", expiresAt: null, active: true, createdBy: { id: admin.userId } });
    expect(member.apiKey).toMatchObject({ role: "MEMBER", expiresAt: null });

    for (const { secret, apiKey } of [byOwner, byAdmin, member]) {
      const row = await keyRow(apiKey.id);
      expect(row).toMatchObject({ organizationId: organization.id, prefix: secret.slice(0, 12), secretHash: hashApiKeySecret(secret) });
      // Neither the secret nor its random part is anywhere in the row.
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice(4));
      expect(stored).not.toContain(secret.slice(12));
    }
    // Listing never shows a secret again.
    expect(JSON.stringify(await listApiKeys(owner))).not.toContain(byOwner.secret.slice(12));

    const audit = (await listAuditLog(owner, { action: "api_key.created" })).data;
    expect(audit.map((entry) => [entry.actor.userId, entry.actor.apiKeyId, entry.target, entry.details])).toEqual([
      [admin.userId, null, { type: "api_key", id: member.apiKey.id, label: "Read only" }, { role: "MEMBER", expiresAt: null }],
      [admin.userId, null, { type: "api_key", id: byAdmin.apiKey.id, label: "Reports" }, { role: "ADMIN", expiresAt: null }],
      [
        owner.userId,
        null,
        { type: "api_key", id: byOwner.apiKey.id, label: "Deploy bot" },
        { role: "ADMIN", expiresAt: byOwner.apiKey.expiresAt!.toISOString() },
      ],
    ]);
  });

  it("refuses Members, demoted Admins, API keys, Owner keys and bad input, changing nothing", async () => {
    const { owner, admin, member, organization } = await createTeam();
    const { actor: keyActor } = await createApiKeyActor(owner, "ADMIN");
    const before = await snapshot();
    await expectUnchanged(before, () => createApiKey(member, { name: "Mine", role: "MEMBER" }), "FORBIDDEN");
    await expect(createApiKey(keyActor, { name: "Spawn", role: "MEMBER" })).rejects.toThrow("API keys can't manage API keys.");
    await expectUnchanged(before, () => createApiKey(keyActor, { name: "Spawn", role: "MEMBER" }), "FORBIDDEN");
    await expectUnchanged(before, () => createApiKey(owner, { name: "Root", role: "OWNER" as "ADMIN" }), "VALIDATION");
    await expectUnchanged(before, () => createApiKey(owner, { name: " ", role: "MEMBER" }), "VALIDATION");
    await expectUnchanged(before, () => createApiKey(owner, { name: "CI", role: "MEMBER", expiresInDays: 366 }), "VALIDATION");
    // The role is read again in the transaction: an Admin demoted since their actor was resolved is refused.
    await setRole(organization.id, admin.userId, "MEMBER");
    const demoted = await snapshot();
    await expectUnchanged(demoted, () => createApiKey(admin, { name: "Late", role: "MEMBER" }), "FORBIDDEN");
    // The database refuses Owner keys too.
    await expect(
      prisma.apiKey.create({
        data: { organizationId: organization.id, name: "x", role: "OWNER", prefix: "x", secretHash: "x", createdByName: "x", createdByEmail: "x" },
      }),
    ).rejects.toThrow(/api_keys_role_not_owner/);
  });
});

describe("listing and revoking API keys", () => {
  it("lists the organization's keys newest first, with revoked and expired ones inactive", async () => {
    const { owner, admin, member } = await createTeam();
    const other = await createTeam("Globex");
    await createApiKey(other.owner, { name: "Elsewhere", role: "MEMBER" });
    const first = await createApiKey(owner, { name: "First", role: "MEMBER" });
    const second = await createApiKey(admin, { name: "Second", role: "ADMIN", expiresInDays: 1 });
    const third = await createApiKey(owner, { name: "Third", role: "MEMBER" });
    await revokeApiKey(owner, { id: first.apiKey.id });
    await setKey(second.apiKey.id, { expiresAt: new Date(Date.now() - 1000) });

    for (const actor of [owner, admin]) {
      const keys = await listApiKeys(actor);
      expect(keys.map((key) => [key.name, key.active, key.revokedAt !== null])).toEqual([
        ["Third", true, false],
        ["Second", false, false],
        ["First", false, true],
      ]);
      expect(keys.every((key) => !("secretHash" in key))).toBe(true);
    }
    expect(third.apiKey.id).toBe((await listApiKeys(owner))[0]!.id);
    await expect(listApiKeys(member)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { actor: keyActor } = await createApiKeyActor(owner, "ADMIN");
    await expect(listApiKeys(keyActor)).rejects.toMatchObject({ code: "FORBIDDEN", message: "API keys can't manage API keys." });
  });

  it("lets Owners and Admins revoke any key of the organization once; it is audited", async () => {
    const { owner, admin, member } = await createTeam();
    const byOwner = await createApiKey(owner, { name: "Owner's", role: "ADMIN" });
    const byAdmin = await createApiKey(admin, { name: "Admin's", role: "MEMBER" });

    const revoked = await revokeApiKey(admin, { id: byOwner.apiKey.id });
    expect(revoked).toMatchObject({ id: byOwner.apiKey.id, active: false, revokedAt: expect.any(Date) });
    expect((await keyRow(byOwner.apiKey.id)).revokedAt).toEqual(revoked.revokedAt);
    expect(await revokeApiKey(owner, { id: byAdmin.apiKey.id })).toMatchObject({ active: false });

    const audit = (await listAuditLog(owner, { action: "api_key.revoked" })).data;
    expect(audit.map((entry) => [entry.actor.userId, entry.target, entry.details])).toEqual([
      [owner.userId, { type: "api_key", id: byAdmin.apiKey.id, label: "Admin's" }, { role: "MEMBER" }],
      [admin.userId, { type: "api_key", id: byOwner.apiKey.id, label: "Owner's" }, { role: "ADMIN" }],
    ]);

    const live = await createApiKey(owner, { name: "Live", role: "MEMBER" });
    const { actor: keyActor } = await createApiKeyActor(owner, "ADMIN");
    const before = await snapshot();
    await expect(revokeApiKey(owner, { id: byOwner.apiKey.id })).rejects.toThrow("This key is already revoked.");
    await expectUnchanged(before, () => revokeApiKey(owner, { id: byOwner.apiKey.id }), "CONFLICT");
    await expectUnchanged(before, () => revokeApiKey(member, { id: live.apiKey.id }), "FORBIDDEN");
    await expectUnchanged(before, () => revokeApiKey(keyActor, { id: live.apiKey.id }), "FORBIDDEN");
    await expectUnchanged(before, () => revokeApiKey(owner, { id: "not-a-uuid" }), "VALIDATION");
    await expectUnchanged(before, () => revokeApiKey(owner, { id: "00000000-0000-4000-8000-000000000000" }), "NOT_FOUND");
  });

  it("answers NOT_FOUND for another organization's key", async () => {
    const { owner } = await createTeam();
    const other = await createTeam("Globex");
    const theirs = await createApiKey(other.owner, { name: "Theirs", role: "MEMBER" });
    const before = await snapshot();
    await expectUnchanged(before, () => revokeApiKey(owner, { id: theirs.apiKey.id }), "NOT_FOUND");
  });
});

describe("authenticating with an API key", () => {
  it("acts as the creator in the key's organization with the key's role", async () => {
    const { owner, organization } = await createTeam();
    const { secret, apiKey } = await createApiKey(owner, { name: "CI", role: "MEMBER" });
    // The creator has moved on to another organization since; the key still acts in its own.
    await actorIn(owner.userId, owner.personalOrganizationId);
    expect(await authenticateApiKey(secret, "198.51.100.4")).toEqual({
      userId: owner.userId,
      name: owner.name,
      email: owner.email,
      organizationId: organization.id,
      role: "MEMBER",
      personalOrganizationId: owner.personalOrganizationId,
      apiKey: { id: apiKey.id, name: "CI" },
      ip: "198.51.100.4",
    });
  });

  it("returns null for malformed, unknown, revoked and expired secrets, touching nothing", async () => {
    const { owner } = await createTeam();
    const revoked = await createApiKey(owner, { name: "Revoked", role: "MEMBER" });
    const expired = await createApiKey(owner, { name: "Expired", role: "MEMBER", expiresInDays: 1 });
    expect(await authenticateApiKey(revoked.secret, null)).not.toBeNull();
    expect(await authenticateApiKey(expired.secret, null)).not.toBeNull();
    await revokeApiKey(owner, { id: revoked.apiKey.id });
    await setKey(expired.apiKey.id, { expiresAt: new Date(Date.now() - 1000), lastUsedAt: new Date(Date.now() - 3_600_000) });
    await setKey(revoked.apiKey.id, { lastUsedAt: new Date(Date.now() - 3_600_000) });

    const before = await snapshot();
    const unknown = `thk_${"A".repeat(43)}`;
    for (const secret of [revoked.secret, expired.secret, unknown, "", "thk_short", `${revoked.secret}x`, revoked.secret.toUpperCase(), `Bearer ${revoked.secret}`]) {
      expect(await authenticateApiKey(secret, null)).toBeNull();
    }
    expect(await snapshot()).toEqual(before);
  });

  it("stops working at once when the creator is removed, leaves or is demoted below the key's role", async () => {
    const { owner, admin, organization } = await createTeam();
    const adminKey = await createApiKeyActor(admin, "ADMIN");
    const adminMemberKey = await createApiKeyActor(admin, "MEMBER");
    await changeMemberRole(owner, { userId: admin.userId, role: "MEMBER" });
    expect(await authenticateApiKey(adminKey.secret, null)).toBeNull();
    // A Member key of a creator who is still at least a Member keeps working.
    expect(await authenticateApiKey(adminMemberKey.secret, null)).toMatchObject({ role: "MEMBER", userId: admin.userId });
    // Settings lists it as suspended, not active.
    expect((await listApiKeys(owner)).map((key) => [key.id, key.active, key.suspended])).toEqual(
      expect.arrayContaining([
        [adminKey.apiKey.id, true, true],
        [adminMemberKey.apiKey.id, true, false],
      ]),
    );
    // Promoted back, the Admin key works again (it was never revoked).
    await changeMemberRole(owner, { userId: admin.userId, role: "ADMIN" });
    expect((await listApiKeys(owner)).find((key) => key.id === adminKey.apiKey.id)).toMatchObject({ active: true, suspended: false });
    expect(await authenticateApiKey(adminKey.secret, null)).toMatchObject({ role: "ADMIN" });

    await removeMember(owner, { userId: admin.userId });
    expect(await authenticateApiKey(adminKey.secret, null)).toBeNull();
    expect(await authenticateApiKey(adminMemberKey.secret, null)).toBeNull();

    const second = await createUser("Sam Second");
    await addMember(organization.id, second.id, "OWNER");
    const leaver = await actorIn(second.id, organization.id);
    const leaverKey = await createApiKeyActor(leaver, "ADMIN");
    await leaveOrganization(leaver);
    expect(await authenticateApiKey(leaverKey.secret, null)).toBeNull();

    const deleted = await createUser("Dee Deleted");
    await addMember(organization.id, deleted.id, "ADMIN");
    const deletedKey = await createApiKeyActor(await actorIn(deleted.id, organization.id), "MEMBER");
    await prisma.user.delete({ where: { id: deleted.id } });
    expect(await keyRow(deletedKey.apiKey.id)).toMatchObject({ createdById: null, createdByName: "Dee Deleted" });
    expect(await authenticateApiKey(deletedKey.secret, null)).toBeNull();
  });

  it("revokes for good, audit-logged, the keys of a member who is removed or leaves: joining again doesn't revive them", async () => {
    const { owner, admin, organization } = await createTeam();
    const adminKey = await createApiKeyActor(admin, "ADMIN");
    await removeMember(owner, { userId: admin.userId });
    expect((await keyRow(adminKey.apiKey.id)).revokedAt).toBeInstanceOf(Date);
    await addMember(organization.id, admin.userId, "ADMIN");
    expect(await authenticateApiKey(adminKey.secret, null)).toBeNull();
    expect(await prisma.auditLog.findFirst({ where: { organizationId: organization.id, action: "api_key.revoked", targetId: adminKey.apiKey.id } })).toMatchObject({
      actorUserId: owner.userId,
      details: { role: "ADMIN", reason: "creator removed" },
    });

    const leaver = await actorIn(admin.userId, organization.id);
    const leaverKey = await createApiKeyActor(leaver, "MEMBER");
    await leaveOrganization(leaver);
    expect((await keyRow(leaverKey.apiKey.id)).revokedAt).toBeInstanceOf(Date);
    expect(await prisma.auditLog.findFirst({ where: { action: "api_key.revoked", targetId: leaverKey.apiKey.id } })).toMatchObject({
      actorUserId: admin.userId,
      details: { role: "MEMBER", reason: "creator left" },
    });
    // Keys of others stay as they were.
    const ownerKey = await createApiKeyActor(owner, "ADMIN");
    expect(await authenticateApiKey(ownerKey.secret, null)).toMatchObject({ role: "ADMIN" });
  });

  it("records when a key was last used, at most once a minute", async () => {
    const { owner } = await createTeam();
    const { secret, apiKey } = await createApiKey(owner, { name: "CI", role: "MEMBER" });
    expect((await keyRow(apiKey.id)).lastUsedAt).toBeNull();
    await authenticateApiKey(secret, null);
    const first = (await keyRow(apiKey.id)).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all([authenticateApiKey(secret, null), authenticateApiKey(secret, null)]);
    expect((await keyRow(apiKey.id)).lastUsedAt).toEqual(first);

    // Far enough back that the test's clock and the database's may disagree by seconds.
    const longAgo = new Date(Date.now() - 3_600_000);
    await setKey(apiKey.id, { lastUsedAt: longAgo });
    await Promise.all([authenticateApiKey(secret, null), authenticateApiKey(secret, null), authenticateApiKey(secret, null)]);
    const touched = (await keyRow(apiKey.id)).lastUsedAt!;
    expect(touched.getTime()).toBeGreaterThan(longAgo.getTime() + 3_000_000);
  });
});

describe("acting with an API key", () => {
  it("acts with the key's role and audits the key", async () => {
    const { owner, member } = await createTeam();
    const adminKey = await createApiKeyActor(owner, "ADMIN", "Provisioner");
    const invitation = await createInvitation(adminKey.actor, { email: "new@example.com", role: "MEMBER" }, ORIGIN);
    const [entry] = (await listAuditLog(owner, { action: "invitation.created" })).data;
    expect(entry!.actor).toEqual({
      userId: owner.userId,
      apiKeyId: adminKey.apiKey.id,
      name: `Provisioner (API key of ${owner.name})`,
      email: owner.email,
    });
    expect(entry!.target).toMatchObject({ id: invitation.id });
    expect(entry!.ip).toBe("198.51.100.4");

    // An Owner's Admin key can't do what only Owners can; a Member key can't manage anyone.
    const memberKey = await createApiKeyActor(owner, "MEMBER");
    const before = await snapshot();
    await expectUnchanged(before, () => changeMemberRole(adminKey.actor, { userId: member.userId, role: "OWNER" }), "FORBIDDEN");
    await expectUnchanged(before, () => changeMemberRole(memberKey.actor, { userId: member.userId, role: "ADMIN" }), "FORBIDDEN");
    await expectUnchanged(before, () => removeMember(memberKey.actor, { userId: member.userId }), "FORBIDDEN");
    await expectUnchanged(before, () => createInvitation(memberKey.actor, { email: "other@example.com", role: "MEMBER" }, ORIGIN), "FORBIDDEN");

    await changeMemberRole(adminKey.actor, { userId: member.userId, role: "ADMIN" });
    const [changed] = (await listAuditLog(owner, { action: "member.role_changed" })).data;
    expect(changed!.actor.apiKeyId).toBe(adminKey.apiKey.id);
  });

  it("is refused mid-flight once the key is revoked or expires, or its creator is demoted or removed", async () => {
    const { owner, admin, member, organization } = await createTeam();
    const invite = (actor: Parameters<typeof createInvitation>[0]) =>
      createInvitation(actor, { email: `late-${Math.random()}@example.com`, role: "MEMBER" }, ORIGIN);

    const revoked = await createApiKeyActor(owner, "ADMIN");
    const expired = await createApiKeyActor(owner, "ADMIN");
    const demoted = await createApiKeyActor(admin, "ADMIN");
    await revokeApiKey(owner, { id: revoked.apiKey.id });
    await setKey(expired.apiKey.id, { expiresAt: new Date(Date.now() - 1000) });
    await setRole(organization.id, admin.userId, "MEMBER");

    const before = await snapshot();
    for (const { actor } of [revoked, expired, demoted]) {
      await expect(invite(actor)).rejects.toThrow(NO_LONGER_VALID);
      await expectUnchanged(before, () => invite(actor), "FORBIDDEN");
      await expectUnchanged(before, () => changeMemberRole(actor, { userId: member.userId, role: "ADMIN" }), "FORBIDDEN");
      await expectUnchanged(before, () => removeMember(actor, { userId: member.userId }), "FORBIDDEN");
    }

    await setRole(organization.id, admin.userId, "ADMIN");
    const removed = await createApiKeyActor(admin, "MEMBER");
    await removeMember(owner, { userId: admin.userId });
    const gone = await snapshot();
    await expectUnchanged(gone, () => invite(removed.actor), "FORBIDDEN");
    await expectUnchanged(gone, () => changeMemberRole(removed.actor, { userId: member.userId, role: "ADMIN" }), "FORBIDDEN");
  });

  it("holds the key while a mutation runs: a revocation waits for it", async () => {
    const { owner } = await createTeam();
    const { actor, apiKey, secret } = await createApiKeyActor(owner, "ADMIN");
    const longAgo = new Date(Date.now() - 3_600_000);
    await setKey(apiKey.id, { lastUsedAt: longAgo });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const mutation = prisma.$transaction(async (tx) => {
      const role = await lockActorRole(tx, actor);
      locked();
      await held;
      return role;
    });
    // Settled either way before anything else can fail, so no rejection goes unhandled.
    const mutationResult = mutation.then(
      (role) => ({ role }),
      (error: unknown) => ({ error }),
    );
    try {
      await Promise.race([isLocked, mutationResult]);
      // Requests with the key don't wait for it: recording the last use is skipped while it is held.
      expect(await authenticateApiKey(secret, null)).toMatchObject({ apiKey: { id: apiKey.id } });
      expect((await keyRow(apiKey.id)).lastUsedAt).toEqual(longAgo);
      const revocation = revokeApiKey(owner, { id: apiKey.id }).then(
        (key) => ({ key }),
        (error: unknown) => ({ error }),
      );
      // The revocation is waiting for the key's row, as PostgreSQL itself reports.
      await waitUntilWaitingForLocks();
      expect((await keyRow(apiKey.id)).revokedAt).toBeNull();
      release();
      expect(await mutationResult).toEqual({ role: "ADMIN" });
      expect(await revocation).toMatchObject({ key: { revokedAt: expect.any(Date) } });
      expect(await authenticateApiKey(secret, null)).toBeNull();
    } finally {
      release();
    }
  });
});
