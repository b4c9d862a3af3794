import {
  checkPage,
  expect,
  fillSignIn,
  invite,
  joinBySignUp,
  linkIn,
  mailTo,
  mailsTo,
  openAccountPage,
  ownerWithOrganization,
  signUp,
  test,
  toast,
  visit,
} from "./support";

/**
 * Email and account recovery in the browser, reading the mail the app really
 * sent (a real SMTP server started by global-setup.ts).
 */

test("forgot password → email → new password → sign in; the session on another device is signed out", async ({ people }) => {
  const desktop = await people.add("Rosalind");
  await signUp(desktop);
  // Forgotten on a fresh browser; the desktop stays signed in until the reset.
  const person = await people.browserFor(desktop);
  await visit(person.page, "/sign-in", "sign-in");
  await person.page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(person.page.getByRole("heading", { level: 1, name: "Forgot password?" })).toBeVisible();
  await checkPage(person.page, "forgot password", { screenshot: "forgot-password" });
  await person.page.getByLabel("Email").fill(person.email);
  await person.page.getByRole("button", { name: "Send reset link" }).click();
  await expect(person.page.getByRole("status")).toContainText("If an account exists for that address, we sent it a link");

  const mail = await mailTo(person.email, "Reset your Teamhub password");
  await person.page.goto(linkIn(mail, "/reset-password/"));
  await expect(person.page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  await checkPage(person.page, "reset password", { screenshot: "reset-password" });
  await desktop.page.goto("/members");
  await expect(desktop.page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  person.password = "a completely new password";
  await person.page.getByLabel("New password").fill(person.password);
  await person.page.getByRole("button", { name: "Set new password" }).click();
  await expect(person.page).toHaveURL(/\/sign-in\?reset=done/);
  await expect(person.page.getByRole("status")).toContainText("Your password was changed");
  await fillSignIn(person.page, person);
  await expect(person.page).toHaveURL(/\/dashboard/);
  await mailTo(person.email, "Your Teamhub password was changed");

  // The desktop's session ended with the reset.
  await desktop.page.goto("/members");
  await expect(desktop.page).toHaveURL(/\/sign-in/);

  // The link worked once.
  await person.page.goto(linkIn(mail, "/reset-password/"));
  await expect(person.page.getByRole("alert").filter({ hasText: "invalid, expired or already used" })).toBeVisible();
});

test("signing up with an address that has an account answers the same, and emails its owner instead", async ({ people }) => {
  const owner = await people.add("Barbara");
  await signUp(owner);
  const stranger = await people.add("Mallory", { email: owner.email });
  await visit(stranger.page, "/sign-up", "sign-up");
  await stranger.page.getByLabel("Name").fill(stranger.name);
  await stranger.page.getByLabel("Email").fill(owner.email);
  await stranger.page.getByLabel("Password").fill("some other password");
  await stranger.page.getByRole("button", { name: "Create account" }).click();
  await expect(stranger.page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await checkPage(stranger.page, "sign-up: check your email", { screenshot: "sign-up-check-email" });
  const mail = await mailTo(owner.email, "Someone tried to sign up with your address");
  expect(mail.text).not.toContain("/verify-email/");
});

test("Account settings: name, password (this device stays signed in, others don't), notification emails, sign out of all devices", async ({ people }) => {
  const person = await people.add("Hedy");
  await signUp(person);
  // The same person signed in on a second device.
  const phone = await people.browserFor(person);
  await visit(phone.page, "/sign-in", "sign-in");
  await fillSignIn(phone.page, person);
  await expect(phone.page).toHaveURL(/\/dashboard/);

  const { page } = person;
  await openAccountPage(page, "Account settings");
  await checkPage(page, "account settings", { screenshot: "account-settings" });
  await expect(page.getByText("(verified)")).toBeVisible();

  await page.getByLabel("Name", { exact: true }).fill("Hedy Lamarr");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(toast(page, "Name saved.")).toBeVisible();

  await page.getByLabel("Current password").fill("wrong password");
  await page.getByLabel("New password").fill("frequency hopping");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("That is not your current password.")).toBeVisible();
  await page.getByLabel("Current password").fill(person.password);
  await page.getByLabel("New password").fill("frequency hopping");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed." })).toBeVisible();
  await page.goto("/members");
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  await phone.page.goto("/members");
  await expect(phone.page).toHaveURL(/\/sign-in/);
  await mailTo(person.email, "Your Teamhub password was changed");

  await page.goto("/account");
  const emails = page.getByLabel(/Email me what the bell shows/);
  await expect(emails).toBeChecked();
  await emails.uncheck();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(toast(page, "Notification emails are off.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(/Email me what the bell shows/)).not.toBeChecked();

  await page.getByRole("button", { name: "Sign out of all devices" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a member who joined from a shared link is unverified: a banner for them, a label for Owners and Admins, until they verify by email", async ({ people }) => {
  const owner = await ownerWithOrganization(people, "Ada", "Analytical Engines");
  const invitee = await people.add("Charles");
  const link = await invite(owner.page, invitee.email, "Member", { sendEmail: false });
  await joinBySignUp(invitee, link, "Analytical Engines", "Member");
  const banner = invitee.page.getByRole("region", { name: "Email verification" });
  await expect(banner).toContainText("Your email address isn't verified yet.");
  await checkPage(invitee.page, "dashboard with the verification banner", { screenshot: "verify-email-banner" });

  await openAccountPage(owner.page, "Members");
  const row = owner.page.getByTestId("member-row").filter({ hasText: invitee.name });
  await expect(row).toContainText("unverified");

  await banner.getByRole("link", { name: "Verify your email" }).click();
  await expect(invitee.page).toHaveURL(/\/account/);
  await invitee.page.getByRole("button", { name: "Verify your email" }).click();
  await expect(toast(invitee.page, new RegExp(`^We sent a link to ${invitee.email.replace(/\./g, "\\.")}`))).toBeVisible();
  const mail = await mailTo(invitee.email, "Verify your email for Teamhub");
  await invitee.page.goto(linkIn(mail, "/verify-email/"));
  await invitee.page.getByRole("button", { name: "Confirm and sign in" }).click();
  await expect(invitee.page).toHaveURL(/\/dashboard/);
  await expect(invitee.page.getByRole("region", { name: "Email verification" })).toHaveCount(0);

  await owner.page.reload();
  await expect(owner.page.getByTestId("member-row").filter({ hasText: invitee.name })).not.toContainText("unverified");
  expect((await mailsTo(invitee.email)).map((m) => m.subject)).toEqual(["Verify your email for Teamhub"]);
});
