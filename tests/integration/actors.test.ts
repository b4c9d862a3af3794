import { prisma } from "@/lib/db/client";
import { resolveActor, resolvePageActor } from "@/lib/services/actors";
import { createOrganization } from "@/lib/services/organizations";
import { actorFor, createUser } from "../helpers/factories";

/** A Member of a new organization (made by its Owner), acting in it. */
async function memberActiveIn(name: string) {
  const owner = await createUser("Owner");
  const member = await createUser("Member");
  const organization = await createOrganization(await actorFor(owner.id), { name });
  await prisma.member.create({ data: { userId: member.id, organizationId: organization.id, role: "MEMBER" } });
  await prisma.user.update({ where: { id: member.id }, data: { activeOrganizationId: organization.id } });
  return { member, organization };
}

describe("resolving the actor from the database", () => {
  it("reads the role from the database on every request", async () => {
    const { member, organization } = await memberActiveIn("Shared");
    expect((await actorFor(member.id)).role).toBe("MEMBER");
    await prisma.member.update({ where: { userId_organizationId: { userId: member.id, organizationId: organization.id } }, data: { role: "ADMIN" } });
    expect((await actorFor(member.id)).role).toBe("ADMIN");
  });

  it("moves a removed member to their personal organization and says which access was lost", async () => {
    const { member, organization } = await memberActiveIn("Lost Org");
    await prisma.member.delete({ where: { userId_organizationId: { userId: member.id, organizationId: organization.id } } });

    const resolved = await resolveActor(member.id, null);
    expect(resolved?.actor).toMatchObject({ organizationId: member.personalOrganizationId, role: "OWNER" });
    expect(resolved?.lostOrganization).toEqual({ id: organization.id, name: "Lost Org" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: member.id } })).activeOrganizationId).toBe(member.personalOrganizationId);
    expect((await resolveActor(member.id, null))?.lostOrganization).toBeUndefined();
  });

  it("gives a page of a removed member their personal organization's frame, read after the move", async () => {
    const { member, organization } = await memberActiveIn("Lost Org");
    expect((await resolvePageActor(member.id, null))?.organization).toMatchObject({ id: organization.id, name: "Lost Org", role: "MEMBER" });
    await prisma.member.delete({ where: { userId_organizationId: { userId: member.id, organizationId: organization.id } } });

    const page = await resolvePageActor(member.id, null);
    expect(page?.lostOrganization).toEqual({ id: organization.id, name: "Lost Org" });
    expect(page?.actor).toMatchObject({ organizationId: member.personalOrganizationId, role: "OWNER" });
    expect(page?.organization).toMatchObject({ id: member.personalOrganizationId, personal: true, memberCount: 1, role: "OWNER" });
    expect(page?.navigation.organizations).toEqual([{ id: member.personalOrganizationId, name: expect.any(String), role: "OWNER", personal: true }]);
  });

  it("returns nothing for a user that no longer exists", async () => {
    expect(await resolveActor("00000000-0000-4000-8000-000000000000", null)).toBeNull();
  });

  it("updates last active at most once a minute", async () => {
    const user = await createUser();
    const key = { userId_organizationId: { userId: user.id, organizationId: user.personalOrganizationId } };
    const stale = new Date(Date.now() - 5 * 60_000);
    await prisma.member.update({ where: key, data: { lastActiveAt: stale } });
    await resolveActor(user.id, null);
    const first = (await prisma.member.findUniqueOrThrow({ where: key })).lastActiveAt;
    expect(first.getTime()).toBeGreaterThan(stale.getTime());
    const recent = new Date(Date.now() - 30_000);
    await prisma.member.update({ where: key, data: { lastActiveAt: recent } });
    await Promise.all([resolveActor(user.id, null), resolveActor(user.id, null)]);
    expect((await prisma.member.findUniqueOrThrow({ where: key })).lastActiveAt).toEqual(recent);
  });
});
