import { prisma } from "@/lib/db/client";
import { resolveActor } from "@/lib/services/actors";
import { changeMemberRole, leaveOrganization, listMembers, removeMember, type MemberView } from "@/lib/services/members";
import { listNotifications } from "@/lib/services/notifications";
import type { Actor } from "@/lib/services/types";
import { actorFor, actorIn, addMember, createTeam, createUser, createUsers, expectUnchanged, snapshot } from "../helpers/factories";

const roleOf = async (organizationId: string, userId: string) =>
  (await prisma.member.findUnique({ where: { userId_organizationId: { userId, organizationId } } }))?.role;

async function allPages(actor: Actor, input: { q?: string; limit?: number }) {
  const seen: MemberView[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listMembers(actor, { ...input, cursor });
    seen.push(...page.data);
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor);
  return { seen, pages };
}

describe("listing members", () => {
  it("hides other members' emails and last-active times from Members only", async () => {
    const { owner, admin, member } = await createTeam();
    const asMember = (await listMembers(member, {})).data;
    expect(asMember.map((row) => row.name)).toEqual(["Olivia Owner", "Adam Admin", "Mia Member"]);
    for (const row of asMember) {
      const self = row.userId === member.userId;
      expect(row.email).toBe(self ? member.email : null);
      expect(row.lastActiveAt === null).toBe(!self);
    }
    for (const actor of [owner, admin]) {
      const rows = (await listMembers(actor, {})).data;
      expect(rows.map((row) => row.email)).toEqual([owner.email, admin.email, member.email]);
      expect(rows.every((row) => row.lastActiveAt instanceof Date && row.joinedAt instanceof Date)).toBe(true);
      expect(rows.map((row) => row.role)).toEqual(["OWNER", "ADMIN", "MEMBER"]);
    }
  });

  it("pages through many members without gaps or repeats, and searches names and emails", async () => {
    const { owner, member, organization } = await createTeam();
    const users = await createUsers(120, (index) => (index % 10 === 0 ? `Zed_Bulk ${index}` : `Bulk 100% ${index}`));
    // One statement: they all share the same joined_at, so only the id tie-break orders them.
    await prisma.member.createMany({ data: users.map((user) => ({ organizationId: organization.id, userId: user.id, role: "MEMBER" as const })) });

    const { seen, pages } = await allPages(owner, { limit: 50 });
    expect(pages).toBe(3);
    expect(seen).toHaveLength(123);
    expect(new Set(seen.map((row) => row.userId)).size).toBe(123);
    const expected = await prisma.member.findMany({ where: { organizationId: organization.id }, orderBy: [{ joinedAt: "asc" }, { id: "asc" }] });
    expect(seen.map((row) => row.userId)).toEqual(expected.map((row) => row.userId));

    const byName = await allPages(owner, { q: "zed_bulk", limit: 5 });
    expect(byName.seen.map((row) => row.name).sort()).toEqual(users.filter((_, index) => index % 10 === 0).map((user) => user.name).sort());
    // % and _ are matched literally.
    expect((await allPages(owner, { q: "_" })).seen).toHaveLength(12);
    expect((await allPages(owner, { q: "%" })).seen).toHaveLength(108);
    // "Bulk 100% 1", "… 11" to "… 19" and "… 101" to "… 119", less the Zed_ names.
    expect((await allPages(owner, { q: "0% 1" })).seen).toHaveLength(28);

    const email = users[7]!.email;
    expect((await listMembers(owner, { q: email.toUpperCase() })).data.map((row) => row.userId)).toEqual([users[7]!.id]);
    // Members can't see emails, so they can't search by them either.
    expect((await listMembers(member, { q: email })).data).toEqual([]);
    expect((await listMembers(member, { q: "zed_" })).data).toHaveLength(12);
  });

  it("refuses a broken cursor and bad limits", async () => {
    const { owner } = await createTeam();
    await expect(listMembers(owner, { cursor: "garbage" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { cursor: expect.any(Array) } });
    await expect(listMembers(owner, { limit: 0 })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(listMembers(owner, { limit: 101 })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("changing roles", () => {
  it("lets an Owner change any role; the member is notified and it is audited", async () => {
    const { owner, member, organization } = await createTeam();
    const view = await changeMemberRole(owner, { userId: member.userId, role: "ADMIN" });
    expect(view).toMatchObject({ userId: member.userId, role: "ADMIN", email: member.email });
    expect(await roleOf(organization.id, member.userId)).toBe("ADMIN");
    expect((await listNotifications(member)).data[0]).toMatchObject({
      type: "ROLE_CHANGED",
      message: "Olivia Owner changed your role in Acme from Member to Admin.",
    });
    expect(await prisma.auditLog.findFirst({ where: { organizationId: organization.id, action: "member.role_changed" } })).toMatchObject({
      actorUserId: owner.userId,
      targetType: "member",
      targetId: member.userId,
      targetLabel: member.email,
      details: { from: "MEMBER", to: "ADMIN" },
    });
    await changeMemberRole(owner, { userId: member.userId, role: "OWNER" });
    await changeMemberRole(owner, { userId: member.userId, role: "MEMBER" });
    expect(await roleOf(organization.id, member.userId)).toBe("MEMBER");
  });

  it("changes nothing when the role is the same", async () => {
    const { owner, member } = await createTeam();
    const before = await snapshot();
    await expect(changeMemberRole(owner, { userId: member.userId, role: "MEMBER" })).resolves.toMatchObject({ role: "MEMBER" });
    expect(await snapshot()).toEqual(before);
  });

  it("lets Admins move members between Member and Admin, but not touch the Owner role", async () => {
    const { owner, admin, member, organization } = await createTeam();
    const other = await createUser("Other Admin");
    await addMember(organization.id, other.id, "ADMIN");
    await changeMemberRole(admin, { userId: member.userId, role: "ADMIN" });
    await changeMemberRole(admin, { userId: other.id, role: "MEMBER" });
    expect(await roleOf(organization.id, other.id)).toBe("MEMBER");

    const before = await snapshot();
    await expectUnchanged(before, () => changeMemberRole(admin, { userId: other.id, role: "OWNER" }), "FORBIDDEN");
    await expectUnchanged(before, () => changeMemberRole(admin, { userId: owner.userId, role: "ADMIN" }), "FORBIDDEN");
    await expect(changeMemberRole(admin, { userId: owner.userId, role: "MEMBER" })).rejects.toThrow("Only Owners can grant or revoke the Owner role.");
  });

  it("refuses Members, changing one's own role, strangers and bad input", async () => {
    const { owner, admin, member } = await createTeam();
    const stranger = await createUser("Stranger");
    const before = await snapshot();
    await expectUnchanged(before, () => changeMemberRole(member, { userId: admin.userId, role: "MEMBER" }), "FORBIDDEN");
    await expectUnchanged(before, () => changeMemberRole(owner, { userId: owner.userId, role: "ADMIN" }), "FORBIDDEN");
    await expectUnchanged(before, () => changeMemberRole(admin, { userId: admin.userId, role: "MEMBER" }), "FORBIDDEN");
    await expect(changeMemberRole(owner, { userId: owner.userId, role: "ADMIN" })).rejects.toThrow("You cannot change your own role.");
    await expectUnchanged(before, () => changeMemberRole(owner, { userId: stranger.id, role: "ADMIN" }), "NOT_FOUND");
    await expectUnchanged(before, () => changeMemberRole(owner, { userId: "not-a-uuid", role: "ADMIN" }), "VALIDATION");
    await expectUnchanged(before, () => changeMemberRole(owner, { userId: member.userId, role: "BOSS" as never }), "VALIDATION");
  });

  it("uses the actor's role as it is in the database now", async () => {
    const { owner, admin, member, organization } = await createTeam();
    await prisma.member.update({ where: { userId_organizationId: { userId: owner.userId, organizationId: organization.id } }, data: { role: "ADMIN" } });
    await prisma.member.update({ where: { userId_organizationId: { userId: admin.userId, organizationId: organization.id } }, data: { role: "OWNER" } });
    // `owner` still says OWNER, but is an Admin now.
    await expectUnchanged(await snapshot(), () => changeMemberRole(owner, { userId: member.userId, role: "OWNER" }), "FORBIDDEN");
    await prisma.member.delete({ where: { userId_organizationId: { userId: owner.userId, organizationId: organization.id } } });
    await expectUnchanged(await snapshot(), () => changeMemberRole(owner, { userId: member.userId, role: "ADMIN" }), "FORBIDDEN");
  });

  it("keeps the owner of a personal organization its Owner", async () => {
    const host = await createUser("Host");
    const guest = await createUser("Guest");
    await addMember(host.personalOrganizationId, guest.id, "OWNER");
    const guestActor = await actorIn(guest.id, host.personalOrganizationId);
    await expectUnchanged(await snapshot(), () => changeMemberRole(guestActor, { userId: host.id, role: "ADMIN" }), "FORBIDDEN");
    await expectUnchanged(await snapshot(), () => removeMember(guestActor, { userId: host.id }), "FORBIDDEN");
  });

  it("lets exactly one of the last two Owners demote the other when both try at once", async () => {
    for (let round = 0; round < 5; round += 1) {
      const { owner, admin, organization } = await createTeam(`Race ${round}`);
      await prisma.member.update({ where: { userId_organizationId: { userId: admin.userId, organizationId: organization.id } }, data: { role: "OWNER" } });
      const second = await actorIn(admin.userId, organization.id);
      const results = await Promise.allSettled([
        changeMemberRole(owner, { userId: second.userId, role: "MEMBER" }),
        changeMemberRole(second, { userId: owner.userId, role: "ADMIN" }),
      ]);
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
      expect(["FORBIDDEN", "CONFLICT"]).toContain(refused.reason.code);
      expect(await prisma.member.count({ where: { organizationId: organization.id, role: "OWNER" } })).toBe(1);
      expect(await prisma.auditLog.count({ where: { organizationId: organization.id, action: "member.role_changed" } })).toBe(1);
    }
  });
});

describe("removing members", () => {
  it("removes a member, who is told and lands in their personal organization with a notice on their next request", async () => {
    const { owner, member, organization } = await createTeam();
    await removeMember(owner, { userId: member.userId });
    expect(await roleOf(organization.id, member.userId)).toBeUndefined();
    const next = await resolveActor(member.userId, null);
    expect(next?.actor).toMatchObject({ organizationId: member.personalOrganizationId, role: "OWNER" });
    expect(next?.lostOrganization).toEqual({ id: organization.id, name: "Acme" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: member.userId } })).activeOrganizationId).toBe(member.personalOrganizationId);
    expect((await listNotifications(member)).data[0]).toMatchObject({ type: "REMOVED_FROM_ORGANIZATION", message: "Olivia Owner removed you from Acme." });
    expect(await prisma.auditLog.findFirst({ where: { organizationId: organization.id, action: "member.removed" } })).toMatchObject({
      actorUserId: owner.userId,
      targetId: member.userId,
      targetLabel: member.email,
      details: { role: "MEMBER" },
    });
  });

  it("leaves the active organization of a removed member alone when it was another one", async () => {
    const { owner, member, organization } = await createTeam();
    await actorIn(member.userId, member.personalOrganizationId);
    await removeMember(owner, { userId: member.userId });
    expect(await roleOf(organization.id, member.userId)).toBeUndefined();
    expect((await prisma.user.findUniqueOrThrow({ where: { id: member.userId } })).activeOrganizationId).toBe(member.personalOrganizationId);
  });

  it("lets Admins remove Admins and Members but not Owners, and nobody removes themselves", async () => {
    const { owner, admin, member, organization } = await createTeam();
    const stranger = await createUser("Stranger");
    const before = await snapshot();
    await expectUnchanged(before, () => removeMember(member, { userId: admin.userId }), "FORBIDDEN");
    await expectUnchanged(before, () => removeMember(admin, { userId: owner.userId }), "FORBIDDEN");
    await expectUnchanged(before, () => removeMember(admin, { userId: admin.userId }), "FORBIDDEN");
    await expectUnchanged(before, () => removeMember(owner, { userId: owner.userId }), "FORBIDDEN");
    await expect(removeMember(owner, { userId: owner.userId })).rejects.toThrow("You cannot remove yourself. Use Leave Organization in Settings.");
    await expectUnchanged(before, () => removeMember(owner, { userId: stranger.id }), "NOT_FOUND");

    const otherAdmin = await createUser("Other Admin");
    await addMember(organization.id, otherAdmin.id, "ADMIN");
    await removeMember(admin, { userId: member.userId });
    await removeMember(admin, { userId: otherAdmin.id });
    await removeMember(owner, { userId: admin.userId });
    expect(await prisma.member.count({ where: { organizationId: organization.id } })).toBe(1);
  });

  it("lets an Owner remove another Owner", async () => {
    const { owner, admin, organization } = await createTeam();
    await changeMemberRole(owner, { userId: admin.userId, role: "OWNER" });
    await removeMember(owner, { userId: admin.userId });
    expect(await prisma.member.findMany({ where: { organizationId: organization.id, role: "OWNER" }, select: { userId: true } })).toEqual([
      { userId: owner.userId },
    ]);
  });
});

describe("leaving", () => {
  it("leaves for the personal organization", async () => {
    const { member, organization } = await createTeam();
    expect(await leaveOrganization(member)).toEqual({ personalOrganizationId: member.personalOrganizationId });
    expect(await roleOf(organization.id, member.userId)).toBeUndefined();
    expect(await actorFor(member.userId)).toMatchObject({ organizationId: member.personalOrganizationId });
    expect(await prisma.auditLog.findFirst({ where: { organizationId: organization.id, action: "member.left" } })).toMatchObject({
      actorUserId: member.userId,
      targetId: member.userId,
    });
  });

  it("refuses to leave the personal organization, or as the last Owner", async () => {
    const { owner } = await createTeam();
    const personal = await actorIn(owner.userId, owner.personalOrganizationId);
    const before = await snapshot();
    await expectUnchanged(before, () => leaveOrganization(personal), "FORBIDDEN");
    await expect(leaveOrganization(personal)).rejects.toThrow("You can't leave your personal organization.");
    await expectUnchanged(before, () => leaveOrganization(owner), "CONFLICT");
    await expect(leaveOrganization(owner)).rejects.toThrow("You are the last Owner. Make another member Owner before leaving.");
  });

  it("lets only one of the last two Owners leave when both try at once", async () => {
    const { owner, admin, organization } = await createTeam();
    await changeMemberRole(owner, { userId: admin.userId, role: "OWNER" });
    const second = await actorIn(admin.userId, organization.id);
    const results = await Promise.allSettled([leaveOrganization(owner), leaveOrganization(second)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(results.find((result) => result.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
    expect(await prisma.member.count({ where: { organizationId: organization.id, role: "OWNER" } })).toBe(1);
  });
});
