import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import {
  checkPage,
  createOrganization,
  expect,
  invite,
  joinBySignUp,
  openAccountPage,
  signUp,
  sql,
  test,
  uid,
  visit,
} from "./support";

/** Issue 12 item 8: an audit log people understand — sentences, filters in the URL, CSV export. */

async function exportCsv(page: Page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const file = await download.path();
  return { filename: download.suggestedFilename(), rows: parse(readFileSync(file!, "utf8"), { columns: true }) as Record<string, string>[] };
}

const entries = (page: Page) => page.getByTestId("audit-entry");

test("an Owner reads the log as sentences, filters it by person, action and days on their clock, and downloads the CSV", async ({ people }) => {
  const org = `Audit Co ${uid()}`;
  // Bruce reads the log in Tokyo: days in the filters are Tokyo days.
  const owner = await people.add("Bruce", { timezoneId: "Asia/Tokyo" });
  await signUp(owner);
  await createOrganization(owner, org);
  await openAccountPage(owner.page, "Settings");
  const adam = await people.add("Adam");
  await joinBySignUp(adam, await invite(owner.page, adam.email, "Member"), org, "Member");
  const dora = `dora.${uid()}@example.com`;
  await invite(owner.page, dora, "Admin", { sendEmail: false });

  await openAccountPage(owner.page, "Audit log");
  const page = owner.page;
  await page.reload(); // without the toast of the last invitation
  await expect(entries(page).filter({ hasText: `${owner.name} invited ${adam.email} as Member` })).toHaveCount(1);
  await expect(entries(page).filter({ hasText: `${adam.name} accepted the invitation to ${adam.email} and joined as Member` })).toHaveCount(1);
  await expect(entries(page).filter({ hasText: `${owner.name} invited ${dora} as Admin` })).toHaveCount(1);
  // Times on Bruce's clock, and how long ago.
  await expect(entries(page).filter({ hasText: `invited ${dora}` }).locator("time")).toHaveText(/GMT\+9 \((just now|\d+ (seconds?|minutes?) ago)\)$/);
  // The page as the README shows it.
  if (process.env.UPDATE_DOCS_SCREENSHOTS) await page.screenshot({ path: path.resolve(__dirname, "../../docs/screenshots/audit-log.png"), fullPage: true });

  // Older entries: a switch logged before switches stopped being logged, and a name a spreadsheet would run.
  const [organization] = await sql<{ id: string }>("SELECT id FROM organizations WHERE name = $1", [org]);
  await sql(
    `INSERT INTO audit_logs (organization_id, action, actor_name, actor_email, target_type, target_id, target_label, details, created_at) VALUES
       ($1::uuid, 'organization.switched', $2, $3, 'organization', $1::text, $4, '{}', '2026-01-14T16:00:00Z'),
       ($1::uuid, 'member.removed', '=cmd|'' /C calc''!A0', 'old@example.com', 'member', gen_random_uuid()::text, 'gone@example.com', '{"role": "ADMIN", "name": "Gone Person"}', '2026-01-14T14:00:00Z')`,
    [organization!.id, owner.name, owner.email, org],
  );

  await page.reload();
  await expect(entries(page).filter({ hasText: `${owner.name} switched to ${org}` })).toHaveCount(1);
  await expect(entries(page).filter({ hasText: "removed Gone Person (Admin) from the organization" })).toHaveCount(1);

  // By person and action, with the keyboard: the filters land in the URL.
  await page.getByLabel("Person").fill("bruce");
  await page.getByLabel("Action").selectOption({ label: "Invitation created" });
  await page.getByLabel("Person").press("Enter");
  await expect(page).toHaveURL(/[?&]actor=bruce(&|$)/);
  await expect(page).toHaveURL(/[?&]action=invitation\.created(&|$)/);
  await expect(entries(page)).toHaveCount(2);
  await checkPage(page, "audit log filtered by person and action", { screenshot: "audit-log-filtered" });

  const invited = await exportCsv(page);
  expect(invited.filename).toMatch(/^audit-log-audit-co-[a-z0-9]+-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(invited.rows.map((row) => [row.action, row.sentence, row.actor_email])).toEqual([
    ["invitation.created", `${owner.name} invited ${dora} as Admin`, owner.email],
    ["invitation.created", `${owner.name} invited ${adam.email} as Member`, owner.email],
  ]);

  // A shared link opens the same view.
  const shared = page.url();
  const second = await owner.context.newPage();
  await visit(second, shared, "shared audit log link");
  await expect(entries(second)).toHaveCount(2);
  await second.close();

  // Days on Bruce's clock: 15 January in Tokyo starts at 14 January 15:00 UTC.
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/audit-log$/);
  await page.getByLabel("From").fill("2026-01-15");
  await page.getByLabel("To").fill("2026-01-15");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/timeZone=Asia%2FTokyo/);
  await expect(entries(page)).toHaveCount(1);
  await expect(entries(page)).toContainText(`${owner.name} switched to ${org}`);

  await page.getByLabel("From").fill("2026-01-14");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(entries(page)).toHaveCount(2);
  const older = await exportCsv(page);
  // (Newest first by the order entries were written: these two were written last, with old times.)
  expect(older.rows.map((row) => row.action)).toEqual(["member.removed", "organization.switched"]);
  // Formula injection: the cell starts with ' and is text in a spreadsheet.
  expect(older.rows[0]).toMatchObject({ actor_name: "'=cmd|' /C calc'!A0", time_utc: "2026-01-14T14:00:00.000Z" });

  // A range that ends before it starts says so next to the field.
  await page.getByLabel("From").fill("2026-01-20");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByLabel("To")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("The end date is before the start date.")).toBeVisible();
  await checkPage(page, "audit log with a bad range");

  await page.goto("/audit-log");
  await checkPage(page, "audit log", { screenshot: "audit-log" });
});

test("a Member can't export the log, also by opening the export address", async ({ people }) => {
  const org = `Audit Member ${uid()}`;
  const owner = await people.add("Olga");
  await signUp(owner);
  await createOrganization(owner, org);
  await openAccountPage(owner.page, "Settings");
  const mia = await people.add("Mia");
  await joinBySignUp(mia, await invite(owner.page, mia.email, "Member"), org, "Member");
  const response = await mia.page.request.get("/audit-log/export?format=csv");
  expect(response.status()).toBe(403);
  expect(await response.json()).toMatchObject({ code: "FORBIDDEN", detail: "Only Owners and Admins can read the audit log." });
});
