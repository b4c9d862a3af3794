import type { Locator } from "@playwright/test";
import { checkPage, createOrganization, expect, fillSignIn, invitationRow, invite, openAccountPage, signUp, test, visit } from "./support";

/**
 * Times are shown in the reader's own time zone (the browser's), relative
 * where that helps: two people in different zones read the same moment each
 * on their own clock. The server sends UTC; the page switches after hydration
 * (checkPage fails on the console error a hydration mismatch would log).
 */

const FORMAT: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" };

/** The moment a <time> element carries, and how it reads on the clock of `timeZone`. */
async function expectReadIn(time: Locator, timeZone: string) {
  const moment = new Date((await time.getAttribute("datetime"))!);
  const expected = new Intl.DateTimeFormat("en", { ...FORMAT, timeZone }).format(moment);
  await expect(time).toHaveText(expected);
  return expected;
}

test("each reader sees times on their own clock: Pending Invitations, Members, the audit log, the invitation page", async ({ people }) => {
  const org = "Tokyo Drift";
  const owner = await people.add("Kenji", { timezoneId: "Asia/Tokyo" });
  await signUp(owner);
  await createOrganization(owner, org);
  await openAccountPage(owner.page, "Settings");
  const invitee = await people.add("Lucy", { timezoneId: "America/Los_Angeles" });
  await signUp(invitee);
  const link = await invite(owner.page, invitee.email, "Member");

  // Pending Invitations: created on Tokyo time, and how long the link has left.
  const row = invitationRow(owner.page, invitee.email);
  const created = row.locator("time").first();
  expect(await expectReadIn(created, "Asia/Tokyo")).toMatch(/GMT\+9$/);
  await expect(row).toContainText("expires in 7 days");
  await expect(row.locator("time").nth(1)).toHaveAttribute("title", /GMT\+9$/);

  // The same moment for a second Owner's browser in New York.
  const elsewhere = await people.browserFor(owner, { timezoneId: "America/New_York" });
  await visit(elsewhere.page, "/sign-in", "sign-in");
  await fillSignIn(elsewhere.page, owner);
  await expect(elsewhere.page).toHaveURL(/\/dashboard/);
  await visit(elsewhere.page, "/settings", "settings in New York");
  expect(await expectReadIn(invitationRow(elsewhere.page, invitee.email).locator("time").first(), "America/New_York")).toMatch(/ E[SD]T$/);

  // The invited person, in Los Angeles: the expiry on their clock, and how far off it is.
  await visit(invitee.page, link, "invitation review in Los Angeles");
  const expires = invitee.page.locator("dl time");
  const moment = new Date((await expires.getAttribute("datetime"))!);
  await expect(expires).toHaveText(`${new Intl.DateTimeFormat("en", { ...FORMAT, timeZone: "America/Los_Angeles" }).format(moment)} (in 7 days)`);
  await invitee.page.getByRole("button", { name: "Accept" }).click();
  await expect(invitee.page.getByTestId("active-organization")).toHaveText(org);

  // Once answered, the row says when, not an expiry that no longer matters.
  await owner.page.reload();
  await expect(row).toContainText("Accepted");
  await expect(row).toContainText(/accepted (just now|1 minute ago)/);
  await expect(row).not.toContainText("expires");
  await checkPage(owner.page, "settings in Tokyo");

  // Members: joined on the reader's date, last active relative, the exact time on Tokyo's clock as its tooltip.
  await openAccountPage(owner.page, "Members");
  const member = owner.page.getByTestId("member-row").filter({ hasText: invitee.name });
  await expect(member.locator("time").first()).toHaveText(new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "Asia/Tokyo" }).format(new Date()));
  await expect(member.locator("time").nth(1)).toHaveText(/^(just now|1 minute ago)$/);
  await expect(member.locator("time").nth(1)).toHaveAttribute("title", /GMT\+9$/);

  // The audit log, on Tokyo time, and how long ago.
  await openAccountPage(owner.page, "Audit log");
  const entryTime = owner.page.getByTestId("audit-entry").filter({ hasText: "invitation.accepted" }).locator("time");
  const exact = new Intl.DateTimeFormat("en", { ...FORMAT, timeZone: "Asia/Tokyo" }).format(new Date((await entryTime.getAttribute("datetime"))!));
  await expect(entryTime).toHaveText(new RegExp(`^${exact.replace(/[+()]/g, "\\$&")} \\((just now|\\d+ minutes? ago)\\)$`));
});
