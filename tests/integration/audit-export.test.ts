import { parse } from "csv-parse/sync";
import { GET as exportRoute } from "@/app/(app)/audit-log/export/route";
import { AUDIT_CSV_COLUMNS, auditExportStream } from "@/lib/audit/export";
import { prisma } from "@/lib/db/client";
import { EXPORT_PAGE_SIZE, exportAuditLog, listAuditLog, type AuditEntryView } from "@/lib/services/audit";
import { changeMemberRole } from "@/lib/services/members";
import { signedInAs } from "../helpers/action-request";
import { createTeam } from "../helpers/factories";

jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);
jest.mock("@/lib/auth", () => jest.requireActual("../helpers/action-request").authModule);
jest.mock("next/headers", () => jest.requireActual("../helpers/action-request").headersModule);
jest.mock("next/cache", () => jest.requireActual("../helpers/action-request").cacheModule);

const exportUrl = (query: Record<string, string>) => `https://teamhub.test/audit-log/export?${new URLSearchParams(query)}`;

async function download(userId: string | null, query: Record<string, string>) {
  const call = () => exportRoute(new Request(exportUrl(query)));
  const response = userId ? await signedInAs(userId, call) : await call();
  return { response, text: await response.text() };
}

type SeedEntry = { action: string; actorName: string; actorEmail?: string | null; createdAt: string; targetLabel?: string; details?: object };

async function seed(organizationId: string, entries: SeedEntry[]) {
  await prisma.auditLog.createMany({
    data: entries.map((entry) => ({
      organizationId,
      action: entry.action,
      actorName: entry.actorName,
      actorEmail: entry.actorEmail ?? null,
      targetType: entry.targetLabel ? "member" : null,
      targetId: entry.targetLabel ? "00000000-0000-4000-8000-000000000001" : null,
      targetLabel: entry.targetLabel ?? null,
      details: entry.details ?? {},
      createdAt: new Date(entry.createdAt),
    })),
  });
}

