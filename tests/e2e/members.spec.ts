import {
  checkPage,
  dialog,
  expect,
  expectAccessible,
  expectDashboard,
  invite,
  inviteSection,
  joinBySignUp,
  openAccountPage,
  ownerWithOrganization,
  test,
  visit,
} from "./support";

/** The guide's "Managing Organization Members" and "Leaving an Organization". */

test("an Owner promotes a Member to Admin; the Admin gets management controls without the Owner role, a Member gets none", async ({ people }) => {
  // Three people, two of them joining through emailed sign-up links, and about ten pages checked with axe: over the 2 minutes
  // of one test on the 2-core CI machine when it is busy.
  test.slow();
  const org = "Wayne Enterprises";
  const owner = await ownerWithOrganization(people, "Bruce", org);
  const adam = await people.add("Adam");
  const mia = await people.add("Mia");
  await joinBySignUp(adam, await invite(owner.page, adam.email, "Member"), org, "Member");
  await joinBySignUp(mia, await invite(owner.page, mia.email, "Member"), org, "Member");

  // A Member sees no management controls.
  await openAccountPage(adam.page, "Settings");
  await expect(inviteSection(adam.page)).toHaveCount(0);
  await expect(adam.page.getByRole("region", { name: "Pending Invitations" })).toHaveCount(0);
  await expect(adam.page.getByRole("region", { name: "API keys" })).toHaveCount(0);
  await openAccountPage(adam.page, "Members");
  await expect(adam.page.getByRole("combobox")).toHaveCount(0);
  await expect(adam.page.getByRole("button", { name: /^Actions for / })).toHaveCount(0);
  await expect(adam.page.getByTestId("member-row").filter({ hasText: mia.name })).not.toContainText(mia.email);
  await checkPage(adam.page, "members as Member", { screenshot: "members-as-member" });

  // The Owner changes Adam's role with the dropdown and confirms.
  await openAccountPage(owner.page, "Members");
  const role = owner.page.getByLabel(`Role of ${adam.name}`);
  await expect(role.locator("option")).toHaveText(["Owner", "Admin", "Member"]);
  await role.selectOption({ label: "Admin" });
  const confirm = dialog(owner.page, `Change ${adam.name}'s role?`);
  await expect(confirm).toContainText(`${adam.name} goes from Member to Admin.`);
  await expectAccessible(owner.page, "change role dialog");
  await confirm.getByRole("button", { name: "Change role" }).click();
  await expect(confirm).toBeHidden();
  await expect(role).toHaveValue("ADMIN");
  await owner.page.reload();
  await expect(owner.page.getByLabel(`Role of ${adam.name}`)).toHaveValue("ADMIN");
  await checkPage(owner.page, "members after promotion");

  // It applies on Adam's next request: he is Admin, with management controls.
  await adam.page.getByRole("link", { name: "Teamhub" }).click();
  await expectDashboard(adam.page, org, "Admin");
  await expect(adam.page.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
  await openAccountPage(adam.page, "Settings");
  await expect(inviteSection(adam.page)).toBeVisible();
  await expect(inviteSection(adam.page).getByLabel("Role", { exact: true }).locator("option")).toHaveText(["Admin", "Member"]);
  await expect(adam.page.getByRole("region", { name: "Pending Invitations" })).toBeVisible();
  await checkPage(adam.page, "settings as Admin");
  await openAccountPage(adam.page, "Members");
  const miaRole = adam.page.getByLabel(`Role of ${mia.name}`);
  await expect(miaRole.locator("option")).toHaveText(["Admin", "Member"]);
  // The Owner's role can't be changed or removed by an Admin: both controls are disabled, and the row says why.
  const why = "Only Owners can change an Owner's role or remove an Owner.";
  await expect(adam.page.getByLabel(`Role of ${owner.name}`)).toBeDisabled();
  await expect(adam.page.getByLabel(`Role of ${owner.name}`)).toHaveAccessibleDescription(why);
  await expect(adam.page.getByRole("button", { name: `Actions for ${owner.name}` })).toBeDisabled();
  await expect(adam.page.getByTestId("member-row").filter({ hasText: owner.name })).toContainText(why);
  await expect(adam.page.getByRole("button", { name: `Actions for ${mia.name}` })).toBeEnabled();
  await checkPage(adam.page, "members as Admin");

  // Mia, still a Member, still sees none of it.
  // Visited (and checked) rather than reloaded: the next click needs the page hydrated.
  await visit(mia.page, "/dashboard", "dashboard as Member");
  await openAccountPage(mia.page, "Members");
  await expect(mia.page.getByRole("combobox")).toHaveCount(0);
});

test("an Owner removes a member with the three-dot menu; the member's next click lands in their personal organization", async ({ people }) => {
  const org = "Cyberdyne";
  const owner = await ownerWithOrganization(people, "Sarah", org);
  const rosa = await people.add("Rosa");
  await joinBySignUp(rosa, await invite(owner.page, rosa.email, "Member"), org, "Member");

  await openAccountPage(owner.page, "Members");
  const row = owner.page.getByTestId("member-row").filter({ hasText: rosa.name });
  await row.getByRole("button", { name: `Actions for ${rosa.name}` }).click();
  await expectAccessible(owner.page, "member actions menu", { menuOpen: true });
  await owner.page.getByRole("menuitem", { name: "Remove" }).click();
  const confirm = dialog(owner.page, `Remove ${rosa.name}?`);
  await expect(confirm).toContainText(`${rosa.name} loses access to ${org} on their next request.`);
  await confirm.getByRole("button", { name: "Remove" }).click();
  await expect(row).toHaveCount(0);
  await checkPage(owner.page, "members after removal");

  // Rosa's next click.
  await rosa.page.getByRole("link", { name: "See members" }).click();
  const notice = rosa.page.getByRole("status").filter({ hasText: "You no longer have access to" });
  await expect(notice).toHaveText(`You no longer have access to ${org}. You are now in your personal organization.`);
  await expect(rosa.page.getByRole("button", { name: "Organization: Rosa's organization. Switch organization" })).toBeVisible();
  await checkPage(rosa.page, "members after being removed", { screenshot: "removed-notice" });
  await expect(rosa.page.getByRole("main")).not.toContainText(owner.name);
  await rosa.page.getByRole("link", { name: "Teamhub" }).click();
  await expectDashboard(rosa.page, "Rosa's organization (personal)", "Owner");
  await expect(rosa.page.getByRole("status").filter({ hasText: "You no longer have access to" })).toHaveCount(0);
  await rosa.page.getByRole("button", { name: /^Organization: / }).click();
  await expect(rosa.page.getByRole("menuitemradio")).toHaveCount(1);
  await rosa.page.keyboard.press("Escape");

  // The Owner's audit log has the removal.
  await openAccountPage(owner.page, "Audit log");
  await expect(owner.page.getByTestId("audit-entry").filter({ hasText: "member.removed" })).toContainText(rosa.email);
  await checkPage(owner.page, "audit log", { screenshot: "audit-log" });
});

test("a Member leaves from Account → Settings; the last Owner can't leave", async ({ people }) => {
  const org = "Tyrell Corp";
  const owner = await ownerWithOrganization(people, "Eldon", org);
  const lee = await people.add("Lee");
  await joinBySignUp(lee, await invite(owner.page, lee.email, "Member"), org, "Member");

  await openAccountPage(lee.page, "Settings");
  const leave = lee.page.getByRole("region", { name: "Leave Organization" });
  await leave.getByRole("button", { name: "Leave Organization" }).click();
  const confirm = dialog(lee.page, `Leave ${org}?`);
  await expectAccessible(lee.page, "leave dialog");
  await confirm.getByRole("button", { name: "Leave Organization" }).click();
  await expectDashboard(lee.page, "Lee's organization (personal)", "Owner");
  await expect(lee.page.getByRole("status").filter({ hasText: "You left the organization." })).toBeVisible();
  await checkPage(lee.page, "dashboard after leaving");
  await lee.page.getByRole("button", { name: /^Organization: / }).click();
  await expect(lee.page.getByRole("menuitemradio", { name: new RegExp(org) })).toHaveCount(0);
  await lee.page.keyboard.press("Escape");

  // A personal organization has nothing to leave.
  await openAccountPage(lee.page, "Settings");
  await expect(lee.page.getByRole("region", { name: "Leave Organization" })).toContainText("This is your personal organization. It can't be left.");
  await expect(lee.page.getByRole("button", { name: "Leave Organization" })).toHaveCount(0);

  // The last Owner's button is disabled up front, saying why, rather than refusing after a warning
  // (the server action called directly refuses too: tests/integration/server-actions.test.ts).
  await visit(owner.page, "/settings", "settings as the last Owner", { screenshot: "settings-last-owner" });
  const ownerLeave = owner.page.getByRole("region", { name: "Leave Organization" });
  const lastOwner = "You are the last Owner. Make another member Owner before leaving.";
  await expect(ownerLeave.getByRole("button", { name: "Leave Organization" })).toBeDisabled();
  await expect(ownerLeave.getByRole("button", { name: "Leave Organization" })).toHaveAccessibleDescription(lastOwner);
  await expect(ownerLeave).toContainText(lastOwner);
  await openAccountPage(owner.page, "Members");
  await expect(owner.page.getByTestId("member-row")).toHaveCount(1);
  // Their own row: the role dropdown and the menu are disabled, saying why.
  await expect(owner.page.getByLabel(`Role of ${owner.name}`)).toBeDisabled();
  await expect(owner.page.getByLabel(`Role of ${owner.name}`)).toHaveAccessibleDescription(
    "You can't change your own role or remove yourself. To leave, use Leave Organization in Settings.",
  );
  await expect(owner.page.getByRole("button", { name: `Actions for ${owner.name}` })).toBeDisabled();
});
