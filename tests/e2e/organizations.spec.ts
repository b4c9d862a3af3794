import type { Page } from "@playwright/test";
import {
  checkPage,
  dialog,
  expect,
  expectAccessible,
  expectDashboard,
  expectFocusVisible,
  invitationRow,
  invite,
  joinBySignUp,
  openAccountPage,
  ownerWithOrganization,
  signUp,
  createOrganization,
  tabTo,
  test,
  uid,
  visit,
} from "./support";

/** The organization dropdown: switching, isolation, and keyboard operation. */

function switcher(page: Page, active: string) {
  return page.getByRole("button", { name: `Organization: ${active}. Switch organization` });
}

async function switchTo(page: Page, from: string, to: string, role: "Owner" | "Admin" | "Member") {
  await switcher(page, from).click();
  const items = page.getByRole("menuitemradio");
  await expect(items.filter({ hasText: from })).toHaveAttribute("aria-checked", "true");
  await items.filter({ hasText: to }).click();
  await expectDashboard(page, to, role);
  await expect(switcher(page, to)).toBeVisible();
}

test("a user in two organizations switches between them and sees each one's own members and invitations", async ({ people }) => {
  const orgA = "Aperture Science";
  const orgB = "Black Mesa";
  const quinn = await ownerWithOrganization(people, "Quinn", orgA);
  const sam = await people.add("Sam");
  await signUp(sam);
  await createOrganization(sam, orgB);
  await openAccountPage(sam.page, "Settings");
  const onlyB = `only-b.${uid()}@example.com`;
  await invite(sam.page, onlyB, "Member");

  const onlyA = `only-a.${uid()}@example.com`;
  await invite(quinn.page, onlyA, "Member");
  const link = await invite(quinn.page, sam.email, "Admin");
  await visit(sam.page, link, "invitation review");
  await sam.page.getByRole("button", { name: "Accept" }).click();
  await expectDashboard(sam.page, orgA, "Admin");

  // The dropdown lists every organization with its role, the active one checked.
  await switcher(sam.page, orgA).click();
  const items = sam.page.getByRole("menuitemradio");
  await expect(items).toHaveCount(3);
  await expect(items.filter({ hasText: orgA })).toHaveAttribute("aria-checked", "true");
  await expect(items.filter({ hasText: orgA })).toContainText("Admin");
  await expect(items.filter({ hasText: orgB })).toHaveAttribute("aria-checked", "false");
  await expect(items.filter({ hasText: orgB })).toContainText("Owner");
  await expect(items.filter({ hasText: "Sam's organization" })).toContainText("(personal)");
  await expectAccessible(sam.page, "organization dropdown", { menuOpen: true });
  await sam.page.keyboard.press("Escape");

  // In A: A's members and A's invitations only.
  await openAccountPage(sam.page, "Members");
  await expect(sam.page.getByTestId("member-row")).toHaveCount(2);
  await expect(sam.page.getByTestId("member-row").filter({ hasText: quinn.name })).toBeVisible();
  await openAccountPage(sam.page, "Settings");
  await expect(invitationRow(sam.page, onlyA)).toBeVisible();
  await expect(invitationRow(sam.page, sam.email)).toContainText("Accepted");
  await expect(invitationRow(sam.page, onlyB)).toHaveCount(0);

  // Switch to B.
  await switchTo(sam.page, orgA, orgB, "Owner");
  await checkPage(sam.page, "dashboard after switching");
  await openAccountPage(sam.page, "Members");
  await expect(sam.page.getByTestId("member-row")).toHaveCount(1);
  await expect(sam.page.getByTestId("member-row").filter({ hasText: quinn.name })).toHaveCount(0);
  await openAccountPage(sam.page, "Settings");
  await expect(sam.page.getByTestId("invitation-row")).toHaveCount(1);
  await expect(invitationRow(sam.page, onlyB)).toBeVisible();
  await expect(invitationRow(sam.page, onlyA)).toHaveCount(0);

  // And back to A.
  await switchTo(sam.page, orgB, orgA, "Admin");
  await openAccountPage(sam.page, "Members");
  await expect(sam.page.getByTestId("member-row")).toHaveCount(2);

  // Quinn's view of A never shows B's invitations.
  await quinn.page.reload();
  await expect(invitationRow(quinn.page, onlyB)).toHaveCount(0);
});

