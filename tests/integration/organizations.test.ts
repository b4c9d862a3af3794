import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createApiKey } from "@/lib/services/api-keys";
import { cancelInvitation, createInvitation } from "@/lib/services/invitations/manage";
import { acceptInvitation } from "@/lib/services/invitations/respond";
import { changeMemberRole, leaveOrganization, removeMember } from "@/lib/services/members";
import { listNotifications } from "@/lib/services/notifications";
import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  listMyOrganizations,
  renameOrganization,
  switchOrganization,
} from "@/lib/services/organizations";
import { actorFor, actorIn, addMember, createTeam, createUser, expectUnchanged, snapshot } from "../helpers/factories";

describe("organizations", () => {
  it("creates an organization owned by the actor and makes it active", async () => {
    const user = await createUser("Owner");
    const actor = await actorFor(user.id);
    const organization = await createOrganization(actor, { name: "  Acme Inc " });
    expect(organization.name).toBe("Acme Inc");
    const member = await prisma.member.findUniqueOrThrow({ where: { userId_organizationId: { userId: user.id, organizationId: organization.id } } });
    expect(member.role).toBe("OWNER");
    const now = await actorFor(user.id);
    expect(now.organizationId).toBe(organization.id);
    expect(await getOrganization(now)).toMatchObject({ name: "Acme Inc", personal: false, memberCount: 1, role: "OWNER" });
    expect(await listMyOrganizations(now)).toEqual([
      { id: user.personalOrganizationId, name: "Owner's organization", role: "OWNER", personal: true },
      { id: organization.id, name: "Acme Inc", role: "OWNER", personal: false },
    ]);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { organizationId: organization.id } });
    expect(audit).toMatchObject({ action: "organization.created", actorUserId: user.id, actorEmail: user.email, ip: "203.0.113.7" });
  });

  it("refuses a name that is too short and writes nothing", async () => {
    const actor = await actorFor((await createUser()).id);
    await expectUnchanged(await snapshot(), () => createOrganization(actor, { name: " x " }), "VALIDATION");
  });

  it("switches between the actor's organizations", async () => {
    const user = await createUser();
    const second = await createOrganization(await actorFor(user.id), { name: "Second" });
    const back = await switchOrganization(await actorFor(user.id), { organizationId: user.personalOrganizationId });
    expect(back.role).toBe("OWNER");
    expect((await actorFor(user.id)).organizationId).toBe(user.personalOrganizationId);
    await switchOrganization(await actorFor(user.id), { organizationId: second.id });
    expect((await actorFor(user.id)).organizationId).toBe(second.id);
    const switches = await prisma.auditLog.findMany({ where: { action: "organization.switched" } });
    expect(switches).toHaveLength(2);
  });

  it("refuses to switch to an organization the actor doesn't belong to, as if it didn't exist", async () => {
    const outsider = await createUser("Outsider");
    const other = await createUser("Other");
    const actor = await actorFor(outsider.id);
    const before = await snapshot();
    await expectUnchanged(before, () => switchOrganization(actor, { organizationId: other.personalOrganizationId }), "NOT_FOUND");
    await expectUnchanged(before, () => switchOrganization(actor, { organizationId: "00000000-0000-4000-8000-000000000000" }), "NOT_FOUND");
    await expectUnchanged(before, () => switchOrganization(actor, { organizationId: "not-a-uuid" }), "VALIDATION");
  });
});

