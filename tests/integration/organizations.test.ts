import { prisma } from "@/lib/db/client";
import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  listMyOrganizations,
  renameOrganization,
  switchOrganization,
} from "@/lib/services/organizations";
import { actorFor, actorIn, createTeam, createUser, expectUnchanged, snapshot } from "../helpers/factories";

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
  });

  it("never deletes a personal organization", async () => {
    const user = await createUser();
    const actor = await actorFor(user.id);
    await expectUnchanged(await snapshot(), () => deleteOrganization(actor, { confirmName: "Test's organization" }), "FORBIDDEN");
  });
});