test("keyboard only: organization dropdown, three-dot menu and confirmation dialog, with visible focus", async ({ people }) => {
  const org = "Soylent";
  const kim = await ownerWithOrganization(people, "Kim", org);
  const max = await people.add("Max");
  await joinBySignUp(max, await invite(kim.page, max.email, "Member"), org, "Member");
  const page = kim.page;

  // Organization dropdown: Tab to it, open with Enter, Escape closes, arrows and Enter switch.
  await visit(page, "/dashboard", "dashboard");
  const trigger = switcher(page, org);
  await tabTo(page, trigger);
  await expectFocusVisible(trigger);
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expect(page.getByRole("menuitemradio").first()).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expectFocusVisible(trigger);

  await page.keyboard.press("ArrowDown");
  await expect(menu).toBeVisible();
  const personal = page.getByRole("menuitemradio", { name: /Kim's organization/ });
  await moveWithArrows(page, personal);
  await expect(personal).toHaveAttribute("data-highlighted", "");
  await page.keyboard.press("Enter");
  await expectDashboard(page, "Kim's organization (personal)", "Owner");

  const personalTrigger = switcher(page, "Kim's organization");
  await tabTo(page, personalTrigger);
  await expectFocusVisible(personalTrigger);
  await page.keyboard.press("Space");
  const target = page.getByRole("menuitemradio", { name: new RegExp(org) });
  await moveWithArrows(page, target);
  await page.keyboard.press("Enter");
  await expectDashboard(page, org, "Owner");

  // Role dropdown: arrow keys on the closed dropdown don't change the role (each change would ask for confirmation).
  await visit(page, "/members", "members");
  const role = page.getByLabel(`Role of ${max.name}`);
  await tabTo(page, role);
  await expectFocusVisible(role);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(role).toHaveValue("MEMBER");
  await expect(role).toBeFocused();

  // Three-dot menu → Remove → confirmation, by keyboard.
  const actions = page.getByRole("button", { name: `Actions for ${max.name}` });
  await tabTo(page, actions);
  await expectFocusVisible(actions);
  await page.keyboard.press("Enter");
  const remove = page.getByRole("menuitem", { name: "Remove" });
  await expect(remove).toBeFocused();
  await page.keyboard.press("Enter");
  const confirm = dialog(page, `Remove ${max.name}?`);
  await expect(confirm).toBeVisible();
  const cancel = confirm.getByRole("button", { name: "Cancel" });
  await expectFocusVisible(cancel);
  // Escape cancels and gives focus back to the menu button.
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expectFocusVisible(actions);
  await expect(page.getByTestId("member-row").filter({ hasText: max.name })).toBeVisible();

  await page.keyboard.press("Enter");
  await expect(remove).toBeFocused();
  await page.keyboard.press("Enter");
  await expectFocusVisible(cancel);
  // Focus stays inside the dialog.
  await page.keyboard.press("Tab");
  const confirmRemove = confirm.getByRole("button", { name: "Remove" });
  await expectFocusVisible(confirmRemove);
  await page.keyboard.press("Tab");
  await expectFocusVisible(cancel);
  await page.keyboard.press("Shift+Tab");
  await expectFocusVisible(confirmRemove);
  await page.keyboard.press("Enter");
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("member-row").filter({ hasText: max.name })).toHaveCount(0);
  await checkPage(page, "members after keyboard removal");

  // Max's next request lands in his personal organization.
  await max.page.reload();
  await expect(max.page.getByRole("status").filter({ hasText: `You no longer have access to ${org}` })).toBeVisible();
  await expectDashboard(max.page, "Max's organization (personal)", "Owner");
});

/** Presses ArrowDown (then ArrowUp) inside an open menu until `item` has focus. */
async function moveWithArrows(page: Page, item: ReturnType<Page["getByRole"]>) {
  for (const key of ["ArrowDown", "ArrowUp"]) {
    for (let i = 0; i < 6; i++) {
      if (await item.evaluate((element) => element === document.activeElement)) return;
      await page.keyboard.press(key);
    }
  }
  await expect(item).toBeFocused();
}
