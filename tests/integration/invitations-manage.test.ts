import { prisma } from "@/lib/db/client";
import { cancelInvitation, createInvitation, getInvitation, getInvitationLink, listInvitations, resendInvitation } from "@/lib/services/invitations/manage";
import { acceptInvitation, lookupInvitation, rejectInvitation } from "@/lib/services/invitations/respond";
import { removeMember } from "@/lib/services/members";
import type { Actor } from "@/lib/services/types";
import { createTeam, expectUnchanged, snapshot } from "../helpers/factories";
import { invitee, newEmail, origin, tokenOf } from "../helpers/invitations";

const DAY = 86_400_000;

/** Invitation rows as plain data, to stand in for many created over time. */
function rows(organizationId: string, inviter: Actor, count: number, extra: (index: number) => object = () => ({})) {
  return Array.from({ length: count }, (_, index) => ({
    organizationId,
    email: `bulk-${index}-${Date.now()}@example.com`,
    role: "MEMBER" as const,
    tokenHash: `hash-${index}-${Math.random()}`,
    tokenCiphertext: "sealed",
    expiresAt: new Date(Date.now() + DAY),
    invitedById: inviter.userId,
    invitedByName: inviter.name,
    invitedByEmail: inviter.email,
    ...extra(index),
  }));
}