describe("renaming and deleting an organization", () => {
  it("lets Owners and Admins rename, not Members, nor a personal organization", async () => {
    const { owner, admin, member, organization } = await createTeam("Acme");
    await expectUnchanged(await snapshot(), () => renameOrganization(member, { name: "Nope" }), "FORBIDDEN");
    await expect(renameOrganization(admin, { name: "Acme Ltd" })).resolves.toEqual({ id: organization.id, name: "Acme Ltd" });
    await renameOrganization(owner, { name: "Acme Group" });
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: organization.id } })).name).toBe("Acme Group");
    const renamed = await prisma.auditLog.findMany({ where: { organizationId: organization.id, action: "organization.renamed" }, orderBy: { id: "asc" } });
    expect(renamed.map((entry) => entry.details)).toEqual([{ from: "Acme", to: "Acme Ltd" }, { from: "Acme Ltd", to: "Acme Group" }]);
    const personal = await actorIn(owner.userId, owner.personalOrganizationId);
    await expectUnchanged(await snapshot(), () => renameOrganization(personal, { name: "Mine" }), "FORBIDDEN");
  });

  it("lets only Owners delete, with the name typed exactly; members fall back to their personal organization and the audit log stays", async () => {
    const { owner, admin, member, organization } = await createTeam("Doomed");
    await expectUnchanged(await snapshot(), () => deleteOrganization(admin, { confirmName: "Doomed" }), "FORBIDDEN");
    await expectUnchanged(await snapshot(), () => deleteOrganization(owner, { confirmName: "doomed" }), "VALIDATION");
    await deleteOrganization(owner, { confirmName: "Doomed" });
    expect(await prisma.organization.findUnique({ where: { id: organization.id } })).toBeNull();
    expect(await prisma.member.count({ where: { organizationId: organization.id } })).toBe(0);
    expect((await actorFor(member.userId)).organizationId).toBe(member.personalOrganizationId);
    const log = await prisma.auditLog.findMany({ where: { organizationId: organization.id }, orderBy: { id: "asc" } });
    expect(log.at(-1)).toMatchObject({ action: "organization.deleted", actorUserId: owner.userId, targetLabel: "Doomed" });
    for (const told of [admin, member]) {
      expect((await listNotifications(told)).data[0]).toMatchObject({
        type: "ORGANIZATION_DELETED",
        message: "Olivia Owner deleted Doomed. You no longer have access to it.",
        read: false,
      });
    }
    expect((await listNotifications(owner)).data).toEqual([]);
  });

  it("never deletes a personal organization", async () => {
    const user = await createUser();
    const actor = await actorFor(user.id);
    await expectUnchanged(await snapshot(), () => deleteOrganization(actor, { confirmName: "Test's organization" }), "FORBIDDEN");
  });

  it("deletes cleanly while its members act at the same moment: each write lands first or is refused, none deadlocks", async () => {
    for (let round = 0; round < 5; round += 1) {
      const { owner, admin, member, organization } = await createTeam(`Race ${round}`);
      const [leaver, invitee, switcher] = await Promise.all([createUser("Leaver"), createUser("Invitee"), createUser("Switcher")]);
      await addMember(organization.id, leaver.id, "MEMBER");
      await addMember(organization.id, switcher.id, "MEMBER");
      const leaverActor = await actorIn(leaver.id, organization.id);
      const switcherActor = await actorFor(switcher.id);
      const pending = await createInvitation(admin, { email: `pending-${round}-${Date.now()}@example.com`, role: "MEMBER" }, "http://localhost");
      const invited = await createInvitation(admin, { email: invitee.email, role: "MEMBER" }, "http://localhost");
      const invitedUser = { userId: invitee.id, email: invitee.email, name: invitee.name, ip: null };

      const results = await Promise.allSettled([
        deleteOrganization(owner, { confirmName: `Race ${round}` }),
        removeMember(admin, { userId: member.userId }),
        changeMemberRole(owner, { userId: admin.userId, role: "MEMBER" }),
        leaveOrganization(leaverActor),
        createInvitation(admin, { email: `late-${round}-${Date.now()}@example.com`, role: "MEMBER" }, "http://localhost"),
        cancelInvitation(admin, { id: pending.id }),
        acceptInvitation(invitedUser, { token: invited.url.split("/").pop()! }),
        createApiKey(admin, { name: "Racing key", role: "MEMBER" }),
        switchOrganization(switcherActor, { organizationId: organization.id }),
        renameOrganization(admin, { name: `Renamed ${round}` }),
      ]);

      const [deletion, ...others] = results;
      if (deletion!.status === "rejected") {
        // The rename took the organization's lock first: the name typed no longer matches, so it is deleted by its new name.
        expect([deletion!.reason, results.at(-1)!.status]).toEqual([expect.objectContaining({ code: "VALIDATION" }), "fulfilled"]);
        await deleteOrganization(owner, { confirmName: `Renamed ${round}` });
      }
      for (const result of others) {
        if (result.status === "rejected") {
          expect(result.reason).toBeInstanceOf(AppError);
          expect(["NOT_FOUND", "FORBIDDEN", "CONFLICT"]).toContain((result.reason as AppError).code);
        }
      }
      expect(await prisma.organization.findUnique({ where: { id: organization.id } })).toBeNull();
      for (const table of [prisma.member, prisma.invitation, prisma.apiKey] as const) {
        expect(await (table as typeof prisma.member).count({ where: { organizationId: organization.id } })).toBe(0);
      }
    }
  });
});

describe("member count", () => {
  const countedAndReal = async (actor: Awaited<ReturnType<typeof actorFor>>) => [
    (await getOrganization(actor)).memberCount,
    await prisma.member.count({ where: { organizationId: actor.organizationId } }),
  ];

  it("stays exact as people join and go, also when they join at the same moment", async () => {
    const { owner, admin, member } = await createTeam("Counted");
    expect(await countedAndReal(owner)).toEqual([3, 3]);
    const invitees = await Promise.all(Array.from({ length: 6 }, (_, index) => createUser(`Joiner ${index}`)));
    const links: string[] = [];
    for (const invitee of invitees) links.push((await createInvitation(owner, { email: invitee.email, role: "MEMBER" }, "http://localhost")).url);
    await Promise.all(
      invitees.map((invitee, index) =>
        acceptInvitation({ userId: invitee.id, email: invitee.email, name: invitee.name, ip: null }, { token: links[index]!.split("/").pop()! }),
      ),
    );
    expect(await countedAndReal(owner)).toEqual([9, 9]);
    await Promise.all([removeMember(owner, { userId: member.userId }), leaveOrganization(admin)]);
    expect(await countedAndReal(owner)).toEqual([7, 7]);
  });

  it("counts the owner of a new organization and of a personal one", async () => {
    const user = await createUser("Counter");
    const actor = await actorFor(user.id);
    expect(await countedAndReal(actor)).toEqual([1, 1]);
    await createOrganization(actor, { name: "Fresh" });
    expect(await countedAndReal(await actorFor(user.id))).toEqual([1, 1]);
  });
});
