import { prisma } from "@/lib/db/client";
import { listAuditLog } from "@/lib/services/audit";
import { createInvitation } from "@/lib/services/invitations/manage";
import { changeMemberRole } from "@/lib/services/members";
import { createTeam } from "../helpers/factories";

const origin = "https://teamhub.example";

describe("audit log", () => {
  it("lists the organization's entries newest first, for Owners and Admins", async () => {
    const { owner, admin, member } = await createTeam();
    const invitation = await createInvitation(admin, { email: "audited@example.com", role: "MEMBER" }, origin);
    await changeMemberRole(owner, { userId: member.userId, role: "ADMIN" });

    const { data, nextCursor } = await listAuditLog(owner, {});
    expect(nextCursor).toBeNull();
    expect(data).toEqual([
      {
        id: expect.stringMatching(/^\d+$/),
        action: "member.role_changed",
        createdAt: expect.any(Date),
        actor: { userId: owner.userId, apiKeyId: null, name: owner.name, email: owner.email },
        target: { type: "member", id: member.userId, label: member.email },
        details: { from: "MEMBER", to: "ADMIN", name: "Mia Member" },
        ip: "203.0.113.7",
      },
      {
        id: expect.stringMatching(/^\d+$/),
        action: "invitation.created",
        createdAt: expect.any(Date),
        actor: { userId: admin.userId, apiKeyId: null, name: admin.name, email: admin.email },
        target: { type: "invitation", id: invitation.id, label: "audited@example.com" },
        details: { role: "MEMBER", expiresAt: invitation.expiresAt.toISOString() },
        ip: "203.0.113.7",
      },
    ]);
    expect(BigInt(data[0]!.id)).toBeGreaterThan(BigInt(data[1]!.id));
    expect(await listAuditLog(admin, {})).toEqual({ data, nextCursor: null });
    await expect(listAuditLog(member, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("filters by action and pages with a cursor, without other organizations' entries", async () => {
    const { owner, organization } = await createTeam();
    const other = await createTeam("Other");
    const entry = (organizationId: string, action: string) => ({ organizationId, action, actorName: "Seeder", targetType: null });
    await prisma.auditLog.createMany({
      data: Array.from({ length: 7 }, (_, index) => entry(organization.id, index % 2 ? "member.removed" : "member.left")),
    });
    await prisma.auditLog.createMany({ data: [entry(other.organization.id, "member.removed")] });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditLog(owner, { limit: 3, cursor });
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((row) => row.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const expected = await prisma.auditLog.findMany({ where: { organizationId: organization.id }, orderBy: { id: "desc" } });
    expect(seen).toEqual(expected.map((row) => row.id.toString()));

    const removed = await listAuditLog(owner, { action: "member.removed" });
    expect(removed.data).toHaveLength(3);
    expect(removed.data.every((row) => row.action === "member.removed" && row.target === null)).toBe(true);
    const firstPage = await listAuditLog(owner, { action: "member.left", limit: 2 });
    const secondPage = await listAuditLog(owner, { action: "member.left", limit: 2, cursor: firstPage.nextCursor! });
    expect([...firstPage.data, ...secondPage.data].map((row) => row.action)).toEqual(Array(4).fill("member.left"));
    expect(secondPage.nextCursor).toBeNull();
  });

  it("refuses an unknown action and a broken cursor", async () => {
    const { owner } = await createTeam();
    await expect(listAuditLog(owner, { action: "member.deleted" as never })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(listAuditLog(owner, { cursor: "garbage" })).rejects.toMatchObject({ code: "VALIDATION" });
    const huge = Buffer.from(JSON.stringify("99999999999999999999")).toString("base64url");
    await expect(listAuditLog(owner, { cursor: huge })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