describe("creating invitations", () => {
  it("makes an active invitation with a link, storing only the token's hash and a sealed copy", async () => {
    const { owner, organization } = await createTeam();
    const email = newEmail();
    const before = Date.now();
    const invitation = await createInvitation(owner, { email: `  ${email.toUpperCase()} `, role: "ADMIN" }, origin);

    expect(invitation).toMatchObject({
      email,
      role: "ADMIN",
      state: "ACTIVE",
      invitedBy: { id: owner.userId, name: owner.name, email: owner.email },
      respondedAt: null,
      cancelReason: null,
    });
    expect(invitation.url).toMatch(/^https:\/\/teamhub\.example\/accept-invitation\/inv_[A-Za-z0-9_-]{43}$/);
    expect(invitation.expiresAt.getTime() - before).toBeGreaterThanOrEqual(7 * DAY);
    expect(invitation.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(7 * DAY);
    expect(invitation).not.toHaveProperty("tokenHash");
    expect(invitation).not.toHaveProperty("tokenCiphertext");

    const token = tokenOf(invitation.url);
    const [stored] = await prisma.$queryRaw<object[]>`SELECT * FROM invitations WHERE id = ${invitation.id}::uuid`;
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token.slice(4));

    const audit = await prisma.auditLog.findFirstOrThrow({ where: { organizationId: organization.id, action: "invitation.created" } });
    expect(audit).toMatchObject({
      actorUserId: owner.userId,
      targetType: "invitation",
      targetId: invitation.id,
      targetLabel: email,
      details: { role: "ADMIN", expiresAt: invitation.expiresAt.toISOString() },
    });
    expect(await lookupInvitation(token, { ip: null })).toEqual({
      kind: "found",
      invitation: {
        id: invitation.id,
        organizationId: organization.id,
        organizationName: "Acme",
        email,
        role: "ADMIN",
        state: "ACTIVE",
        expiresAt: invitation.expiresAt,
        invitedByName: owner.name,
        cancelReason: null,
      },
    });
  });

  it("lets Owners and Admins invite Admins and Members, for 1 to 30 days", async () => {
    const { owner, admin } = await createTeam();
    for (const actor of [owner, admin]) {
      for (const role of ["ADMIN", "MEMBER"] as const) {
        await expect(createInvitation(actor, { email: newEmail(), role }, origin)).resolves.toMatchObject({ role, state: "ACTIVE" });
      }
    }
    const short = await createInvitation(admin, { email: newEmail(), role: "MEMBER", expiresInDays: "1" as never }, origin);
    expect(Math.round((short.expiresAt.getTime() - Date.now()) / DAY)).toBe(1);
  });

  it("refuses Members, the Owner role and bad input, writing nothing", async () => {
    const { owner, admin, member } = await createTeam();
    const before = await snapshot();
    await expectUnchanged(before, () => createInvitation(member, { email: newEmail(), role: "MEMBER" }, origin), "FORBIDDEN");
    for (const actor of [owner, admin]) {
      await expectUnchanged(before, () => createInvitation(actor, { email: newEmail(), role: "OWNER" as never }, origin), "VALIDATION");
    }
    await expect(createInvitation(owner, { email: newEmail(), role: "OWNER" as never }, origin)).rejects.toMatchObject({
      fieldErrors: { role: ["Choose Admin or Member."] },
    });
    await expectUnchanged(before, () => createInvitation(owner, { email: "nope", role: "MEMBER" }, origin), "VALIDATION");
    await expectUnchanged(before, () => createInvitation(owner, { email: newEmail(), role: "MEMBER", expiresInDays: 0 }, origin), "VALIDATION");
    await expectUnchanged(before, () => createInvitation(owner, { email: newEmail(), role: "MEMBER", expiresInDays: 31 }, origin), "VALIDATION");
  });

  it("uses the role in the database, not the one the request started with", async () => {
    const { admin, organization } = await createTeam();
    await prisma.member.update({ where: { userId_organizationId: { userId: admin.userId, organizationId: organization.id } }, data: { role: "MEMBER" } });
    const before = await snapshot();
    await expectUnchanged(before, () => createInvitation(admin, { email: newEmail(), role: "MEMBER" }, origin), "FORBIDDEN");
    await prisma.member.delete({ where: { userId_organizationId: { userId: admin.userId, organizationId: organization.id } } });
    await expectUnchanged(await snapshot(), () => createInvitation(admin, { email: newEmail(), role: "MEMBER" }, origin), "FORBIDDEN");
  });

  it("refuses someone who is already a member, whatever the case of the address", async () => {
    const { owner, users } = await createTeam();
    const before = await snapshot();
    await expectUnchanged(before, () => createInvitation(owner, { email: users.member.email.toUpperCase(), role: "ADMIN" }, origin), "CONFLICT");
    await expect(createInvitation(owner, { email: users.member.email, role: "ADMIN" }, origin)).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { email: [`${users.member.email} is already a member of this organization.`] },
    });
  });

  it("refuses a second active invitation for the same address, whatever its case", async () => {
    const { owner, admin } = await createTeam();
    const email = newEmail();
    await createInvitation(owner, { email, role: "MEMBER" }, origin);
    const before = await snapshot();
    await expectUnchanged(before, () => createInvitation(admin, { email: ` ${email.toUpperCase()}`, role: "ADMIN" }, origin), "CONFLICT");
    await expect(createInvitation(owner, { email, role: "MEMBER" }, origin)).rejects.toThrow(
      `An active invitation for ${email} already exists. Use Resend in Pending Invitations to send a fresh link.`,
    );
  });

  it("replaces an expired invitation, which is then stored as EXPIRED", async () => {
    const { owner } = await createTeam();
    const email = newEmail();
    const old = await createInvitation(owner, { email, role: "MEMBER" }, origin);
    await prisma.invitation.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await getInvitation(owner, { id: old.id })).state).toBe("EXPIRED");

    const fresh = await createInvitation(owner, { email, role: "ADMIN" }, origin);
    expect(fresh.state).toBe("ACTIVE");
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: old.id } })).status).toBe("EXPIRED");
    expect((await getInvitation(owner, { id: old.id })).state).toBe("EXPIRED");
  });

  it("allows at most 100 active invitations per organization", async () => {
    const { owner, organization } = await createTeam();
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await prisma.invitation.createMany({ data: rows(organization.id, owner, 100, () => ({ createdAt: twoHoursAgo })) });
    const before = await snapshot();
    await expectUnchanged(before, () => createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin), "CONFLICT");
    await expect(createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin)).rejects.toThrow(
      "This organization has 100 active invitations, the most allowed. Cancel some first.",
    );
    const { data } = await listInvitations(owner, { state: "active", limit: 1 });
    await cancelInvitation(owner, { id: data[0]!.id });
    await expect(createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin)).resolves.toMatchObject({ state: "ACTIVE" });
  });

  it("keeps to 100 active invitations exactly when many are created at once: each sees those made before it under the lock", async () => {
    const { owner, admin, organization } = await createTeam();
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await prisma.invitation.createMany({ data: rows(organization.id, owner, 95, () => ({ createdAt: twoHoursAgo })) });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, index) => createInvitation(index % 2 ? admin : owner, { email: newEmail(), role: "MEMBER" }, origin)),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(5);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("100 active invitations") });
    }
    expect(await prisma.invitation.count({ where: { organizationId: organization.id, status: "PENDING" } })).toBe(100);
    expect(await prisma.auditLog.count({ where: { organizationId: organization.id, action: "invitation.created" } })).toBe(5);
  });

  it("counts a resent expired invitation against the 100 active, but not a resent active one", async () => {
    const { owner, organization } = await createTeam();
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    const [expired] = await prisma.invitation.createManyAndReturn({
      data: rows(organization.id, owner, 1, () => ({ createdAt: twoHoursAgo, expiresAt: new Date(Date.now() - 60_000) })),
    });
    await prisma.invitation.createMany({ data: rows(organization.id, owner, 100, () => ({ createdAt: twoHoursAgo })) });
    const before = await snapshot();
    await expectUnchanged(before, () => resendInvitation(owner, { id: expired!.id }, origin), "CONFLICT");
    const { data } = await listInvitations(owner, { state: "active", limit: 1 });
    await expect(resendInvitation(owner, { id: data[0]!.id }, origin)).resolves.toMatchObject({ state: "ACTIVE" });
  });

  it("allows at most 50 invitations sent (created or resent, each resend counting) per organization per hour", async () => {
    const { owner, admin, organization } = await createTeam();
    const now = Date.now();
    // 47 sends recorded 50 minutes ago onwards: the oldest leaves the window in about 10 minutes.
    await prisma.auditLog.createMany({
      data: Array.from({ length: 47 }, (_, index) => ({
        organizationId: organization.id,
        action: "invitation.created",
        actorName: "Olivia Owner",
        createdAt: new Date(now - 50 * 60_000 + index * 1000),
      })),
    });
    // One invitation sent three times: 50.
    const invitation = await createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin);
    await resendInvitation(owner, { id: invitation.id }, origin);
    await resendInvitation(owner, { id: invitation.id }, origin);

    const before = await snapshot();
    await expectUnchanged(before, () => createInvitation(admin, { email: newEmail(), role: "MEMBER" }, origin), "RATE_LIMITED");
    const error = await createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin).catch((e) => e);
    expect(error.retryAfter).toBeGreaterThan(9 * 60);
    expect(error.retryAfter).toBeLessThanOrEqual(10 * 60);
    await expectUnchanged(before, () => resendInvitation(owner, { id: invitation.id }, origin), "RATE_LIMITED");

    // Sends older than an hour don't count, and another organization has its own allowance.
    await prisma.$executeRaw`ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_no_update_or_delete`;
    await prisma.$executeRaw`UPDATE audit_logs SET created_at = created_at - interval '11 minutes' WHERE organization_id = ${organization.id}::uuid AND action = 'invitation.created' AND actor_user_id IS NULL`;
    await prisma.$executeRaw`ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_no_update_or_delete`;
    await expect(createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin)).resolves.toBeDefined();
    const other = await createTeam("Other");
    await expect(createInvitation(other.owner, { email: newEmail(), role: "MEMBER" }, origin)).resolves.toBeDefined();
  });

  it("leaves exactly one active invitation when the same address is invited concurrently", async () => {
    const { owner, admin, organization } = await createTeam();
    const email = newEmail();
    const results = await Promise.allSettled(
      [owner, admin, owner, admin, owner].map((actor, index) =>
        createInvitation(actor, { email: index % 2 ? email.toUpperCase() : email, role: "MEMBER" }, origin),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "CONFLICT" });
    }
    expect(await prisma.invitation.count({ where: { organizationId: organization.id, email } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { organizationId: organization.id, action: "invitation.created" } })).toBe(1);
  });
});

