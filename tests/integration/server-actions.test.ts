/**
 * The server actions the pages call, called directly as a hand-made request
 * would: a control the page hides for someone is refused for them here too,
 * with the service's message, and changes nothing. The session cookie is the
 * only thing stood in for (Auth.js can't load under jest); who the user is in
 * the organization comes from the database, as in the app.
 */
import { formDataOf, initialActionState, type ActionState } from "@/lib/forms/action-state";
import { prisma } from "@/lib/db/client";
import { switchOrganizationAction } from "@/app/(app)/actions";
import { changeMemberRoleAction, inviteMembersAction, removeMemberAction, transferOwnershipAction } from "@/app/(app)/members/actions";
import {
  cancelInvitationAction,
  copyInvitationLinkAction,
  createApiKeyAction,
  createInvitationAction,
  deleteOrganizationAction,
  leaveOrganizationAction,
  renameOrganizationAction,
  inviteAgainAction,
  resendInvitationAction,
  revokeApiKeyAction,
} from "@/app/(app)/settings/actions";
import {
  createWebhookAction,
  deleteWebhookAction,
  redeliverAction,
  rotateWebhookSecretAction,
  sendTestEventAction,
  updateWebhookAction,
} from "@/app/(app)/settings/webhooks/actions";
import { acceptInvitationAction } from "@/app/accept-invitation/[token]/actions";
import { createApiKey } from "@/lib/services/api-keys";
import { createInvitation } from "@/lib/services/invitations/manage";
import { createWebhookEndpoint } from "@/lib/services/webhooks/endpoints";
import { signedInAs } from "../helpers/action-request";
import { actorIn, addMember, createTeam, createUser, snapshot } from "../helpers/factories";

jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);
jest.mock("@/lib/auth", () => jest.requireActual("../helpers/action-request").authModule);
jest.mock("next/headers", () => jest.requireActual("../helpers/action-request").headersModule);
jest.mock("next/cache", () => jest.requireActual("../helpers/action-request").cacheModule);

type World = Awaited<ReturnType<typeof world>>;

async function world() {
  const team = await createTeam("Acme");
  const invitation = await createInvitation(team.owner, { email: "pending@example.com", role: "MEMBER" }, "http://teamhub.test");
  const { apiKey } = await createApiKey(team.owner, { name: "Owner's key", role: "ADMIN" });
  const outsider = await createUser("Otto Outsider");
  const { endpoint: webhook } = await createWebhookEndpoint(team.owner, { url: "https://hooks.example.com/teamhub" });
  const event = await prisma.event.findFirstOrThrow({ where: { organizationId: team.organization.id } });
  return { ...team, invitation, apiKey, outsider, webhook, eventId: event.id };
}

async function callAs(userId: string, action: (previous: ActionState, formData: FormData) => Promise<ActionState>, fields: Record<string, string>) {
  return signedInAs(userId, () => action(initialActionState, formDataOf(fields)));
}