describe("audit log filters", () => {
  it("filters by person, action and days on the reader's clock, combined, page by page", async () => {
    const { owner, organization } = await createTeam();
    await prisma.auditLog.deleteMany({ where: { organizationId: organization.id } }).catch(() => undefined);
    await seed(organization.id, [
      { action: "invitation.created", actorName: "Ada Lovelace", actorEmail: "ada@example.com", createdAt: "2026-11-30T14:59:59.000Z", targetLabel: "a@x.com" },
      { action: "invitation.created", actorName: "Ada Lovelace", actorEmail: "ada@example.com", createdAt: "2026-11-30T15:00:00.000Z", targetLabel: "b@x.com" },
      { action: "member.removed", actorName: "Ada Lovelace", actorEmail: "ada@example.com", createdAt: "2026-12-01T10:00:00.000Z", targetLabel: "c@x.com" },
      { action: "invitation.created", actorName: "CI (API key of Ada Lovelace)", actorEmail: "ada@example.com", createdAt: "2026-12-01T11:00:00.000Z", targetLabel: "d@x.com" },
      { action: "invitation.created", actorName: "Bob Stone", actorEmail: "bob@example.com", createdAt: "2026-12-01T12:00:00.000Z", targetLabel: "e@x.com" },
      { action: "invitation.created", actorName: "Percy 100%_sure", actorEmail: "percy@example.com", createdAt: "2026-12-02T15:00:00.000Z", targetLabel: "f@x.com" },
    ]);
    const labels = async (filter: Parameters<typeof listAuditLog>[1]) =>
      (await listAuditLog(owner, filter)).data.filter((entry) => entry.target).map((entry) => entry.target!.label);

    expect(await labels({ actor: "ADA" })).toEqual(["d@x.com", "c@x.com", "b@x.com", "a@x.com"]);
    expect(await labels({ actor: "bob@example" })).toEqual(["e@x.com"]);
    // LIKE wildcards are plain characters.
    expect(await labels({ actor: "100%_" })).toEqual(["f@x.com"]);
    expect(await labels({ actor: "Bo_" })).toEqual([]);
    expect(await labels({ action: "invitation.created", actor: "ada" })).toEqual(["d@x.com", "b@x.com", "a@x.com"]);
    // 1 December in Tokyo runs from 30 November 15:00 to 1 December 15:00 UTC.
    expect(await labels({ from: "2026-12-01", to: "2026-12-01", timeZone: "Asia/Tokyo" })).toEqual(["e@x.com", "d@x.com", "c@x.com", "b@x.com"]);
    expect(await labels({ from: "2026-12-01", to: "2026-12-01" })).toEqual(["e@x.com", "d@x.com", "c@x.com"]);
    expect(await labels({ from: "2026-12-02" })).toEqual(["f@x.com"]);
    expect(await labels({ to: "2026-11-30" })).toEqual(["b@x.com", "a@x.com"]);
    expect(await labels({ actor: "ada", action: "invitation.created", from: "2026-12-01", to: "2026-12-01", timeZone: "Asia/Tokyo" })).toEqual(["d@x.com", "b@x.com"]);

    // Paging keeps the filters.
    const first = await listAuditLog(owner, { actor: "ada", limit: 3 });
    const second = await listAuditLog(owner, { actor: "ada", limit: 3, cursor: first.nextCursor! });
    expect([...first.data, ...second.data].map((entry) => entry.target?.label)).toEqual(["d@x.com", "c@x.com", "b@x.com", "a@x.com"]);
    expect(second.nextCursor).toBeNull();
  });

  it("refuses bad filters with a message per field", async () => {
    const { owner } = await createTeam();
    await expect(listAuditLog(owner, { from: "2026-12-05", to: "2026-12-01" })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { to: ["The end date is before the start date."] },
    });
    await expect(listAuditLog(owner, { from: "1 December" })).rejects.toMatchObject({ fieldErrors: { from: ["Use a date like 2026-12-01."] } });
    await expect(listAuditLog(owner, { timeZone: "Mars/Base" })).rejects.toMatchObject({ fieldErrors: { timeZone: [expect.stringContaining("time zone")] } });
    await expect(listAuditLog(owner, { action: "member.promoted" })).rejects.toMatchObject({ fieldErrors: { action: ["Choose an action from the list."] } });
    await expect(exportAuditLog(owner, { to: "2026-13-01" })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("audit log export", () => {
  it("downloads the filtered log as CSV and JSON, with sentences, for Owners and Admins only", async () => {
    const { owner, admin, member, users, organization } = await createTeam("Acme Corp / Ünïted");
    const other = await createTeam("Other");
    await changeMemberRole(owner, { userId: member.userId, role: "ADMIN" });
    // The role is read from the database on each request: a demoted Admin is refused at once.
    await changeMemberRole(owner, { userId: admin.userId, role: "MEMBER" });
    await changeMemberRole(other.owner, { userId: other.member.userId, role: "ADMIN" });
    // Names are the users' own: a formula in one must not run in a spreadsheet.
    await seed(organization.id, [
      { action: "member.removed", actorName: "=HYPERLINK(\"http://evil.example\")", actorEmail: "+1@example.com", createdAt: "2026-11-01T00:00:00.000Z", targetLabel: "@mention", details: { role: "MEMBER", name: "-2+3" } },
    ]);

    const csv = await download(users.member.id, { format: "csv", action: "member.role_changed", actor: "olivia" });
    expect(csv.response.status).toBe(200);
    expect(csv.response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const today = new Date().toISOString().slice(0, 10);
    expect(csv.response.headers.get("content-disposition")).toBe(`attachment; filename="audit-log-acme-corp-united-${today}.csv"`);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows).toEqual([
      expect.objectContaining({
        action: "member.role_changed",
        sentence: "Olivia Owner changed Adam Admin's role from Admin to Member",
        target_label: admin.email,
      }),
      expect.objectContaining({
        action: "member.role_changed",
        sentence: "Olivia Owner changed Mia Member's role from Member to Admin",
        actor_name: "Olivia Owner",
        actor_email: owner.email,
        actor_user_id: owner.userId,
        target_label: member.email,
        details: JSON.stringify({ to: "ADMIN", from: "MEMBER", name: "Mia Member" }),
        ip: "203.0.113.7",
      }),
    ]);

    const injected = parse((await download(users.owner.id, { format: "csv", action: "member.removed" })).text, { columns: true }) as Record<string, string>[];
    expect(injected).toHaveLength(1);
    expect(injected[0]).toMatchObject({
      actor_name: "'=HYPERLINK(\"http://evil.example\")",
      actor_email: "'+1@example.com",
      target_label: "'@mention",
      sentence: "'=HYPERLINK(\"http://evil.example\") removed -2+3 (Member) from the organization",
    });

    const json = await download(users.owner.id, { format: "json", actor: "olivia" });
    expect(json.response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(json.response.headers.get("content-disposition")).toBe(`attachment; filename="audit-log-acme-corp-united-${today}.json"`);
    const entries = JSON.parse(json.text) as { action: string; sentence: string; actor: { name: string } }[];
    expect(entries.map((entry) => [entry.action, entry.sentence])).toEqual([
      ["member.role_changed", "Olivia Owner changed Adam Admin's role from Admin to Member"],
      ["member.role_changed", "Olivia Owner changed Mia Member's role from Member to Admin"],
    ]);
    expect(JSON.parse((await download(users.owner.id, { format: "json", actor: "nobody at all" })).text)).toEqual([]);
    expect(parse((await download(users.owner.id, { format: "csv", actor: "nobody at all" })).text)).toEqual([[...AUDIT_CSV_COLUMNS]]);

    const refused = await download(users.admin.id, { format: "csv" });
    expect(refused.response.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({ code: "FORBIDDEN", detail: "Only Owners and Admins can read the audit log." });
    const signedOut = await download(null, { format: "csv" });
    expect(signedOut.response.status).toBe(401);
    const badFormat = await download(users.owner.id, { format: "xlsx" });
    expect(badFormat.response.status).toBe(422);
    const badFilter = await download(users.owner.id, { format: "csv", from: "2026-12-05", to: "2026-12-01" });
    expect(JSON.parse(badFilter.text)).toMatchObject({ code: "VALIDATION", errors: { to: ["The end date is before the start date."] } });
  });

  it("exports 100,000 entries a page at a time, reading the next page only when the client reads on", async () => {
    const { owner, users, organization } = await createTeam();
    await prisma.$executeRaw`
      INSERT INTO audit_logs (organization_id, action, actor_name, actor_email, target_type, target_id, target_label, details, created_at)
      SELECT ${organization.id}::uuid, 'invitation.created', 'Ada Lovelace', 'ada@example.com', 'invitation', gen_random_uuid()::text,
             'person' || n || '@example.com', jsonb_build_object('role', 'MEMBER'), now() - (100000 - n) * interval '1 second'
      FROM generate_series(1, 100000) AS n`;
    const total = await prisma.auditLog.count({ where: { organizationId: organization.id } });
    expect(total).toBeGreaterThanOrEqual(100_000);

    // The stream reads a page only when its reader asks for more.
    const { pages } = await exportAuditLog(owner, {});
    const sizes: number[] = [];
    const counted = (async function* () {
      for await (const page of pages) {
        sizes.push(page.length);
        yield page;
      }
    })();
    const reader = auditExportStream(counted, "csv").getReader();
    await reader.read();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sizes).toEqual([EXPORT_PAGE_SIZE]);
    await reader.read();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sizes).toEqual([EXPORT_PAGE_SIZE, EXPORT_PAGE_SIZE]);
    while (!(await reader.read()).done);
    expect(sizes.length).toBe(Math.ceil(total / EXPORT_PAGE_SIZE));
    expect(Math.max(...sizes)).toBe(EXPORT_PAGE_SIZE);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(total);

    // The route's whole file: every entry once, newest first.
    const { response, text } = await download(users.owner.id, { format: "csv", action: "invitation.created" });
    expect(response.status).toBe(200);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(100_000);
    const ids = rows.map((row) => BigInt(row.id!));
    expect(ids.every((id, index) => index === 0 || id < ids[index - 1]!)).toBe(true);
    expect(rows[0]).toMatchObject({ target_label: "person100000@example.com", sentence: "Ada Lovelace invited person100000@example.com as Member" });
    expect(rows.at(-1)).toMatchObject({ target_label: "person1@example.com" });
  }, 120_000);

  it("stops reading when the client goes away", async () => {
    const { owner, organization } = await createTeam();
    await seed(organization.id, Array.from({ length: 5 }, (_, n) => ({ action: "member.left", actorName: `P${n}`, createdAt: `2026-11-0${n + 1}T00:00:00.000Z` })));
    const { pages } = await exportAuditLog(owner, {}, 2);
    const read: AuditEntryView[][] = [];
    const counted = (async function* () {
      for await (const page of pages) {
        read.push(page);
        yield page;
      }
    })();
    const reader = auditExportStream(counted, "json").getReader();
    await reader.read();
    await reader.cancel();
    expect(read).toHaveLength(1);
    expect(await counted.next()).toEqual({ done: true, value: undefined });
  });
});
