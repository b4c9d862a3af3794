import { prisma } from "@/lib/db/client";
import { setEmailNotifications } from "@/lib/services/account-settings";
import { changeMemberRole, removeMember } from "@/lib/services/members";
import { deleteOrganization } from "@/lib/services/organizations";
import { requestPasswordReset } from "@/lib/services/password-reset";
import { addMember, createTeam, createUsers } from "../helpers/factories";
import { eventually, queuedJobs, withMailAndWorker } from "../helpers/jobs";

/** Notification emails: what the bell shows, by email, for those who keep the switch on; and email off. */

describe("notification emails", () => {
  const world = withMailAndWorker();

  beforeAll(() => {
    process.env.APP_URL = "http://teamhub.test:3000";
  });

  afterAll(() => {
    delete process.env.APP_URL;
  });

  test("a role change is emailed to the member, with the bell's words and a link", async () => {
    const team = await createTeam("Globex");
    await changeMemberRole(team.owner, { userId: team.member.userId, role: "ADMIN" });
    const mail = await world.mailbox.waitForMessage((m) => m.recipients.includes(team.member.email));
    expect(mail.subject).toBe("Teamhub: Olivia Owner changed your role in Globex from Member to Admin.");
    expect(mail.text).toContain("http://teamhub.test:3000/dashboard");
    expect(mail.text).toContain("http://teamhub.test:3000/account");
  });

  test("the switch in account settings stops them (also those already queued); the bell still shows them", async () => {
    const team = await createTeam("Initech");
    await setEmailNotifications({ userId: team.member.userId }, { enabled: false });
    await removeMember(team.owner, { userId: team.member.userId });
    expect(await prisma.notification.count({ where: { userId: team.member.userId, type: "REMOVED_FROM_ORGANIZATION" } })).toBe(1);
    expect(await queuedJobs("notification_email")).toEqual([]);

    // Queued while on, switched off before it was sent: not sent.
    await world.withoutWorker(async () => {
      await changeMemberRole(team.owner, { userId: team.admin.userId, role: "MEMBER" });
      expect(await queuedJobs("notification_email")).toHaveLength(1);
      await setEmailNotifications({ userId: team.admin.userId }, { enabled: false });
    });
    await eventually(async () => (await queuedJobs()).length === 0);
    expect(world.mailbox.to(team.member.email)).toEqual([]);
    expect(world.mailbox.to(team.admin.email)).toEqual([]);
  });

  test("deleting an organization emails every other member: one job in the deleting transaction, one email each after it", async () => {
    const team = await createTeam("Umbrella");
    const extra = await createUsers(60);
    await prisma.member.createMany({ data: extra.map((user) => ({ organizationId: team.organization.id, userId: user.id, role: "MEMBER" as const })) });
    await prisma.user.update({ where: { id: extra[0]!.id }, data: { emailNotifications: false } });
    await world.withoutWorker(async () => {
      await deleteOrganization(team.owner, { confirmName: "Umbrella" });
      const [fanOut, ...others] = await queuedJobs();
      expect(others).toEqual([]);
      expect(fanOut!.task).toBe("notification_emails_fan_out");
      // Everyone's notification but the Owner who deleted it.
      expect((fanOut!.payload as { notificationIds: string[] }).notificationIds).toHaveLength(2 + 60);
    }, { concurrency: 5 });
    // Everyone but the Owner who deleted it and the one who turned emails off.
    await eventually(async () => world.mailbox.messages.filter((m) => m.subject.includes("deleted Umbrella")).length === 2 + 60 - 1, 60_000);
    await world.mailbox.waitForMessage((m) => m.recipients.includes(extra[59]!.email), 60_000);
    await eventually(async () => (await queuedJobs()).length === 0, 60_000);
    expect(world.mailbox.to(team.admin.email)[0]?.subject).toBe("Teamhub: Olivia Owner deleted Umbrella. You no longer have access to it.");
    expect(world.mailbox.to(extra[0]!.email)).toEqual([]);
    expect(world.mailbox.to(team.owner.email)).toEqual([]);
  });

  test("a refused change queues no notification email", async () => {
    const team = await createTeam("Hooli");
    const outsider = (await createUsers(1))[0]!;
    await addMember(team.organization.id, outsider.id, "MEMBER");
    await prisma.member.delete({ where: { userId_organizationId: { userId: outsider.id, organizationId: team.organization.id } } });
    // Refused (not a member any more) after the lock: nothing is written, nothing queued.
    await expect(changeMemberRole(team.owner, { userId: outsider.id, role: "ADMIN" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await queuedJobs("notification_email")).toEqual([]);
  });
});

describe("with email off", () => {
  test("notifications stay in the bell only, and password reset says email isn't set up", async () => {
    delete process.env.SMTP_URL;
    const team = await createTeam("Offline");
    await changeMemberRole(team.owner, { userId: team.member.userId, role: "ADMIN" });
    expect(await prisma.notification.count({ where: { userId: team.member.userId } })).toBe(1);
    expect(await queuedJobs()).toEqual([]);
    await expect(requestPasswordReset({ email: team.member.email }, { ip: null })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(setEmailNotifications({ userId: team.member.userId }, { enabled: false })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
