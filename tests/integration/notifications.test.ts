import { prisma } from "@/lib/db/client";
import { changeMemberRole, removeMember } from "@/lib/services/members";
import { listNotifications, markNotificationsRead, notify } from "@/lib/services/notifications";
import { createTeam, createUser } from "../helpers/factories";

describe("notifications", () => {
  it("say what happened, with the unread count", async () => {
    const user = await createUser("Reader");
    await prisma.$transaction(async (tx) => {
      await notify(tx, user.id, "INVITATION_ACCEPTED", { organizationName: "Acme", email: "jane@x.com" });
      await notify(tx, user.id, "INVITATION_REJECTED", { organizationName: "Acme", email: "joe@x.com" });
    });
    await notify(prisma, user.id, "ROLE_CHANGED", { organizationName: "Acme", from: "MEMBER", to: "ADMIN" });
    await notify(prisma, user.id, "REMOVED_FROM_ORGANIZATION", { organizationName: "Acme" });

    const { unreadCount, data } = await listNotifications({ userId: user.id });
    expect(unreadCount).toBe(4);
    expect(data.map((notification) => notification.message).sort()).toEqual([
      "You were removed from Acme.",
      "Your role in Acme changed from Member to Admin.",
      "jane@x.com accepted your invitation to Acme.",
      "joe@x.com rejected your invitation to Acme.",
    ]);
    expect(data.every((notification) => notification.read === false && notification.createdAt instanceof Date)).toBe(true);
  });

  it("come from role changes and removals", async () => {
    const { owner, member } = await createTeam("Globex");
    await changeMemberRole(owner, { userId: member.userId, role: "ADMIN" });
    await removeMember(owner, { userId: member.userId });
    expect((await listNotifications(member)).data.map((notification) => [notification.type, notification.message])).toEqual([
      ["REMOVED_FROM_ORGANIZATION", "You were removed from Globex."],
      ["ROLE_CHANGED", "Your role in Globex changed from Member to Admin."],
    ]);
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
      await notify(prisma, userId, "REMOVED_FROM_ORGANIZATION", { organizationName: "Acme" });
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
