import { eventJson } from "@/lib/api/events";
import { invitationJson } from "@/lib/api/serialize";
import { prisma } from "@/lib/db/client";
import { emitEvents } from "@/lib/services/events/emit";
import { listEvents } from "@/lib/services/events/feed";
import { lockOrganization } from "@/lib/services/access";
import { createInvitation, getInvitation } from "@/lib/services/invitations/manage";
import { changeMemberRole, leaveOrganization, removeMember } from "@/lib/services/members";
import { renameOrganization } from "@/lib/services/organizations";
import { actorIn, addMember, createTeam, createUser } from "../helpers/factories";

/**
 * GET /api/v1/events as the service answers it: the organization's events in
 * order, paged with a cursor that never skips or repeats an event, also while
 * other transactions are writing events and committing out of order.
 */

describe("the events feed", () => {
  it("pages through 10,000 events with no gaps or repeats while they are being written", async () => {
    const team = await createTeam("Busy");
    const organizationId = team.organization.id;
    const TOTAL = 10_000;
    let written = 0;
    let writing = true;
    // Four writers, each transaction 1 to 5 events, holding on before committing a random while:
    // transactions that started later often commit earlier, as they do under load.
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      while (written < TOTAL) {
        const count = Math.min(1 + Math.floor(Math.random() * 5), TOTAL - written);
        written += count;
        await prisma.$transaction(async (tx) => {
          await lockOrganization(tx, organizationId);
          await emitEvents(
            tx,
            organizationId,
            Array.from({ length: count }, (_, index) => ({
              type: "organization.updated" as const,
              data: { organization: { id: organizationId, name: `w${writer}-${written}-${index}`, personal: false }, previous: { name: "Busy" } },
            })),
          );
          await tx.$executeRaw`SELECT pg_sleep(${Math.random() * 0.004})`;
        });
      }
    });
    const done = Promise.all(writers).finally(() => {
      writing = false;
    });

    const read: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await listEvents(team.owner, { after, limit: 100 });
      pages += 1;
      read.push(...page.data.map((event) => event.id));
      after = page.nextCursor ?? undefined;
      if (!page.hasMore && !writing && read.length >= TOTAL) break;
      if (!page.hasMore) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await done;

    const all = await prisma.event.findMany({ where: { organizationId }, orderBy: { sequence: "asc" }, select: { id: true, sequence: true } });
    expect(all).toHaveLength(TOTAL);
    expect(all.map((event) => Number(event.sequence))).toEqual(Array.from({ length: TOTAL }, (_, index) => index + 1));
    expect(new Set(read).size).toBe(read.length);
    expect(read).toEqual(all.map((event) => event.id));
    // Read while being written: many pages came back short and were polled again.
    expect(pages).toBeGreaterThan(TOTAL / 100);
  }, 180_000);

  it("filters by type, keeps its cursor when there is nothing new, and is the organization's own", async () => {
    const team = await createTeam("Filtered");
    const other = await createTeam("Other");
    await renameOrganization(team.owner, { name: "Filtered 2" });
    const empty = await listEvents(team.owner, { types: ["member.removed"] });
    expect(empty).toEqual({ data: [], nextCursor: null, hasMore: false });
    const all = await listEvents(team.owner);
    expect(all.data.map((event) => event.type)).toEqual(["organization.updated"]);
    const cursor = all.nextCursor!;
    expect(await listEvents(team.owner, { after: cursor })).toEqual({ data: [], nextCursor: cursor, hasMore: false });
    await renameOrganization(team.owner, { name: "Filtered 3" });
    const next = await listEvents(team.owner, { after: cursor, types: ["organization.updated", "member.added"] });
    expect(next.data.map((event) => (event.data as { organization: { name: string } }).organization.name)).toEqual(["Filtered 3"]);
    // Another organization's cursor, an unknown one, a malformed one, another type: refused.
    await expect(listEvents(other.owner, { after: cursor })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { after: [expect.stringMatching(/no event/)] } });
    await expect(listEvents(team.owner, { after: `evt_${"f".repeat(32)}` })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(listEvents(team.owner, { after: "evt_1" })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(listEvents(team.owner, { types: ["member.promoted" as never] })).rejects.toMatchObject({ code: "VALIDATION" });
    expect((await listEvents(other.owner)).data).toEqual([]);
    // Owners and Admins only.
    await expect(listEvents(team.member)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await listEvents(team.admin)).data).toHaveLength(2);
  });
  it("records invitation.cancelled for every automatic cancellation, each invitation shaped as the API's, email status included", async () => {
    // Email on, no worker: the invitations' emails stay queued.
    process.env.SMTP_URL = "smtp://127.0.0.1:9";
    try {
      const team = await createTeam("Cascades");
      const organizationId = team.organization.id;
      const [leaver, removed] = await Promise.all([createUser("Lea Leaver"), createUser("Remy Removed")]);
      await addMember(organizationId, leaver.id, "ADMIN");
      await addMember(organizationId, removed.id, "ADMIN");
      const ORIGIN = "https://teamhub.test";
      const demotedInvite = await createInvitation(team.admin, { email: "demoted-invite@example.com", role: "MEMBER" }, ORIGIN);
      const leftInvite = await createInvitation(await actorIn(leaver.id, organizationId), { email: "left-invite@example.com", role: "MEMBER" }, ORIGIN);
      const removedInvite = await createInvitation(await actorIn(removed.id, organizationId), { email: "removed-invite@example.com", role: "ADMIN" }, ORIGIN);
      await changeMemberRole(team.owner, { userId: team.admin.userId, role: "MEMBER" });
      await leaveOrganization(await actorIn(leaver.id, organizationId));
      await removeMember(team.owner, { userId: removed.id });

      const { data } = await listEvents(team.owner, { types: ["invitation.cancelled"] });
      expect(data.map((event) => event.type === "invitation.cancelled" && [event.data.invitation.id, event.data.invitation.cancelReason])).toEqual([
        [demotedInvite.id, "INVITER_ROLE_CHANGED"],
        [leftInvite.id, "INVITER_LEFT"],
        [removedInvite.id, "INVITER_REMOVED"],
      ]);
      for (const event of data) {
        const { invitation } = eventJson(event).data as { invitation: ReturnType<typeof invitationJson> };
        // What GET /invitations/{id} answers, without the link.
        expect(invitation).toEqual(invitationJson(await getInvitation(team.owner, { id: invitation.id }), null));
        expect(invitation).toMatchObject({ status: "cancelled", emailStatus: "queued", emailSentAt: null });
      }
    } finally {
      delete process.env.SMTP_URL;
    }
  });

  it("records invitation.created exactly when createInvitation's one statement creates the invitation", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:9";
    try {
      const team = await createTeam("Created");
      const ORIGIN = "https://teamhub.test";
      const emailed = await createInvitation(team.admin, { email: "emailed@example.com", role: "MEMBER" }, ORIGIN);
      const shared = await createInvitation(team.owner, { email: "shared@example.com", role: "ADMIN", sendEmail: false, expiresInDays: 3 }, ORIGIN);
      // Refused (a duplicate, already a member, a Member inviting): no event, and no number used.
      await expect(createInvitation(team.owner, { email: "emailed@example.com", role: "MEMBER" }, ORIGIN)).rejects.toMatchObject({ code: "CONFLICT" });
      await expect(createInvitation(team.owner, { email: team.member.email, role: "MEMBER" }, ORIGIN)).rejects.toMatchObject({ code: "CONFLICT" });
      await expect(createInvitation(team.member, { email: "member@example.com", role: "MEMBER" }, ORIGIN)).rejects.toMatchObject({ code: "FORBIDDEN" });
      const third = await createInvitation(team.owner, { email: "third@example.com", role: "MEMBER" }, ORIGIN);

      const { data: created } = await listEvents(team.owner, {});
      expect(created.map((event) => event.type === "invitation.created" && event.data.invitation.id)).toEqual([emailed.id, shared.id, third.id]);
      // Numbered with no gaps: the refused ones took no number.
      const events = await prisma.event.findMany({ where: { organizationId: team.organization.id }, orderBy: { sequence: "asc" }, select: { sequence: true } });
      expect(events.map((event) => Number(event.sequence))).toEqual([1, 2, 3]);
      expect(await prisma.organization.findUniqueOrThrow({ where: { id: team.organization.id } })).toMatchObject({ lastEventSequence: BigInt(3) });
      for (const event of created) {
        const { invitation } = eventJson(event).data as { invitation: ReturnType<typeof invitationJson> };
        // What GET /invitations/{id} answers, without the link.
        expect(invitation).toEqual(invitationJson(await getInvitation(team.owner, { id: invitation.id }), null));
      }
      expect(created.map((event) => (eventJson(event).data as { invitation: { emailStatus: string | null } }).invitation.emailStatus)).toEqual(["queued", null, "queued"]);
    } finally {
      delete process.env.SMTP_URL;
    }
  });
});
