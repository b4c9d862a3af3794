import { prisma } from "@/lib/db/client";
import { REFUSALS } from "@/lib/permissions";
import { listNotifications } from "@/lib/services/notifications";
import { transferOwnership } from "@/lib/services/ownership";
import { actorFor, addMember, createApiKeyActor, createTeam, createUser, expectUnchanged, snapshot } from "../helpers/factories";

const roleOf = async (organizationId: string, userId: string) =>
  (await prisma.member.findUnique({ where: { userId_organizationId: { userId, organizationId } } }))?.role;

describe("transferring ownership", () => {
  it("makes the member Owner and the Owner Admin in one step; both are told, and the audit log says who did it", async () => {
    const { owner, admin, organization } = await createTeam();
    const result = await transferOwnership(owner, { userId: admin.userId });
    expect(result).toMatchObject({
      owner: { userId: admin.userId, name: "Adam Admin", role: "OWNER", email: admin.email },
      previousOwner: { userId: owner.userId, name: "Olivia Owner", role: "ADMIN", email: owner.email },
    });
    expect(await roleOf(organization.id, admin.userId)).toBe("OWNER");
    expect(await roleOf(organization.id, owner.userId)).toBe("ADMIN");
    expect(await prisma.member.count({ where: { organizationId: organization.id, role: "OWNER" } })).toBe(1);
    expect((await listNotifications(admin)).data[0]).toMatchObject({
      type: "OWNERSHIP_RECEIVED",
      message: "Olivia Owner transferred ownership of Acme to you. You are now an Owner.",
      opens: "Members",
    });
    expect((await listNotifications(owner)).data[0]).toMatchObject({
      type: "OWNERSHIP_HANDED_OVER",
      message: "You transferred ownership of Acme to Adam Admin. You are now an Admin.",
    });
    expect(await prisma.auditLog.findMany({ where: { organizationId: organization.id, action: "member.ownership_transferred" } })).toEqual([
      expect.objectContaining({
        actorUserId: owner.userId,
        targetId: admin.userId,
        targetLabel: admin.email,
        details: { name: "Adam Admin", from: "ADMIN", to: "OWNER", previousOwnerRole: "ADMIN" },
      }),
    ]);
    // Programs hear it as two role changes, in the events feed (and webhooks) with the API's member shape.
    const events = await prisma.event.findMany({ where: { organizationId: organization.id, type: "member.role_changed" }, orderBy: { sequence: "asc" } });
    expect(events.map((event) => event.data)).toEqual([
      { member: expect.objectContaining({ userId: admin.userId, role: "OWNER" }), previous: { role: "ADMIN" } },
      { member: expect.objectContaining({ userId: owner.userId, role: "ADMIN", email: owner.email }), previous: { role: "OWNER" } },
    ]);
    // Now an Admin, the former Owner can't take it back or hand it on.
    await expect(transferOwnership(await actorFor(owner.userId), { userId: admin.userId })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only Owners can transfer ownership.",
    });
  });

  it("hands it to a Member too, and keeps the former Owner's invitations and keys", async () => {
    const { owner, member, organization } = await createTeam();
    const key = await createApiKeyActor(owner, "ADMIN");
    await transferOwnership(owner, { userId: member.userId });
    expect(await roleOf(organization.id, member.userId)).toBe("OWNER");
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { id: key.apiKey.id } })).toMatchObject({ revokedAt: null });
  });

  it("is refused, changing nothing, to anyone but an Owner, to yourself, to an Owner, to a non-member, and in a personal organization", async () => {
    const { owner, admin, member, organization } = await createTeam();
    const outsider = await createUser("Otto Outsider");
    const secondOwner = await createUser("Sam Second");
    await addMember(organization.id, secondOwner.id, "OWNER");
    const { actor: adminKey } = await createApiKeyActor(owner, "ADMIN");
    const before = await snapshot();
    const refusals: [Parameters<typeof transferOwnership>[0], string, string, string][] = [
      [admin, member.userId, "FORBIDDEN", "Only Owners can transfer ownership."],
      [member, admin.userId, "FORBIDDEN", "Only Owners can transfer ownership."],
      [adminKey, member.userId, "FORBIDDEN", "Only Owners can transfer ownership."],
      [owner, owner.userId, "FORBIDDEN", REFUSALS.ownTransfer],
      [owner, secondOwner.id, "FORBIDDEN", "Sam Second is already an Owner."],
      [owner, outsider.id, "NOT_FOUND", REFUSALS.transferToNonMember],
    ];
    for (const [actor, userId, code, message] of refusals) {
      await expect(transferOwnership(actor, { userId })).rejects.toMatchObject({ code, message });
    }
    await expect(transferOwnership(owner, { userId: "not-a-uuid" })).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await snapshot()).toEqual(before);

    // A personal organization always keeps its owner as Owner.
    const personal = await actorFor(outsider.id);
    await addMember(personal.organizationId, admin.userId, "ADMIN");
    await expectUnchanged(await snapshot(), () => transferOwnership(personal, { userId: admin.userId }), "FORBIDDEN");
    await expect(transferOwnership(personal, { userId: admin.userId })).rejects.toMatchObject({ message: REFUSALS.personalTransfer });
  });

  it("happens once when an Owner transfers to two members at the same moment: the second finds them an Admin", async () => {
    const { owner, admin, member, organization } = await createTeam();
    const results = await Promise.allSettled([transferOwnership(owner, { userId: admin.userId }), transferOwnership(owner, { userId: member.userId })]);
    const refused = results.filter((result) => result.status === "rejected");
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: "FORBIDDEN", message: "Only Owners can transfer ownership." });
    const owners = await prisma.member.findMany({ where: { organizationId: organization.id, role: "OWNER" } });
    expect(owners).toHaveLength(1);
    expect([admin.userId, member.userId]).toContain(owners[0]!.userId);
    expect(await roleOf(organization.id, owner.userId)).toBe("ADMIN");
  });
});
