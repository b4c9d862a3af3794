import { prisma } from "@/lib/db/client";
import { changeMemberRole, removeMember } from "@/lib/services/members";
import { createInvitation } from "@/lib/services/invitations/manage";
import { signUpWithInvitation } from "@/lib/services/invitations/respond";
import { listNotifications, markNotificationsRead, notify } from "@/lib/services/notifications";
import { openNotification } from "@/lib/services/open-notification";
import { switchOrganization } from "@/lib/services/organizations";
import { actorFor, createTeam, createUser } from "../helpers/factories";

describe("notifications", () => {
  it("say who did what, where, with the unread count", async () => {
    const user = await createUser("Reader");
    const organizationId = "6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c";
    const acme = { organizationId, organizationName: "Acme" };
    await prisma.$transaction(async (tx) => {
      await notify(tx, user.id, "INVITATION_ACCEPTED", { ...acme, email: "jane@x.com", name: "Jane Doe" });
      await notify(tx, user.id, "INVITATION_REJECTED", { ...acme, email: "joe@x.com", name: "Joe Bloggs" });
    });
    await notify(prisma, user.id, "ROLE_CHANGED", { ...acme, from: "MEMBER", to: "ADMIN", changedBy: "Ada Lovelace" });
    await notify(prisma, user.id, "REMOVED_FROM_ORGANIZATION", { ...acme, removedBy: "Ada Lovelace" });
    await notify(prisma, user.id, "OWNERSHIP_RECEIVED", { ...acme, fromName: "Ada Lovelace" });
    await notify(prisma, user.id, "OWNERSHIP_HANDED_OVER", { ...acme, toName: "Bob Stone" });

    const { unreadCount, data } = await listNotifications({ userId: user.id });
    expect(unreadCount).toBe(6);
    expect(data.map((notification) => [notification.message, notification.opens]).sort()).toEqual([
      ["Ada Lovelace changed your role in Acme from Member to Admin.", "Members"],
      ["Ada Lovelace removed you from Acme.", null],
      ["Ada Lovelace transferred ownership of Acme to you. You are now an Owner.", "Members"],
      ["Jane Doe (jane@x.com) accepted your invitation to Acme.", "Members"],
      ["Joe Bloggs (joe@x.com) rejected your invitation to Acme.", "Pending Invitations"],
      ["You transferred ownership of Acme to Bob Stone. You are now an Admin.", "Members"],
    ]);
    expect(data.every((notification) => notification.read === false && notification.createdAt instanceof Date)).toBe(true);
  });

  it("made before names and organizations were kept still read well, and open nothing", async () => {
    const user = await createUser("Reader");
    await prisma.notification.createMany({
      data: [
        { userId: user.id, type: "INVITATION_ACCEPTED", data: { organizationName: "Acme", email: "jane@x.com" } },
        { userId: user.id, type: "ROLE_CHANGED", data: { organizationName: "Acme", from: "MEMBER", to: "ADMIN" } },
        { userId: user.id, type: "REMOVED_FROM_ORGANIZATION", data: { organizationName: "Acme" } },
      ],
    });
    expect((await listNotifications({ userId: user.id })).data.map((notification) => [notification.message, notification.opens]).sort()).toEqual([
      ["You were removed from Acme.", null],
      ["Your role in Acme changed from Member to Admin.", null],
      ["jane@x.com accepted your invitation to Acme.", null],
    ]);
  });

  it("come from role changes and removals, naming who made them", async () => {
    const { owner, member } = await createTeam("Globex");
    await changeMemberRole(owner, { userId: member.userId, role: "ADMIN" });
    await removeMember(owner, { userId: member.userId });
    expect((await listNotifications(member)).data.map((notification) => [notification.type, notification.message])).toEqual([
      ["REMOVED_FROM_ORGANIZATION", "Olivia Owner removed you from Globex."],
      ["ROLE_CHANGED", "Olivia Owner changed your role in Globex from Member to Admin."],
    ]);
  });

  it("open the page they are about, in their organization, and are marked read", async () => {
    const { owner, admin, organization } = await createTeam("Initech");
    const invitation = await createInvitation(owner, { email: "new.hire@example.com", role: "MEMBER" }, "http://app.test");
    await signUpWithInvitation({ name: "New Hire", email: "new.hire@example.com", password: "correct horse battery" }, invitation.url.split("/accept-invitation/")[1]!, {
      ip: null,
    });
    await changeMemberRole(owner, { userId: admin.userId, role: "MEMBER" });
    // The owner is elsewhere: opening the notification brings them back to Initech's Members page.
    const elsewhere = await actorFor(owner.userId);
    await switchOrganization(elsewhere, { organizationId: elsewhere.personalOrganizationId });
    const ownerNow = await actorFor(owner.userId);
    const [accepted] = (await listNotifications(ownerNow)).data;
    expect(accepted).toMatchObject({ message: "New Hire (new.hire@example.com) accepted your invitation to Initech.", opens: "Members", read: false });
    expect(await openNotification(ownerNow, { id: accepted!.id })).toBe("/members");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: owner.userId } })).activeOrganizationId).toBe(organization.id);
    expect((await listNotifications(ownerNow)).data[0]!.read).toBe(true);

    // Someone else's notification is not found; after a removal, the organization is gone for them: the dashboard.
    await expect(openNotification(admin, { id: accepted!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [roleChanged] = (await listNotifications(admin)).data;
    await removeMember(owner, { userId: admin.userId });
    const adminNow = await actorFor(admin.userId);
    expect(await openNotification(adminNow, { id: roleChanged!.id })).toBe("/dashboard");
  });

  it("list the latest 20, newest first, unless asked for another number", async () => {
    const user = await createUser();
    await prisma.notification.createMany({
      data: Array.from({ length: 25 }, (_, index) => ({
        userId: user.id,
        type: "REMOVED_FROM_ORGANIZATION" as const,
        data: { organizationName: `Org ${index}` },
        createdAt: new Date(Date.now() - (25 - index) * 1000),
      })),
    });
    const latest = await listNotifications({ userId: user.id });
    expect(latest.unreadCount).toBe(25);
    expect(latest.data).toHaveLength(20);
    expect(latest.data.map((notification) => notification.message)).toEqual(
      Array.from({ length: 20 }, (_, index) => `You were removed from Org ${24 - index}.`),
    );
    expect((await listNotifications({ userId: user.id }, { limit: 3 })).data).toHaveLength(3);
    await expect(listNotifications({ userId: user.id }, { limit: 0 })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("are marked read one by one or all at once, and only the actor's own", async () => {
    const [reader, other] = await Promise.all([createUser("Reader"), createUser("Other")]);
    for (const userId of [reader.id, reader.id, reader.id, other.id]) {
      await notify(prisma, userId, "REMOVED_FROM_ORGANIZATION", { organizationId: reader.id, organizationName: "Acme", removedBy: "Ada" });
    }
    const [first] = (await listNotifications({ userId: reader.id })).data;
    const [othersOwn] = (await listNotifications({ userId: other.id })).data;

    expect(await markNotificationsRead({ userId: reader.id }, { ids: [first!.id, othersOwn!.id] })).toEqual({ updated: 1 });
    const after = await listNotifications({ userId: reader.id });
    expect(after.unreadCount).toBe(2);
    expect(after.data.find((notification) => notification.id === first!.id)?.read).toBe(true);
    expect((await listNotifications({ userId: other.id })).unreadCount).toBe(1);

    expect(await markNotificationsRead({ userId: reader.id })).toEqual({ updated: 2 });
    expect((await listNotifications({ userId: reader.id })).unreadCount).toBe(0);
    expect((await listNotifications({ userId: other.id })).unreadCount).toBe(1);
    await expect(markNotificationsRead({ userId: reader.id }, { ids: ["nope"] })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
