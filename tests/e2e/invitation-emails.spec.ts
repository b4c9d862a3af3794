import {
  checkPage,
  expect,
  expectDashboard,
  invitationRow,
  invite,
  inviteSection,
  linkIn,
  mailTo,
  openAccountPage,
  ownerWithOrganization,
  test,
  toast,
  visit,
} from "./support";

/**
 * Invitation emails, with the production server's real SMTP mailbox: the
 * invitee follows the link in the email they received, and the address it
 * reached counts as verified.
 */

test("invite with email → the invitee opens the link from the received email → creates an account → joined", async ({ people }) => {
  const org = "Mailed Corp";
  const owner = await ownerWithOrganization(people, "Olivia", org);
  const section = inviteSection(owner.page);
  await expect(section).toContainText("With Send by email, Teamhub emails the invitation too");
  await expect(section.getByRole("checkbox", { name: "Send by email" })).toBeChecked();

  const invitee = await people.add("Ines");
  const sharedLink = await invite(owner.page, invitee.email, "Admin");
  await expect(toast(owner.page, "an email to them is on its way")).toBeVisible();

  const mail = await mailTo(invitee.email, `Olivia Tester invited you to join ${org} on Teamhub`);
  expect(mail.text).toContain(`Olivia Tester invited you to join ${org} as Admin.`);
  expect(mail.text).toMatch(/expires on \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M UTC/);
  const emailedLink = linkIn(mail, "/accept-invitation/");
  expect(new URL(emailedLink).origin).toBe(new URL(owner.page.url()).origin);
  expect(emailedLink).not.toBe(sharedLink);

  // Pending Invitations shows the email as sent, next to Copy Link.
  await expect
    .poll(async () => {
      await owner.page.reload();
      return invitationRow(owner.page, invitee.email).getByTestId("email-status").textContent();
    })
    .toBe("Email sent");
  await checkPage(owner.page, "settings with an emailed invitation", { screenshot: "settings-invitation-emailed" });

  // The invitee opens the link from the email, creates an account and has joined.
  await visit(invitee.page, emailedLink, "invitation from the email, signed out");
  await expect(invitee.page.getByRole("heading", { level: 1, name: `${org} invited you` })).toBeVisible();
  await invitee.page.getByRole("link", { name: "Create account" }).click();
  await expect(invitee.page).toHaveURL(/\/sign-up\?invitation=inv_/);
  await expect(invitee.page.getByLabel("Email")).toHaveValue(invitee.email);
  await invitee.page.getByLabel("Name").fill(invitee.name);
  await invitee.page.getByLabel("Password").fill(invitee.password);
  await invitee.page.getByRole("button", { name: "Create account" }).click();
  await expectDashboard(invitee.page, org, "Admin");
  // The email reached the address: no Verify your email banner.
  await expect(invitee.page.getByRole("region", { name: "Email verification" })).toHaveCount(0);
  await checkPage(invitee.page, "dashboard after joining from the email");

  await openAccountPage(owner.page, "Members");
  const member = owner.page.getByTestId("member-row").filter({ hasText: invitee.name });
  await expect(member).toContainText("Admin");
  await expect(member).not.toContainText("unverified");
  await openAccountPage(owner.page, "Settings");
  await expect(invitationRow(owner.page, invitee.email)).toContainText("Accepted");
});

test("Resend emails the invitation again; the link in the earlier email stops working", async ({ people }) => {
  const owner = await ownerWithOrganization(people, "Rhea", "Resent Corp");
  const invitee = await people.add("Theo");
  await invite(owner.page, invitee.email, "Member");
  const subject = "Rhea Tester invited you to join Resent Corp on Teamhub";
  const first = await mailTo(invitee.email, subject);

  const row = invitationRow(owner.page, invitee.email);
  await row.getByRole("button", { name: `Resend invitation to ${invitee.email}` }).click();
  await owner.page.getByRole("alertdialog", { name: "Resend this invitation?" }).getByRole("button", { name: "Resend" }).click();
  await expect(toast(owner.page, "and it is being emailed to them")).toBeVisible();
  const second = await mailTo(invitee.email, subject, first.id);

  await visit(invitee.page, linkIn(second, "/accept-invitation/"), "invitation from the second email");
  await expect(invitee.page.getByRole("heading", { level: 1, name: "Resent Corp invited you" })).toBeVisible();
  await visit(invitee.page, linkIn(first, "/accept-invitation/"), "invitation from the first email, after a resend");
  await expect(invitee.page.getByRole("heading", { level: 1, name: "Invitation not found" })).toBeVisible();
});