describe("the counters the limits are checked with", () => {
  it("follow the stored pending invitations and the sends of the last hour through every kind of change", async () => {
    const { owner, admin, organization } = await createTeam();
    const counters = async () => {
      const [row] = await prisma.$queryRaw<{ pending: number; stored: number; sends: number; sent: number }[]>`
        SELECT o.pending_invitations AS pending,
               (SELECT count(*)::int FROM invitations WHERE organization_id = o.id AND status = 'PENDING') AS stored,
               (SELECT coalesce(sum(sends), 0)::int FROM invitation_sends WHERE organization_id = o.id) AS sends,
               (SELECT count(*)::int FROM audit_logs WHERE organization_id = o.id AND action IN ('invitation.created', 'invitation.resent')) AS sent
        FROM organizations o WHERE o.id = ${organization.id}::uuid`;
      return row;
    };
    const invite = (actor: Actor, email = newEmail()) => createInvitation(actor, { email, role: "MEMBER" }, origin);
    const [resent, cancelled, accepted, rejected, lapsing] = [await invite(owner), await invite(owner), await invite(owner), await invite(owner), await invite(owner)];
    await invite(admin);
    expect(await counters()).toEqual({ pending: 6, stored: 6, sends: 6, sent: 6 });

    await resendInvitation(owner, { id: resent.id }, origin);
    await cancelInvitation(owner, { id: cancelled.id });
    await acceptInvitation(await invitee(accepted.email), { token: tokenOf(accepted.url) });
    await rejectInvitation(await invitee(rejected.email), { token: tokenOf(rejected.url) });
    expect(await counters()).toEqual({ pending: 3, stored: 3, sends: 7, sent: 7 });

    // An expired invitation still stored as PENDING counts until a new invitation replaces it (stored EXPIRED).
    await prisma.invitation.update({ where: { id: lapsing.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await counters()).toEqual({ pending: 3, stored: 3, sends: 7, sent: 7 });
    await invite(owner, lapsing.email);
    // Removing the Admin cancels their invitation.
    await removeMember(owner, { userId: admin.userId });
    expect(await counters()).toEqual({ pending: 2, stored: 2, sends: 8, sent: 8 });

    await prisma.invitation.deleteMany({ where: { id: resent.id } });
    expect(await counters()).toEqual({ pending: 1, stored: 1, sends: 8, sent: 8 });
  });
});

describe("listing invitations", () => {
  it("lists newest first, filters by state and pages with a cursor", async () => {
    const { owner, admin, organization } = await createTeam();
    const created: Awaited<ReturnType<typeof createInvitation>>[] = [];
    for (let i = 0; i < 6; i += 1) created.push(await createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin));
    await prisma.invitation.update({ where: { id: created[0]!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await prisma.invitation.update({ where: { id: created[1]!.id }, data: { status: "EXPIRED" } });
    await cancelInvitation(owner, { id: created[2]!.id });
    await prisma.invitation.update({ where: { id: created[3]!.id }, data: { status: "ACCEPTED", respondedAt: new Date() } });
    await prisma.invitation.update({ where: { id: created[4]!.id }, data: { status: "REJECTED", respondedAt: new Date() } });

    const all = await listInvitations(admin, {});
    expect(all.data.map((invitation) => invitation.id)).toEqual(created.map((invitation) => invitation.id).reverse());
    expect(all.data.map((invitation) => invitation.state)).toEqual(["ACTIVE", "REJECTED", "ACCEPTED", "CANCELLED", "EXPIRED", "EXPIRED"]);
    expect(all.nextCursor).toBeNull();

    const ids = async (state: "active" | "expired" | "accepted" | "rejected" | "cancelled") =>
      (await listInvitations(owner, { state })).data.map((invitation) => invitation.id);
    expect(await ids("active")).toEqual([created[5]!.id]);
    expect(await ids("expired")).toEqual([created[1]!.id, created[0]!.id]);
    expect(await ids("cancelled")).toEqual([created[2]!.id]);
    expect(await ids("accepted")).toEqual([created[3]!.id]);
    expect(await ids("rejected")).toEqual([created[4]!.id]);

    // Rows sharing a creation time still page without gaps or repeats.
    await prisma.invitation.createMany({ data: rows(organization.id, owner, 5, () => ({ createdAt: created[5]!.createdAt })) });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listInvitations(owner, { limit: 2, cursor });
      seen.push(...page.data.map((invitation) => invitation.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
    expect(seen).toEqual((await listInvitations(owner, { limit: 100 })).data.map((invitation) => invitation.id));
  });

  it("refuses Members, a broken cursor and an unknown state", async () => {
    const { owner, member } = await createTeam();
    await expect(listInvitations(member, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listInvitations(owner, { cursor: "garbage" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { cursor: expect.any(Array) } });
    await expect(listInvitations(owner, { state: "pending" as never })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("shows nothing of other organizations", async () => {
    const team = await createTeam();
    const other = await createTeam("Other");
    const invitation = await createInvitation(other.owner, { email: newEmail(), role: "MEMBER" }, origin);
    expect((await listInvitations(team.owner, {})).data).toEqual([]);
    const before = await snapshot();
    await expect(getInvitation(team.owner, { id: invitation.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getInvitationLink(team.owner, { id: invitation.id }, origin)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expectUnchanged(before, () => cancelInvitation(team.owner, { id: invitation.id }), "NOT_FOUND");
    await expectUnchanged(before, () => resendInvitation(team.owner, { id: invitation.id }, origin), "NOT_FOUND");
    await expectUnchanged(before, () => cancelInvitation(team.owner, { id: "not-a-uuid" }), "VALIDATION");
    await expect(getInvitation(team.owner, { id: "not-a-uuid" })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("copy link, cancel and resend", () => {
  it("copies the link of an active invitation only", async () => {
    const { owner, admin, member } = await createTeam();
    const invitation = await createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin);
    expect(await getInvitationLink(admin, { id: invitation.id }, origin)).toEqual({ url: invitation.url });
    await expect(getInvitationLink(member, { id: invitation.id }, origin)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await cancelInvitation(owner, { id: invitation.id });
    await expect(getInvitationLink(owner, { id: invitation.id }, origin)).rejects.toThrow("Only active invitations have a working link.");

    // Expired (still PENDING in the table, past its expiry): no link either.
    const expired = await createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin);
    await prisma.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    await expect(getInvitationLink(owner, { id: expired.id }, origin)).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Only active invitations have a working link.",
    });
  });

  it("cancels an active invitation, which kills its link", async () => {
    const { owner, admin, organization } = await createTeam();
    const email = newEmail();
    const invitation = await createInvitation(owner, { email, role: "MEMBER" }, origin);
    const cancelled = await cancelInvitation(admin, { id: invitation.id });
    expect(cancelled).toMatchObject({ id: invitation.id, state: "CANCELLED", cancelReason: "MANUAL" });
    const token = tokenOf(invitation.url);
    expect(await lookupInvitation(token, { ip: null })).toMatchObject({ kind: "found", invitation: { state: "CANCELLED", cancelReason: "MANUAL" } });
    const user = await invitee(email);
    const before = await snapshot();
    await expectUnchanged(before, () => acceptInvitation(user, { token }), "CONFLICT");
    await expect(acceptInvitation(user, { token })).rejects.toThrow("This invitation was cancelled.");
    await expectUnchanged(before, () => cancelInvitation(owner, { id: invitation.id }), "CONFLICT");
    expect(await prisma.auditLog.findFirst({ where: { organizationId: organization.id, action: "invitation.cancelled" } })).toMatchObject({
      actorUserId: admin.userId,
      targetId: invitation.id,
      targetLabel: email,
    });
  });

  it("refuses to cancel an expired invitation, and Members may neither cancel nor resend", async () => {
    const { owner, member } = await createTeam();
    const invitation = await createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin);
    const before = await snapshot();
    await expectUnchanged(before, () => cancelInvitation(member, { id: invitation.id }), "FORBIDDEN");
    await expectUnchanged(before, () => resendInvitation(member, { id: invitation.id }, origin), "FORBIDDEN");
    await prisma.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectUnchanged(await snapshot(), () => cancelInvitation(owner, { id: invitation.id }), "CONFLICT");
    await expect(cancelInvitation(owner, { id: invitation.id })).rejects.toThrow("This invitation has expired.");
  });

  it("resends with a new token: the old link stops working, the new one works", async () => {
    const { owner, admin, organization } = await createTeam();
    const email = newEmail();
    const invitation = await createInvitation(owner, { email, role: "ADMIN", expiresInDays: 2 }, origin);
    const resent = await resendInvitation(admin, { id: invitation.id, expiresInDays: 10 }, origin);
    expect(resent).toMatchObject({ id: invitation.id, state: "ACTIVE", role: "ADMIN" });
    expect(resent.url).not.toBe(invitation.url);
    expect(Math.round((resent.expiresAt.getTime() - Date.now()) / DAY)).toBe(10);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).resentAt).not.toBeNull();
    expect(await getInvitationLink(owner, { id: invitation.id }, origin)).toEqual({ url: resent.url });

    expect(await lookupInvitation(tokenOf(invitation.url), { ip: null })).toEqual({ kind: "not_found" });
    expect(await lookupInvitation(tokenOf(resent.url), { ip: null })).toMatchObject({ kind: "found", invitation: { state: "ACTIVE" } });
    const user = await invitee(email);
    await expect(acceptInvitation(user, { token: tokenOf(invitation.url) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(acceptInvitation(user, { token: tokenOf(resent.url) })).resolves.toEqual({ organizationId: organization.id, role: "ADMIN" });
    expect(await prisma.auditLog.count({ where: { organizationId: organization.id, action: "invitation.resent" } })).toBe(1);
  });

  it("refuses to resend to someone who is a member by now", async () => {
    const { owner, organization } = await createTeam();
    const email = newEmail();
    const invitation = await createInvitation(owner, { email, role: "MEMBER" }, origin);
    const user = await invitee(email);
    await prisma.member.create({ data: { organizationId: organization.id, userId: user.userId, role: "MEMBER" } });
    await expectUnchanged(await snapshot(), () => resendInvitation(owner, { id: invitation.id }, origin), "CONFLICT");
    await expect(resendInvitation(owner, { id: invitation.id }, origin)).rejects.toThrow(`${email} is already a member of this organization.`);
  });

  it("resends an expired invitation, but not an accepted one or one superseded by a newer invitation", async () => {
    const { owner } = await createTeam();
    const email = newEmail();
    const first = await createInvitation(owner, { email, role: "MEMBER" }, origin);
    await prisma.invitation.update({ where: { id: first.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(resendInvitation(owner, { id: first.id }, origin)).resolves.toMatchObject({ state: "ACTIVE" });

    await prisma.invitation.update({ where: { id: first.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const second = await createInvitation(owner, { email, role: "ADMIN" }, origin);
    const before = await snapshot();
    await expectUnchanged(before, () => resendInvitation(owner, { id: first.id }, origin), "CONFLICT");
    await expect(resendInvitation(owner, { id: first.id }, origin)).rejects.toThrow(`A newer invitation for ${email} is pending.`);

    await cancelInvitation(owner, { id: second.id });
    await expect(resendInvitation(owner, { id: first.id }, origin)).resolves.toMatchObject({ state: "ACTIVE", role: "MEMBER" });
    await expectUnchanged(await snapshot(), () => resendInvitation(owner, { id: second.id }, origin), "CONFLICT");

    const user = await invitee(email);
    const { url } = await getInvitationLink(owner, { id: first.id }, origin);
    await acceptInvitation(user, { token: tokenOf(url) });
    await expectUnchanged(await snapshot(), () => resendInvitation(owner, { id: first.id }, origin), "CONFLICT");
  });
});