const refusals: [string, (w: World) => Promise<ActionState>, string][] = [
  ["a Member removing someone", (w) => callAs(w.member.userId, removeMemberAction, { userId: w.admin.userId }), "Only Owners and Admins can remove members."],
  ["an Admin removing an Owner", (w) => callAs(w.admin.userId, removeMemberAction, { userId: w.owner.userId }), "Only Owners can remove an Owner."],
  ["anyone removing themselves", (w) => callAs(w.admin.userId, removeMemberAction, { userId: w.admin.userId }), "You cannot remove yourself. Use Leave Organization in Settings."],
  ["a Member changing a role", (w) => callAs(w.member.userId, changeMemberRoleAction, { userId: w.admin.userId, role: "MEMBER" }), "Only Owners and Admins can change roles."],
  ["an Admin granting Owner", (w) => callAs(w.admin.userId, changeMemberRoleAction, { userId: w.member.userId, role: "OWNER" }), "Only Owners can grant or revoke the Owner role."],
  ["an Admin demoting an Owner", (w) => callAs(w.admin.userId, changeMemberRoleAction, { userId: w.owner.userId, role: "ADMIN" }), "Only Owners can grant or revoke the Owner role."],
  ["changing your own role", (w) => callAs(w.owner.userId, changeMemberRoleAction, { userId: w.owner.userId, role: "ADMIN" }), "You cannot change your own role."],
  ["an Admin transferring ownership", (w) => callAs(w.admin.userId, transferOwnershipAction, { userId: w.member.userId }), "Only Owners can transfer ownership."],
  ["a Member taking ownership", (w) => callAs(w.member.userId, transferOwnershipAction, { userId: w.member.userId }), "Only Owners can transfer ownership."],
  [
    "an Owner transferring ownership to themselves",
    (w) => callAs(w.owner.userId, transferOwnershipAction, { userId: w.owner.userId }),
    "You already own this organization. Choose another member to transfer ownership to.",
  ],
  [
    "an Owner transferring ownership to an outsider",
    (w) => callAs(w.owner.userId, transferOwnershipAction, { userId: w.outsider.id }),
    "Ownership can only be transferred to a current member of this organization.",
  ],
  ["a Member inviting", (w) => callAs(w.member.userId, createInvitationAction, { email: "new@example.com", role: "MEMBER" }), "Only Owners and Admins can manage invitations."],
  // The page shows no Send by email without email on the server.
  [
    "an Admin asking to email an invitation on a server without email",
    (w) => callAs(w.admin.userId, createInvitationAction, { email: "new@example.com", role: "MEMBER", sendEmail: "true" }),
    "Email is not set up on this server, so the invitation can't be emailed. Share the link yourself.",
  ],
  ["an Admin inviting an Owner", (w) => callAs(w.admin.userId, createInvitationAction, { email: "new@example.com", role: "OWNER" }), "Some fields need attention."],
  // Members has no Invite members button for a Member.
  ["a Member inviting many", (w) => callAs(w.member.userId, inviteMembersAction, { emails: "new@example.com, other@example.com", role: "MEMBER" }), "Only Owners and Admins can manage invitations."],
  ["an Admin inviting many as Owner", (w) => callAs(w.admin.userId, inviteMembersAction, { emails: "new@example.com", role: "OWNER" }), "Some fields need attention."],
  [
    "an Admin inviting more than 100 at once",
    (w) => callAs(w.admin.userId, inviteMembersAction, { emails: Array.from({ length: 101 }, (_, index) => `n${index}@example.com`).join("\n"), role: "MEMBER" }),
    "Some fields need attention.",
  ],
  ["a Member copying a link", (w) => callAs(w.member.userId, copyInvitationLinkAction, { id: w.invitation.id }), "Only Owners and Admins can see invitations."],
  ["a Member cancelling", (w) => callAs(w.member.userId, cancelInvitationAction, { id: w.invitation.id }), "Only Owners and Admins can manage invitations."],
  ["a Member resending", (w) => callAs(w.member.userId, resendInvitationAction, { id: w.invitation.id }), "Only Owners and Admins can manage invitations."],
  ["a Member inviting again", (w) => callAs(w.member.userId, inviteAgainAction, { id: w.invitation.id }), "Only Owners and Admins can manage invitations."],
  [
    "an Admin inviting again an active invitation",
    (w) => callAs(w.admin.userId, inviteAgainAction, { id: w.invitation.id }),
    "Only rejected, cancelled or expired invitations can be sent again as a new one. This invitation is active.",
  ],
  ["a Member creating an API key", (w) => callAs(w.member.userId, createApiKeyAction, { name: "Mine", role: "MEMBER" }), "Only Owners and Admins can manage API keys."],
  ["a Member revoking an API key", (w) => callAs(w.member.userId, revokeApiKeyAction, { id: w.apiKey.id }), "Only Owners and Admins can manage API keys."],
  ["a Member renaming the organization", (w) => callAs(w.member.userId, renameOrganizationAction, { name: "Mine now" }), "Only Owners and Admins can rename the organization."],
  ["an Admin deleting the organization", (w) => callAs(w.admin.userId, deleteOrganizationAction, { confirmName: "Acme" }), "Only Owners can delete the organization."],
  ["the last Owner leaving", (w) => callAs(w.owner.userId, leaveOrganizationAction, {}), "You are the last Owner. Make another member Owner before leaving."],
  ["someone else accepting the invitation", (w) => callAs(w.outsider.id, acceptInvitationAction, { token: w.invitation.url.split("/").pop()! }), "This invitation is for another email address."],
  ["an outsider acting on the organization's invitation", (w) => callAs(w.outsider.id, cancelInvitationAction, { id: w.invitation.id }), "Invitation not found."],
  ["a Member adding a webhook", (w) => callAs(w.member.userId, createWebhookAction, { url: "https://hooks.example.com/mine", eventTypes: "*" }), "Only Owners and Admins can manage webhooks."],
  ["a Member changing a webhook", (w) => callAs(w.member.userId, updateWebhookAction, { id: w.webhook.id, url: "https://hooks.example.com/mine" }), "Only Owners and Admins can manage webhooks."],
  ["a Member rotating a webhook's secret", (w) => callAs(w.member.userId, rotateWebhookSecretAction, { id: w.webhook.id }), "Only Owners and Admins can manage webhooks."],
  ["a Member sending a test event", (w) => callAs(w.member.userId, sendTestEventAction, { id: w.webhook.id }), "Only Owners and Admins can manage webhooks."],
  ["a Member redelivering an event", (w) => callAs(w.member.userId, redeliverAction, { id: w.webhook.id, eventId: w.eventId }), "Only Owners and Admins can manage webhooks."],
  ["a Member deleting a webhook", (w) => callAs(w.member.userId, deleteWebhookAction, { id: w.webhook.id }), "Only Owners and Admins can manage webhooks."],
  ["an Admin adding a webhook to a private address", (w) => callAs(w.admin.userId, createWebhookAction, { url: "http://169.254.169.254/latest", eventTypes: "*" }), "Some fields need attention."],
  ["an outsider deleting the organization's webhook", (w) => callAs(w.outsider.id, deleteWebhookAction, { id: w.webhook.id }), "Webhook endpoint not found."],
];

