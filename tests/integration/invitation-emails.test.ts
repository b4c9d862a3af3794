import { prisma } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import { createInvitationToken } from "@/lib/tokens/invitation-token";
import { queueInvitationEmail } from "@/lib/services/invitations/email";
import { cancelInvitation, createInvitation, getInvitation, resendInvitation } from "@/lib/services/invitations/manage";
import { acceptInvitation, lookupInvitation, signUpWithInvitation } from "@/lib/services/invitations/respond";
import { actorIn, addMember, createTeam, createUser, expectUnchanged, snapshot } from "../helpers/factories";
import { invitee, newEmail, origin, tokenOf } from "../helpers/invitations";
import { eventually, queuedJobs, withMailAndWorker } from "../helpers/jobs";
import { fillBucket, hitsOf } from "../helpers/rate-limits";
import { linkIn, type CapturedMail } from "../helpers/smtp";

/**
 * Invitation emails against a real SMTP server and real graphile-worker
 * pools: what the email says and links to, the status the worker records,
 * resending, verification through the emailed link, and the faults (SMTP
 * down, no worker, a rolled-back change, a last attempt that fails).
 */

const emailStatusOf = async (id: string) =>
  prisma.invitation.findUniqueOrThrow({ where: { id }, select: { emailStatus: true, emailSentAt: true } });
const invitationMail = (to: string) => (mail: CapturedMail) => mail.recipients.includes(to) && mail.subject.includes("invited you to join");
const emailedToken = (mail: CapturedMail) => tokenOf(linkIn(mail, "/accept-invitation/"));
const lookUp = (token: string) => lookupInvitation(token, { ip: null });

