import {
  checkPage,
  dialog,
  expect,
  expectDashboard,
  invitationRow,
  invite,
  joinBySignUp,
  openAccountPage,
  ownerWithOrganization,
  test,
  toast,
  visit,
} from "./support";

/** Issue 12: transfer ownership, Invite again, the welcome and the dashboard, notifications that open their page. */

test("Invite again on a cancelled invitation; the new link lets the person join, welcomed; again once they are a member is refused in the row", async ({ people }) => {
  const org = "Soylent";
  const owner = await ownerWithOrganization(people, "Owen", org, { clipboard: true });
  const ada = await people.add("Ada");
  await invite(owner.page, ada.email, "Admin", { sendEmail: false });
  const cancelledRow = invitationRow(owner.page, ada.email).filter({ hasText: "Active" });
  await cancelledRow.getByRole("button", { name: `Cancel invitation for ${ada.email}` }).click();
  await dialog(owner.page, "Cancel this invitation?").getByRole("button", { name: "Cancel invitation" }).click();
  await expect(toast(owner.page, `Invitation for ${ada.email} cancelled.`)).toBeVisible();
  await owner.page.reload();
  const row = invitationRow(owner.page, ada.email).filter({ hasText: "Cancelled" });
  await expect(row.getByRole("button")).toHaveText(["Invite again"]);

  await row.getByRole("button", { name: `Invite again: ${ada.email}` }).click();
  const confirm = dialog(owner.page, `Invite ${ada.email} again?`);
  await expect(confirm).toContainText(`A new invitation for ${ada.email} as Admin, valid for 7 days`);
  await checkPage(owner.page, "invite again dialog");
  await confirm.getByRole("button", { name: "Invite again" }).click();
  await expect(toast(owner.page, `New invitation for ${ada.email} as Admin`)).toBeVisible();
  const link = await row.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/accept-invitation\/inv_[A-Za-z0-9_-]{43}$/);
  await expect.poll(() => owner.page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await owner.page.reload();
  await expect(invitationRow(owner.page, ada.email).filter({ hasText: "Active" })).toHaveCount(1);
  await checkPage(owner.page, "settings after invite again", { screenshot: "invite-again" });

  await joinBySignUp(ada, link, org, "Admin");
  await checkPage(ada.page, "dashboard, welcomed", { screenshot: "dashboard-welcome" });
  // The dashboard: role, members, pending invitations, next steps as links.
  await expect(ada.page.getByTestId("member-count")).toHaveText("2");
  await expect(ada.page.getByTestId("pending-invitations")).toHaveText("0 active");
  const next = ada.page.getByRole("region", { name: "Next steps" });
  await expect(next.getByRole("link")).toHaveText(["Invite members", "Settings", "API keys", "Audit log"]);
  // The notice is shown once: the flag is gone from the address bar, so reloading doesn't repeat it.
  await ada.page.reload();
  await expectDashboard(ada.page, org, "Admin");
  await expect(ada.page.getByText("Welcome to")).toHaveCount(0);
  await next.getByRole("link", { name: "Invite members" }).click();
  await expect(ada.page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();

  // Ada is a member now: inviting her again from the cancelled row is refused, in the row.
  await owner.page.reload();
  await invitationRow(owner.page, ada.email).filter({ hasText: "Cancelled" }).getByRole("button", { name: `Invite again: ${ada.email}` }).click();
  await dialog(owner.page, `Invite ${ada.email} again?`).getByRole("button", { name: "Invite again" }).click();
  await expect(invitationRow(owner.page, ada.email).filter({ hasText: "Cancelled" }).getByRole("alert")).toHaveText(
    `${ada.email} is already a member of this organization.`,
  );
  await checkPage(owner.page, "invite again refused");
});

test("an Owner transfers ownership from Members; both are told, and the notification opens Members", async ({ people }) => {
  const org = "Tyrell";
  const owner = await ownerWithOrganization(people, "Eldon", org);
  const rachael = await people.add("Rachael");
  await joinBySignUp(rachael, await invite(owner.page, rachael.email, "Member"), org, "Member");
  // Rachael goes to her personal organization: the notification must bring her back.
  await rachael.page.getByRole("button", { name: `Organization: ${org}. Switch organization` }).click();
  await rachael.page.getByRole("menuitemradio", { name: /Rachael's organization/ }).click();
  await expectDashboard(rachael.page, "Rachael's organization (personal)", "Owner");

  await openAccountPage(owner.page, "Members");
  await owner.page.getByRole("button", { name: `Actions for ${rachael.name}` }).click();
  await expect(owner.page.getByRole("menuitem")).toHaveText(["Remove", "Transfer ownership"]);
  await owner.page.getByRole("menuitem", { name: "Transfer ownership" }).click();
  const confirm = dialog(owner.page, `Transfer ownership of ${org} to ${rachael.name}?`);
  await expect(confirm).toContainText(`${rachael.name} becomes an Owner and you become an Admin, at once.`);
  await checkPage(owner.page, "transfer ownership dialog", { screenshot: "transfer-ownership" });
  await confirm.getByRole("button", { name: "Keep ownership" }).click();
  await expect(confirm).toBeHidden();
  await expect(owner.page.getByRole("button", { name: `Actions for ${rachael.name}` })).toBeFocused();

  await owner.page.getByRole("button", { name: `Actions for ${rachael.name}` }).click();
  await owner.page.getByRole("menuitem", { name: "Transfer ownership" }).click();
  await confirm.getByRole("button", { name: `Transfer to ${rachael.name}` }).click();
  await expect(toast(owner.page, `${rachael.name} is now an Owner. You are now an Admin.`)).toBeVisible();
  await expect(owner.page.getByLabel(`Role of ${rachael.name}`)).toHaveValue("OWNER");
  await expect(owner.page.getByLabel(`Role of ${owner.name}`)).toHaveValue("ADMIN");
  // As an Admin, Eldon can no longer act on the Owner.
  await expect(owner.page.getByRole("button", { name: `Actions for ${rachael.name}` })).toBeDisabled();
  await checkPage(owner.page, "members after transfer");
  await visit(owner.page, "/dashboard", "dashboard after transfer");
  await expectDashboard(owner.page, org, "Admin");
  // Eldon's bell: Rachael accepting his invitation (naming her), and the transfer.
  await owner.page.getByRole("button", { name: "Notifications, 2 unread" }).click();
  await expect(owner.page.getByRole("dialog").getByRole("listitem")).toContainText([
    `You transferred ownership of ${org} to ${rachael.name}. You are now an Admin.`,
    `${rachael.name} (${rachael.email}) accepted your invitation to ${org}.`,
  ]);
  await owner.page.keyboard.press("Escape");

  // Rachael's bell names who did it; opening it shows Tyrell's Members, where she is Owner.
  await rachael.page.reload();
  await rachael.page.getByRole("button", { name: "Notifications, 1 unread" }).click();
  const item = rachael.page.getByRole("dialog").getByRole("button", { name: new RegExp(`${owner.name} transferred ownership of ${org} to you`) });
  await expect(item).toContainText("Open Members");
  await checkPage(rachael.page, "notification that opens a page");
  await item.click();
  await expect(rachael.page).toHaveURL(/\/members$/);
  await expect(rachael.page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  await expect(rachael.page.getByRole("button", { name: `Organization: ${org}. Switch organization` })).toBeVisible();
  await expect(rachael.page.getByLabel(`Role of ${owner.name}`)).toHaveValue("ADMIN");
  await expect(rachael.page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
  await checkPage(rachael.page, "members as the new Owner");
});