describe("server actions called directly", () => {
  it.each(refusals)("refuse %s with the service's message, changing nothing", async (_case, call, message) => {
    const w = await world();
    const before = await snapshot();
    const state = await call(w);
    expect(state.error).toBe(message);
    expect(await snapshot()).toEqual(before);
  });

  // The member list disables both controls on a personal organization's owner; a hand-made request is refused all the same.
  it("refuse another Owner changing the role of, or removing, a personal organization's owner, changing nothing", async () => {
    const w = await world();
    const personal = await prisma.organization.findFirstOrThrow({ where: { personalOwnerId: w.outsider.id } });
    await addMember(personal.id, w.admin.userId, "OWNER");
    await actorIn(w.admin.userId, personal.id);
    const before = await snapshot();
    expect((await callAs(w.admin.userId, changeMemberRoleAction, { userId: w.outsider.id, role: "ADMIN" })).error).toBe(
      "The owner of a personal organization always stays its Owner.",
    );
    expect((await callAs(w.admin.userId, removeMemberAction, { userId: w.outsider.id })).error).toBe("The owner of a personal organization can't be removed from it.");
    expect(await snapshot()).toEqual(before);
  });

  it("add a webhook for an Admin, with the events chosen in the form and its secret in the answer only", async () => {
    const w = await world();
    const state = await callAs(w.admin.userId, createWebhookAction, { url: "https://hooks.example.com/crm", description: "CRM", eventTypes: "member.added,member.removed" });
    expect(state).toMatchObject({ success: expect.stringContaining("https://hooks.example.com/crm"), data: { secret: expect.stringMatching(/^whsec_/) } });
    const row = await prisma.webhookEndpoint.findFirstOrThrow({ where: { organizationId: w.organization.id, url: "https://hooks.example.com/crm" } });
    expect(row).toMatchObject({ description: "CRM", eventTypes: ["member.added", "member.removed"], enabled: true });
    expect(JSON.stringify(row)).not.toContain(state.data!.secret!.slice(6));
    expect(await callAs(w.admin.userId, updateWebhookAction, { id: row.id, eventTypes: "*", enabled: "false" })).toMatchObject({ success: expect.stringContaining("disabled") });
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ eventTypes: [], enabled: false });
    expect(await callAs(w.admin.userId, updateWebhookAction, { id: row.id, eventTypes: "" })).toMatchObject({ fieldErrors: { eventTypes: [expect.stringMatching(/at least one/)] } });
  });

  it("enable again a webhook its creator's removal disabled only for an Owner or Admin, who becomes responsible for it", async () => {
    const w = await world();
    const { endpoint } = await createWebhookEndpoint(w.admin, { url: "https://hooks.example.com/adam" });
    expect((await callAs(w.owner.userId, removeMemberAction, { userId: w.admin.userId })).error).toBeUndefined();
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ enabled: false, disabledReason: "CREATOR_REMOVED" });
    const before = await snapshot();
    expect((await callAs(w.member.userId, updateWebhookAction, { id: endpoint.id, enabled: "true" })).error).toBe("Only Owners and Admins can manage webhooks.");
    expect(await snapshot()).toEqual(before);
    expect(await callAs(w.owner.userId, updateWebhookAction, { id: endpoint.id, enabled: "true" })).toMatchObject({ success: "Saved." });
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({
      enabled: true,
      disabledReason: null,
      createdById: w.owner.userId,
      createdByName: "Olivia Owner",
    });
  });

  it("refuse switching to an organization the user isn't in, as if it didn't exist", async () => {
    const w = await world();
    const before = await snapshot();
    expect(await signedInAs(w.outsider.id, () => switchOrganizationAction(w.organization.id))).toMatchObject({ error: "Organization not found." });
    expect(await snapshot()).toEqual(before);
  });

  it("do the change for someone allowed, with the actor from the database (a demoted Admin is refused at once)", async () => {
    const w = await world();
    expect(await callAs(w.admin.userId, removeMemberAction, { userId: w.member.userId })).toEqual({
      success: "Mia Member was removed. They lose access on their next request.",
    });
    expect(await prisma.member.count({ where: { organizationId: w.organization.id, userId: w.member.userId } })).toBe(0);
    await prisma.member.update({ where: { userId_organizationId: { userId: w.admin.userId, organizationId: w.organization.id } }, data: { role: "MEMBER" } });
    expect(await callAs(w.admin.userId, createInvitationAction, { email: "late@example.com", role: "MEMBER" })).toMatchObject({
      error: "Only Owners and Admins can manage invitations.",
    });
  });

  it("invite from Settings: someone already a member is refused beside the email field", async () => {
    const w = await world();
    const message = `${w.member.email} is already a member of this organization.`;
    expect(await callAs(w.admin.userId, createInvitationAction, { email: w.member.email, role: "MEMBER" })).toMatchObject({
      error: message,
      fieldErrors: { email: [message] },
    });
    expect(await prisma.invitation.count({ where: { organizationId: w.organization.id, email: w.member.email } })).toBe(0);
  });

  it("invite many from the Members dialog: the box's addresses once each, one result per address", async () => {
    const w = await world();
    const state = await callAs(w.admin.userId, inviteMembersAction, {
      emails: `ada@example.com, ADA@example.com;\n${w.member.email}  pending@example.com\tnope`,
      role: "ADMIN",
      expiresInDays: "3",
      sendEmail: "false",
    });
    expect(state).toEqual({
      results: [
        { email: "ada@example.com", status: "invited", url: expect.stringMatching(/\/accept-invitation\/inv_/), invitation: { id: expect.any(String), role: "ADMIN", emailStatus: null } },
        { email: w.member.email, status: "already_member", message: `${w.member.email} is already a member of this organization.` },
        {
          email: "pending@example.com",
          status: "already_invited",
          message: "An active invitation for pending@example.com already exists. Use Resend in Pending Invitations to send a fresh link.",
          invitation: { id: w.invitation.id, role: "MEMBER", emailStatus: null },
        },
        { email: "nope", status: "invalid", message: "Enter a valid email address, like name@example.com." },
      ],
    });
    expect(await prisma.invitation.findFirst({ where: { organizationId: w.organization.id, email: "ada@example.com" } })).toMatchObject({ role: "ADMIN" });
    const empty = await callAs(w.admin.userId, inviteMembersAction, { emails: " ,\n ", role: "MEMBER" });
    expect(empty).toMatchObject({ error: "Some fields need attention.", fieldErrors: { emails: ["Enter at least one email address."] } });
  });

  it("send a signed-out caller to sign in, changing nothing", async () => {
    const w = await world();
    const before = await snapshot();
    await expect(removeMemberAction(initialActionState, formDataOf({ userId: w.member.userId }))).rejects.toMatchObject({
      digest: expect.stringContaining("NEXT_REDIRECT"),
    });
    expect(await snapshot()).toEqual(before);
  });
});
