import { randomUUID } from "node:crypto";
import { getWebhookEndpointEndpoint, updateWebhookEndpointEndpoint } from "@/lib/api/endpoints/webhooks";
import { prisma } from "@/lib/db/client";
import { changeMemberRole, leaveOrganization, removeMember } from "@/lib/services/members";
import { listNotifications } from "@/lib/services/notifications";
import { transferOwnership } from "@/lib/services/ownership";
import { renameOrganization } from "@/lib/services/organizations";
import { auditSentence } from "@/lib/audit/sentences";
import { listAuditLog } from "@/lib/services/audit";
import { webhookDeliveryTarget } from "@/lib/services/webhooks/deliveries";
import { createWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from "@/lib/services/webhooks/endpoints";
import { callApi } from "../helpers/api";
import { actorIn, addMember, createTeam, createUser } from "../helpers/factories";
import { eventually, withWebhookDelivery } from "../helpers/jobs";

jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);

/**
 * An endpoint carries the authority of the person responsible for it (issue
 * 13): when they are removed, leave or are demoted to Member, their endpoints
 * are disabled in that transaction, and nothing more reaches them. Delivered
 * for real: a graphile-worker pool POSTs to an HTTP receiver on 127.0.0.1.
 */

describe("webhook endpoints follow their creator's authority", () => {
  const hooks = withWebhookDelivery();


  /** Acme with a second Admin (Alma); Adam Admin and Alma each own an endpoint at the receiver, under their own tag. */
  async function teamWithEndpoints() {
    const tag = randomUUID().slice(0, 8);
    const team = await createTeam(`Acme ${tag}`);
    const alma = await createUser("Alma Admin");
    await addMember(team.organization.id, alma.id, "ADMIN");
    const otherAdmin = await actorIn(alma.id, team.organization.id);
    const tags = { admin: `${tag}-adam`, other: `${tag}-alma` };
    const adminEndpoint = await createWebhookEndpoint(team.admin, { url: hooks.receiver.urlFor(tags.admin) });
    const otherEndpoint = await createWebhookEndpoint(otherAdmin, { url: hooks.receiver.urlFor(tags.other) });
    hooks.receiver.addSecret(adminEndpoint.secret);
    hooks.receiver.addSecret(otherEndpoint.secret);
    return { team, otherAdmin, tags, adminEndpoint: adminEndpoint.endpoint, otherEndpoint: otherEndpoint.endpoint };
  }

  type Team = Awaited<ReturnType<typeof teamWithEndpoints>>;

  const typesAt = (tag: string) => hooks.receiver.payloadsAt(tag).map((payload) => payload.type);

  /** A change after the creator's authority ended: it reaches the other Admin's endpoint, and nothing reaches the creator's. */
  async function expectNothingMoreDelivered(w: Team, alreadyAtOther: string[]) {
    await renameOrganization(w.team.owner, { name: `Renamed ${w.tags.other}` });
    await eventually(async () => typesAt(w.tags.other).length === alreadyAtOther.length + 1);
    expect(typesAt(w.tags.other)).toEqual([...alreadyAtOther, "organization.updated"]);
    expect(typesAt(w.tags.admin)).toEqual([]);
    expect(await prisma.webhookDelivery.count({ where: { endpointId: w.adminEndpoint.id } })).toBe(0);
  }

  const cases: [string, (w: Team) => Promise<unknown>, string, string, string, (w: Team) => string][] = [
    [
      "is removed",
      (w) => removeMember(w.team.owner, { userId: w.team.admin.userId }),
      "CREATOR_REMOVED",
      "member.removed",
      "Olivia Owner",
      (w) =>
        `Teamhub disabled the webhook endpoint ${w.adminEndpoint.url} of Acme ${w.tags.admin.split("-")[0]}: Olivia Owner removed its creator, Adam Admin, from the organization. An Owner or Admin who still wants it can enable it again in Settings → Webhooks and becomes responsible for it.`,
    ],
    [
      "leaves",
      (w) => leaveOrganization(w.team.admin),
      "CREATOR_LEFT",
      "member.left",
      "Adam Admin",
      (w) =>
        `Teamhub disabled the webhook endpoint ${w.adminEndpoint.url} of Acme ${w.tags.admin.split("-")[0]}: its creator, Adam Admin, left the organization. An Owner or Admin who still wants it can enable it again in Settings → Webhooks and becomes responsible for it.`,
    ],
    [
      "is demoted to Member",
      (w) => changeMemberRole(w.team.owner, { userId: w.team.admin.userId, role: "MEMBER" }),
      "CREATOR_ROLE_CHANGED",
      "member.role_changed",
      "Olivia Owner",
      (w) =>
        `Teamhub disabled the webhook endpoint ${w.adminEndpoint.url} of Acme ${w.tags.admin.split("-")[0]}: Olivia Owner changed the role of its creator, Adam Admin, to one that may not manage webhooks. An Owner or Admin who still wants it can enable it again in Settings → Webhooks and becomes responsible for it.`,
    ],
  ];

  it.each(cases)("when the creator %s, their endpoint is disabled with the reason, audit-logged, the Owners told, and nothing more is sent to it", async (_case, change, reason, eventType, actorName, message) => {
    const w = await teamWithEndpoints();
    await change(w);

    const disabled = await getWebhookEndpoint(w.team.owner, { id: w.adminEndpoint.id });
    expect(disabled).toMatchObject({ enabled: false, disabledReason: reason, autoDisabledAt: expect.any(Date), createdBy: { id: w.team.admin.userId, name: "Adam Admin" } });
    // Another Admin's endpoint is untouched.
    expect(await getWebhookEndpoint(w.team.owner, { id: w.otherEndpoint.id })).toMatchObject({ enabled: true, disabledReason: null, autoDisabledAt: null });

    const { data: entries } = await listAuditLog(w.team.owner, { action: "webhook.disabled" });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: { name: actorName }, target: { id: w.adminEndpoint.id }, details: { reason: reason.toLowerCase(), creator: "Adam Admin" } });
    expect(auditSentence(entries[0]!)).toMatch(new RegExp(`^The webhook endpoint ${w.adminEndpoint.url} was disabled because `));

    expect((await listNotifications(w.team.owner)).data.map((notification) => notification.message)).toContain(message(w));
    // Only Owners are told.
    expect((await listNotifications(w.otherAdmin)).data.map((notification) => notification.message)).not.toContain(message(w));

    await eventually(async () => typesAt(w.tags.other).includes(eventType));
    await expectNothingMoreDelivered(w, [eventType]);
  });

  it("a transfer of ownership (Owner → Admin) keeps the former Owner's endpoints enabled", async () => {
    const w = await teamWithEndpoints();
    const { endpoint: ownerEndpoint } = await createWebhookEndpoint(w.team.owner, { url: hooks.receiver.urlFor(`${w.tags.other}-owner`) });
    await transferOwnership(w.team.owner, { userId: w.team.admin.userId });
    expect(await getWebhookEndpoint(w.team.admin, { id: ownerEndpoint.id })).toMatchObject({ enabled: true, disabledReason: null });
    expect(await prisma.auditLog.count({ where: { organizationId: w.team.organization.id, action: "webhook.disabled" } })).toBe(0);
  });

  it("a promotion (Admin → Owner) disables nothing", async () => {
    const w = await teamWithEndpoints();
    await changeMemberRole(w.team.owner, { userId: w.team.admin.userId, role: "OWNER" });
    expect(await getWebhookEndpoint(w.team.owner, { id: w.adminEndpoint.id })).toMatchObject({ enabled: true, disabledReason: null });
  });

  it("enabling it again by another Admin clears the reason and makes them responsible: it then follows their authority", async () => {
    const w = await teamWithEndpoints();
    await removeMember(w.team.owner, { userId: w.team.admin.userId });

    const enabled = await updateWebhookEndpoint(w.otherAdmin, { id: w.adminEndpoint.id, enabled: true });
    expect(enabled).toMatchObject({
      enabled: true,
      disabledReason: null,
      autoDisabledAt: null,
      createdBy: { id: w.otherAdmin.userId, name: "Alma Admin", email: w.otherAdmin.email },
    });
    const { data: updates } = await listAuditLog(w.team.owner, { action: "webhook.updated" });
    expect(updates[0]).toMatchObject({ actor: { name: "Alma Admin" }, details: { enabled: { from: false, to: true }, createdBy: { from: "Adam Admin", to: "Alma Admin" } } });
    expect(auditSentence(updates[0]!)).toBe(`Alma Admin changed the webhook endpoint ${w.adminEndpoint.url} (enabled) and became responsible for it`);

    // Events reach it again.
    await renameOrganization(w.team.owner, { name: `Back ${w.tags.admin}` });
    await eventually(async () => typesAt(w.tags.admin).includes("organization.updated"));

    // Its authority is now Alma's: demoting her disables both endpoints.
    await changeMemberRole(w.team.owner, { userId: w.otherAdmin.userId, role: "MEMBER" });
    for (const id of [w.adminEndpoint.id, w.otherEndpoint.id]) {
      expect(await getWebhookEndpoint(w.team.owner, { id })).toMatchObject({ enabled: false, disabledReason: "CREATOR_ROLE_CHANGED" });
    }
  });

  it("a delivery job that runs after the creator's removal sends nothing: the endpoint is checked when the job runs", async () => {
    const w = await teamWithEndpoints();
    // Made before the removal, its automatic attempt not yet run (no job: this test runs it by hand).
    const delivery = await prisma.webhookDelivery.create({
      data: { endpointId: w.adminEndpoint.id, eventId: `evt_${randomUUID().replace(/-/g, "")}`, eventType: "webhook.test" },
      select: { id: true },
    });
    expect(await webhookDeliveryTarget({ deliveryId: delivery.id, attempt: 1 })).toMatchObject({ url: w.adminEndpoint.url });

    await removeMember(w.team.owner, { userId: w.team.admin.userId });
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "FAILED", nextAttemptAt: null });
    expect(await webhookDeliveryTarget({ deliveryId: delivery.id, attempt: 1 })).toBeNull();

    // Even a delivery still pending (it raced the removal's update) isn't sent to a disabled endpoint.
    await prisma.webhookDelivery.update({ where: { id: delivery.id }, data: { status: "PENDING" } });
    expect(await webhookDeliveryTarget({ deliveryId: delivery.id, attempt: 1 })).toBeNull();
    expect(hooks.receiver.payloadsAt(w.tags.admin)).toEqual([]);
  });

  describe("through /api/v1", () => {
    it("the endpoint shows disabled with the reason; a Member can't enable it again, an Admin can", async () => {
      const w = await teamWithEndpoints();
      await leaveOrganization(w.team.admin);

      const shown = await callApi(getWebhookEndpointEndpoint, { sessionUserId: w.team.owner.userId, params: { id: w.adminEndpoint.id } });
      expect(shown.status).toBe(200);
      expect(shown.json).toMatchObject({ enabled: false, disabledReason: "creator_left", autoDisabledAt: expect.any(String), createdBy: { name: "Adam Admin" } });

      const refused = await callApi(updateWebhookEndpointEndpoint, { sessionUserId: w.team.member.userId, params: { id: w.adminEndpoint.id }, body: { enabled: true } });
      expect(refused.status).toBe(403);
      expect(refused.json).toMatchObject({ code: "FORBIDDEN" });
      expect(await getWebhookEndpoint(w.team.owner, { id: w.adminEndpoint.id })).toMatchObject({ enabled: false, disabledReason: "CREATOR_LEFT" });

      const enabled = await callApi(updateWebhookEndpointEndpoint, { sessionUserId: w.otherAdmin.userId, params: { id: w.adminEndpoint.id }, body: { enabled: true } });
      expect(enabled.status).toBe(200);
      expect(enabled.json).toMatchObject({ enabled: true, disabledReason: null, autoDisabledAt: null, createdBy: { id: w.otherAdmin.userId, name: "Alma Admin" } });
    });
  });
});