describe("with email on", () => {
  const world = withMailAndWorker();

  test("an invitation is emailed by default: organization, inviter, role, expiry and a link of its own; queued, then sent", async () => {
    const team = await createTeam("Globex");
    const email = newEmail();
    const invitation = await createInvitation(team.admin, { email, role: "ADMIN", expiresInDays: 3 }, origin);
    expect(invitation.emailStatus).toBe("QUEUED");

    const mail = await world.mailbox.waitForMessage(invitationMail(email));
    expect(mail.recipients).toEqual([email]);
    expect(mail.subject).toBe("Adam Admin invited you to join Globex on Teamhub");
    expect(mail.text).toContain(`Adam Admin invited you to join Globex as Admin.`);
    expect(mail.text).toContain(`expires on ${formatDateTime(invitation.expiresAt)}`);
    expect(mail.messageId).toMatch(/^<teamhub-job-\d+@teamhub\.test>$/);
    const link = linkIn(mail, "/accept-invitation/");
    expect(link).toMatch(new RegExp(`^${origin}/accept-invitation/inv_[A-Za-z0-9_-]{43}$`));
    // Not the shared link: the emailed one is only in the email. Both open the invitation.
    expect(link).not.toBe(invitation.url);
    for (const token of [emailedToken(mail), tokenOf(invitation.url)]) {
      expect(await lookUp(token)).toMatchObject({ kind: "found", invitation: { id: invitation.id, organizationName: "Globex", state: "ACTIVE" } });
    }

    const status = await eventually(async () => {
      const row = await emailStatusOf(invitation.id);
      return row.emailStatus === "SENT" && row;
    });
    expect(status.emailSentAt).toEqual(expect.any(Date));
    expect(await getInvitation(team.admin, { id: invitation.id })).toMatchObject({ emailStatus: "SENT", emailSentAt: status.emailSentAt });
    await eventually(async () => (await queuedJobs()).length === 0);
    expect(world.mailbox.to(email)).toHaveLength(1);
  });

  test("the job row holds neither the emailed link nor the names: its token is sealed, the rest is read when it is sent", async () => {
    const team = await createTeam("Sealed Corp");
    const email = newEmail();
    await world.withoutWorker(async () => {
      const invitation = await createInvitation(team.owner, { email, role: "MEMBER" }, origin);
      const [job, ...others] = await queuedJobs();
      expect(others).toEqual([]);
      expect(job!.task).toBe("invitation_email");
      const stored = JSON.stringify(job!.payload);
      expect(stored).not.toMatch(/inv_/);
      expect(stored).not.toContain(tokenOf(invitation.url));
      expect(stored).not.toContain("Sealed Corp");
      expect(stored).not.toContain("Olivia");
      expect(stored).not.toContain(email);
      // Renamed before it is sent: the email names the organization as it is then.
      await prisma.organization.update({ where: { id: team.organization.id }, data: { name: "Renamed Corp" } });
    });
    const mail = await world.mailbox.waitForMessage(invitationMail(email));
    expect(mail.subject).toBe("Olivia Owner invited you to join Renamed Corp on Teamhub");
  });

  test("sendEmail false: nothing queued, no email status", async () => {
    const team = await createTeam();
    const invitation = await createInvitation(team.owner, { email: newEmail(), role: "MEMBER", sendEmail: false }, origin);
    expect(invitation.emailStatus).toBeNull();
    expect(await queuedJobs()).toEqual([]);
    expect(await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ emailStatus: null, emailTokenHash: null });
  });

  test("accepting through the emailed link verifies the address; through the shared link it doesn't", async () => {
    const team = await createTeam();
    const [byEmail, byLink] = [newEmail("by-email"), newEmail("by-link")];
    const [emailedUser, linkedUser] = [await invitee(byEmail), await invitee(byLink)];
    const first = await createInvitation(team.owner, { email: byEmail, role: "MEMBER" }, origin);
    const second = await createInvitation(team.owner, { email: byLink, role: "ADMIN" }, origin);
    const mail = await world.mailbox.waitForMessage(invitationMail(byEmail));
    await world.mailbox.waitForMessage(invitationMail(byLink));

    await acceptInvitation(emailedUser, { token: emailedToken(mail) });
    await acceptInvitation(linkedUser, { token: tokenOf(second.url) });
    const verifiedAt = async (userId: string) => (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).emailVerifiedAt;
    expect(await verifiedAt(emailedUser.userId)).toEqual(expect.any(Date));
    expect(await verifiedAt(linkedUser.userId)).toBeNull();
    const accepted = await prisma.auditLog.findMany({ where: { action: "invitation.accepted", targetId: { in: [first.id, second.id] } }, orderBy: { id: "asc" } });
    expect(accepted.map((entry) => entry.details)).toEqual([
      { role: "MEMBER", emailVerified: true },
      { role: "ADMIN" },
    ]);
  });

  test("signing up with the emailed link makes a verified account that has joined; with the shared link, an unverified one", async () => {
    const team = await createTeam("Initech");
    const [byEmail, byLink] = [newEmail("new-by-email"), newEmail("new-by-link")];
    await createInvitation(team.owner, { email: byEmail, role: "MEMBER" }, origin);
    const shared = await createInvitation(team.owner, { email: byLink, role: "MEMBER" }, origin);
    const mail = await world.mailbox.waitForMessage(invitationMail(byEmail));
    await world.mailbox.waitForMessage(invitationMail(byLink));

    const password = "correct horse battery";
    const fromEmail = await signUpWithInvitation({ name: "Eve Emailed", email: byEmail, password }, emailedToken(mail), { ip: "198.51.100.201" });
    const fromLink = await signUpWithInvitation({ name: "Sam Shared", email: byLink, password }, tokenOf(shared.url), { ip: "198.51.100.202" });
    for (const user of [fromEmail, fromLink]) expect(user).toMatchObject({ organizationId: team.organization.id, role: "MEMBER" });
    const users = await prisma.user.findMany({ where: { id: { in: [fromEmail.id, fromLink.id] } } });
    expect(users.find((user) => user.id === fromEmail.id)!.emailVerifiedAt).toEqual(expect.any(Date));
    expect(users.find((user) => user.id === fromLink.id)!.emailVerifiedAt).toBeNull();
  });

  test("Resend emails an emailed invitation again with new links: the earlier email's link stops working", async () => {
    const team = await createTeam();
    const email = newEmail();
    const invitation = await createInvitation(team.owner, { email, role: "MEMBER" }, origin);
    const firstMail = await world.mailbox.waitForMessage(invitationMail(email));
    await eventually(async () => (await emailStatusOf(invitation.id)).emailStatus === "SENT");

    const resent = await resendInvitation(team.owner, { id: invitation.id }, origin);
    expect(resent.emailStatus).toBe("QUEUED");
    expect(resent.emailSentAt).toBeNull();
    await eventually(async () => world.mailbox.to(email).length === 2);
    const secondMail = world.mailbox.to(email)[1]!;
    expect(emailedToken(secondMail)).not.toBe(emailedToken(firstMail));
    expect(await lookUp(emailedToken(firstMail))).toEqual({ kind: "not_found" });
    expect(await lookUp(tokenOf(invitation.url))).toEqual({ kind: "not_found" });
    expect(await lookUp(emailedToken(secondMail))).toMatchObject({ kind: "found", invitation: { id: invitation.id, state: "ACTIVE" } });
    await eventually(async () => (await emailStatusOf(invitation.id)).emailStatus === "SENT");

    // One that wasn't emailed is resent as a link only.
    const unsent = await createInvitation(team.owner, { email: newEmail(), role: "MEMBER", sendEmail: false }, origin);
    expect((await resendInvitation(team.owner, { id: unsent.id }, origin)).emailStatus).toBeNull();
    expect(await queuedJobs("invitation_email")).toEqual([]);
  });

  test("a resend before the first email went out replaces its job: one email, with the current link", async () => {
    const team = await createTeam();
    const email = newEmail();
    await world.withoutWorker(async () => {
      const invitation = await createInvitation(team.owner, { email, role: "MEMBER" }, origin);
      await resendInvitation(team.owner, { id: invitation.id }, origin);
      expect(await queuedJobs("invitation_email")).toHaveLength(1);
    });
    const mail = await world.mailbox.waitForMessage(invitationMail(email));
    expect(await lookUp(emailedToken(mail))).toMatchObject({ kind: "found", invitation: { state: "ACTIVE" } });
    await eventually(async () => (await queuedJobs()).length === 0);
    expect(world.mailbox.to(email)).toHaveLength(1);
  });

  test("cancelled before its email went out: nothing is sent and it shows as not emailed; expired first: failed", async () => {
    const team = await createTeam();
    const [cancelledEmail, expiredEmail] = [newEmail("cancelled"), newEmail("expired")];
    const { cancelled, expired } = await world.withoutWorker(async () => {
      const cancelled = await createInvitation(team.owner, { email: cancelledEmail, role: "MEMBER" }, origin);
      await cancelInvitation(team.owner, { id: cancelled.id });
      const expired = await createInvitation(team.owner, { email: expiredEmail, role: "MEMBER" }, origin);
      await prisma.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      return { cancelled, expired };
    });
    await eventually(async () => (await queuedJobs()).length === 0);
    expect(await prisma.invitation.findUniqueOrThrow({ where: { id: cancelled.id } })).toMatchObject({ emailStatus: null, emailTokenHash: null });
    expect(await emailStatusOf(expired.id)).toEqual({ emailStatus: "FAILED", emailSentAt: null });
    expect(world.mailbox.to(cancelledEmail)).toEqual([]);
    expect(world.mailbox.to(expiredEmail)).toEqual([]);
  });

  test("fault: with the SMTP server down, invitation emails are retried with backoff and all delivered once it is back", async () => {
    const team = await createTeam();
    const emails = [newEmail("down"), newEmail("down"), newEmail("down")];
    await world.mailbox.stopSmtp();
    try {
      const invitations = [];
      for (const email of emails) invitations.push(await createInvitation(team.owner, { email, role: "MEMBER" }, origin));
      await eventually(async () => {
        const jobs = await queuedJobs("invitation_email");
        return jobs.length === 3 && jobs.every((job) => job.attempts >= 1 && job.last_error);
      });
      // Still queued while it retries: only the last attempt's failure is a failure.
      for (const invitation of invitations) expect((await emailStatusOf(invitation.id)).emailStatus).toBe("QUEUED");
      await world.mailbox.startSmtp();
      for (const email of emails) await world.mailbox.waitForMessage(invitationMail(email), 30_000);
      for (const invitation of invitations) await eventually(async () => (await emailStatusOf(invitation.id)).emailStatus === "SENT");
    } finally {
      await world.mailbox.startSmtp();
    }
    await eventually(async () => (await queuedJobs()).length === 0);
    for (const email of emails) expect(world.mailbox.to(email)).toHaveLength(1);
  });

  test("fault: invitation emails queued while no worker runs (the app stopped) are delivered by the next one", async () => {
    const team = await createTeam();
    const emails = [newEmail("stopped"), newEmail("stopped")];
    const invitations = await world.withoutWorker(async () => {
      const created = [];
      for (const email of emails) created.push(await createInvitation(team.owner, { email, role: "MEMBER" }, origin));
      expect(await queuedJobs("invitation_email")).toHaveLength(2);
      return created;
    });
    for (const email of emails) await world.mailbox.waitForMessage(invitationMail(email));
    for (const invitation of invitations) await eventually(async () => (await emailStatusOf(invitation.id)).emailStatus === "SENT");
    for (const email of emails) expect(world.mailbox.to(email)).toHaveLength(1);
  });

  test("fault: a rolled-back change sends nothing", async () => {
    const team = await createTeam();
    const email = newEmail("rolled-back");
    await world.withoutWorker(async () => {
      const invitation = await createInvitation(team.owner, { email, role: "MEMBER", sendEmail: false }, origin);
      await expect(
        prisma.$transaction(async (tx) => {
          await queueInvitationEmail(tx, invitation, createInvitationToken(), origin);
          throw new Error("the change failed");
        }),
      ).rejects.toThrow("the change failed");
      expect(await queuedJobs()).toEqual([]);
      expect(await hitsOf(`invitation-email:${email}`)).toBe(0);
      // A creation refused after its email was queued (the recipient's limit) leaves neither invitation nor job.
      await cancelInvitation(team.owner, { id: invitation.id });
      await fillBucket(`invitation-email:${email}`, 5, 3600);
      await expectUnchanged(await snapshot(), () => createInvitation(team.owner, { email, role: "MEMBER" }, origin), "RATE_LIMITED");
      expect(await queuedJobs()).toEqual([]);
    });
    expect(world.mailbox.to(email)).toEqual([]);
  });

  test("fault: the last attempt failing records the email as failed; a resend once the server is back sends it", async () => {
    const team = await createTeam();
    const email = newEmail("failing");
    await world.mailbox.stopSmtp();
    let invitation;
    let failed;
    try {
      invitation = await world.withoutWorker(async () => {
        const created = await createInvitation(team.owner, { email, role: "MEMBER" }, origin);
        // Two attempts instead of twenty, so the test doesn't wait days.
        await prisma.$executeRaw`UPDATE graphile_worker._private_jobs SET max_attempts = 2`;
        return created;
      });
      failed = await eventually(async () => (await queuedJobs("invitation_email")).find((job) => job.attempts === 2 && job.last_error), 30_000);
      expect(failed.max_attempts).toBe(2);
      await eventually(async () => (await emailStatusOf(invitation!.id)).emailStatus === "FAILED");
      expect(await getInvitation(team.owner, { id: invitation.id })).toMatchObject({ emailStatus: "FAILED", emailSentAt: null });
      expect(world.worker.errors.join("\n")).toMatch(/invitation_email/);
    } finally {
      await world.mailbox.startSmtp();
    }
    const resent = await resendInvitation(team.owner, { id: invitation.id }, origin);
    expect(resent.emailStatus).toBe("QUEUED");
    const mail = await world.mailbox.waitForMessage(invitationMail(email));
    expect(await lookUp(emailedToken(mail))).toMatchObject({ kind: "found", invitation: { state: "ACTIVE" } });
    await eventually(async () => (await emailStatusOf(invitation.id)).emailStatus === "SENT");
    // The failed job stays in the queue with its error (graphile-worker keeps them), beside the sent one's nothing.
    await eventually(async () => (await queuedJobs()).length === 1);
    expect(await queuedJobs()).toEqual([expect.objectContaining({ id: failed.id, attempts: 2, max_attempts: 2 })]);
    await prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs`;
  });

  test("names with CR/LF can't add headers or recipients; HTML in them is escaped", async () => {
    const team = await createTeam();
    const email = newEmail("crlf");
    const injected = "Evil\r\nBcc: victim@example.com\r\nSubject: pwned <script>alert(1)</script>";
    await prisma.organization.update({ where: { id: team.organization.id }, data: { name: injected } });
    const inviter = await createUser(injected);
    await addMember(team.organization.id, inviter.id, "ADMIN");
    await createInvitation(await actorIn(inviter.id, team.organization.id), { email, role: "MEMBER" }, origin);
    const mail = await world.mailbox.waitForMessage((m) => m.recipients.includes(email));
    expect(mail.recipients).toEqual([email]);
    expect(mail.headers.has("bcc")).toBe(false);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe("Evil Bcc: victim@example.com Subject: pwned <script>alert(1)</script> invited you to join Evil Bcc: victim@example.com Subject: pwned <script>alert(1)</script> on Teamhub".slice(0, 200));
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
    await eventually(async () => (await queuedJobs()).length === 0);
    expect(world.mailbox.messages.some((m) => m.recipients.includes("victim@example.com"))).toBe(false);
  });

  test("at most 5 invitation emails an hour reach one address, whichever organizations send them; links without email still work", async () => {
    const [first, second] = [await createTeam("First"), await createTeam("Second")];
    const email = newEmail("popular");
    const invitation = await createInvitation(first.owner, { email, role: "MEMBER" }, origin);
    for (let i = 0; i < 3; i += 1) await resendInvitation(first.owner, { id: invitation.id }, origin);
    const other = await createInvitation(second.owner, { email, role: "MEMBER" }, origin);
    // Every email sent first: a worker marking one sent would change the snapshot below.
    await eventually(async () => (await queuedJobs()).length === 0);
    const before = await snapshot();
    await expectUnchanged(before, () => resendInvitation(first.owner, { id: invitation.id }, origin), "RATE_LIMITED");
    await expect(resendInvitation(second.owner, { id: other.id }, origin)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringContaining(`${email} was sent 5 invitation emails in the last hour`),
    });
    const third = await createTeam("Third");
    await expect(createInvitation(third.owner, { email, role: "MEMBER" }, origin)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await createInvitation(third.owner, { email, role: "MEMBER", sendEmail: false }, origin)).toMatchObject({ emailStatus: null });
    await eventually(async () => (await queuedJobs()).length === 0);
  });
});

describe("with email off", () => {
  test("invitations are links only; asking to email one is refused and writes nothing", async () => {
    delete process.env.SMTP_URL;
    const team = await createTeam();
    const invitation = await createInvitation(team.owner, { email: newEmail(), role: "MEMBER" }, origin);
    expect(invitation).toMatchObject({ emailStatus: null, emailSentAt: null });
    await expectUnchanged(await snapshot(), () => createInvitation(team.owner, { email: newEmail(), role: "MEMBER", sendEmail: true }, origin), "CONFLICT");
    await expect(createInvitation(team.owner, { email: newEmail(), role: "MEMBER", sendEmail: true }, origin)).rejects.toThrow(
      "Email is not set up on this server, so the invitation can't be emailed. Share the link yourself.",
    );
    // An invitation emailed while email was on is resent as a link only.
    await prisma.invitation.update({ where: { id: invitation.id }, data: { emailStatus: "SENT", emailSentAt: new Date(), emailTokenHash: "x".repeat(64) } });
    expect(await resendInvitation(team.owner, { id: invitation.id }, origin)).toMatchObject({ emailStatus: null, emailSentAt: null });
    expect(await queuedJobs()).toEqual([]);
  });
});
