import {
  checkPage,
  createOrganization,
  dialog,
  expect,
  expectAccessible,
  expectDashboard,
  expectWelcome,
  fillSignIn,
  invitationRow,
  invite,
  inviteSection,
  joinBySignUp,
  openAccountPage,
  ownerWithOrganization,
  signOut,
  signUp,
  sql,
  test,
  toast,
  visit,
} from "./support";

/**
 * The guide's "Inviting Team Members", "Accepting an Invitation", "Rejecting
 * an Invitation" and "Managing Pending Invitations", each person in a browser
 * of their own.
 */

test("an Owner invites by link from Account → Settings; a new person creates an account from it and joins as Member", async ({ people }) => {
  const org = "Acme Corp";
  const owner = await people.add("Olivia", { clipboard: true });
  await signUp(owner);
  await checkPage(owner.page, "dashboard (personal)");
  await createOrganization(owner, org);
  await checkPage(owner.page, "dashboard", { screenshot: "dashboard" });

  // 1. Account → Settings → Invite Member by Link.
  await owner.page.getByRole("button", { name: "Account" }).click();
  await expect(owner.page.getByRole("menuitem")).toHaveText(["Settings", "Members", "Audit log", "Account settings", "Sign out"]);
  await expectAccessible(owner.page, "account menu", { menuOpen: true });
  await owner.page.keyboard.press("Escape");
  await openAccountPage(owner.page, "Settings");
  const invitee = await people.add("Ivan");
  const link = await invite(owner.page, invitee.email, "Member");
  expect(new URL(link).origin).toBe(new URL(owner.page.url()).origin);

  // Copy Link puts the same link on the clipboard.
  const section = owner.page.getByRole("region", { name: "Invite Member by Link" });
  await section.getByRole("button", { name: "Copy Link" }).click();
  await expect(toast(owner.page, "Link copied.")).toBeVisible();
  expect(await owner.page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // Pending Invitations lists it as Active, with Copy Link giving the same link again.
  const row = invitationRow(owner.page, invitee.email);
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Member");
  await expect(row).toContainText("Invited by Olivia Tester");
  // Copy Link in the row copies in one click, and shows the link too.
  await owner.page.evaluate(() => navigator.clipboard.writeText(""));
  await row.getByRole("button", { name: `Copy Link for ${invitee.email}` }).click();
  await expect(toast(owner.page, "Link copied.")).toBeVisible();
  await expect(row.getByLabel("Invitation link")).toHaveValue(link);
  expect(await owner.page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await checkPage(owner.page, "settings with an invitation", { screenshot: "settings" });

  // 2. The invitee has no account: the link offers Create account, with the email filled in and locked.
  await visit(invitee.page, link, "invitation, signed out", { screenshot: "accept-invitation-signed-out" });
  await expect(invitee.page.getByRole("heading", { level: 1, name: `${org} invited you` })).toBeVisible();
  await invitee.page.getByRole("link", { name: "Create account" }).click();
  await expect(invitee.page).toHaveURL(/\/sign-up\?invitation=inv_/);
  await expect(invitee.page.getByText(`to join ${org} as Member`)).toBeVisible();
  await checkPage(invitee.page, "sign-up with an invitation", { screenshot: "sign-up-invitation" });
  const email = invitee.page.getByLabel("Email");
  await expect(email).toHaveValue(invitee.email);
  await expect(email).not.toBeEditable();
  await expect(email).toHaveAttribute("readonly", "");
  await expect(email).toHaveAccessibleDescription("The invitation is for this address, so it can't be changed.");
  // Locked looks locked: not the white of a field to type in.
  expect(await email.evaluate((input) => getComputedStyle(input).backgroundColor)).not.toBe("rgb(255, 255, 255)");
  // A refused sign-up keeps what was typed (never the password), and says what is wrong once, at the field.
  await invitee.page.getByLabel("Name").fill(invitee.name);
  await invitee.page.getByLabel("Password").fill("short");
  await invitee.page.getByRole("button", { name: "Create account" }).click();
  await expect(invitee.page.getByRole("main").getByRole("alert")).toHaveText("Use at least 8 characters.");
  await expect(invitee.page.getByLabel("Name")).toHaveValue(invitee.name);
  await expect(email).toHaveValue(invitee.email);
  await expect(invitee.page.getByLabel("Password")).toHaveValue("");
  await checkPage(invitee.page, "sign-up with an invitation, refused");
  await invitee.page.getByLabel("Password").fill(invitee.password);
  await invitee.page.getByRole("button", { name: "Create account" }).click();
  await expectDashboard(invitee.page, org, "Member");
  await checkPage(invitee.page, "dashboard as Member");

  // The Owner sees them under Account → Members, and the invitation as Accepted.
  await openAccountPage(owner.page, "Members");
  const member = owner.page.getByTestId("member-row").filter({ hasText: invitee.name });
  await expect(member).toContainText(invitee.email);
  await expect(member.getByLabel(`Role of ${invitee.name}`)).toHaveValue("MEMBER");
  await checkPage(owner.page, "members", { screenshot: "members" });
  await openAccountPage(owner.page, "Settings");
  await expect(invitationRow(owner.page, invitee.email)).toContainText("Accepted");
  await expect(owner.page.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
});

test("an existing user opens the link signed out, signs in, reviews and accepts", async ({ people }) => {
  const org = "Globex";
  const owner = await ownerWithOrganization(people, "Owen", org);
  const erin = await people.add("Erin");
  await signUp(erin);
  await signOut(erin.page);
  await checkPage(erin.page, "sign-in");

  const link = await invite(owner.page, erin.email, "Admin");

  await visit(erin.page, link, "invitation, signed out");
  await expect(erin.page.getByRole("heading", { level: 1, name: `${org} invited you` })).toBeVisible();
  await erin.page.getByRole("link", { name: "Sign in" }).click();
  await expect(erin.page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccept-invitation%2Finv_/);
  await expect(erin.page.getByRole("main")).toContainText(`Sign in with the invited address to join ${org}.`);
  await checkPage(erin.page, "sign-in for an invitation");
  await fillSignIn(erin.page, erin);

  // Back on the invitation: organization, role and inviter.
  await expect(erin.page).toHaveURL(link);
  await expect(erin.page.getByRole("heading", { level: 1, name: `Join ${org}` })).toBeVisible();
  const details = erin.page.locator("dl");
  await expect(details.getByRole("definition").nth(0)).toHaveText(org);
  await expect(details.getByRole("definition").nth(1)).toHaveText("Admin");
  await expect(details.getByRole("definition").nth(2)).toHaveText("Owen Tester");
  await checkPage(erin.page, "invitation review", { screenshot: "accept-invitation-review" });

  await erin.page.getByRole("button", { name: "Accept" }).click();
  await expectDashboard(erin.page, org, "Admin");
  await expectWelcome(erin.page, org, "Admin");
  await expect(erin.page.getByRole("button", { name: `Organization: ${org}. Switch organization` })).toBeVisible();
  await checkPage(erin.page, "dashboard after accepting");

  // The link now says it was used.
  await visit(erin.page, link, "invitation, accepted", { screenshot: "accept-invitation-accepted" });
  await expect(erin.page.getByRole("heading", { level: 1, name: "Invitation already accepted" })).toBeVisible();

  await owner.page.reload();
  await expect(invitationRow(owner.page, erin.email)).toContainText("Accepted");
});

test("an invitee rejects; the inviter sees Rejected in Pending Invitations and a notification", async ({ people }) => {
  const org = "Initech";
  const owner = await ownerWithOrganization(people, "Nora", org);
  const rick = await people.add("Rick");
  await signUp(rick);
  const link = await invite(owner.page, rick.email, "Member");
  // Another one, left Active, so that the state filter has something to filter out.
  await invite(owner.page, `olga.${Date.now()}@example.com`, "Member");
  await expect(owner.page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();

  await visit(rick.page, link, "invitation review");
  await rick.page.getByRole("button", { name: "Reject" }).click();
  // The page re-renders as the rejected invitation (the action revalidates it).
  await expect(rick.page.getByRole("heading", { level: 1, name: "Invitation rejected" })).toBeVisible();
  await expect(rick.page.getByRole("main")).toContainText(`You rejected the invitation to ${org}, and ${owner.name} has been told.`);
  await checkPage(rick.page, "invitation just rejected");
  await visit(rick.page, link, "invitation, rejected", { screenshot: "accept-invitation-rejected" });
  await expect(rick.page.getByRole("heading", { level: 1, name: "Invitation rejected" })).toBeVisible();
  await rick.page.getByRole("link", { name: "Go to your dashboard" }).click();
  await expectDashboard(rick.page, "Rick's organization (personal)", "Owner");

  await owner.page.reload();
  await checkPage(owner.page, "settings with a rejected invitation");
  const row = invitationRow(owner.page, rick.email);
  await expect(row).toContainText("Rejected");
  await expect(row.getByRole("button")).toHaveText(["Invite again"]);

  const bell = owner.page.getByRole("button", { name: "Notifications, 1 unread" });
  await bell.click();
  const popover = owner.page.getByRole("dialog");
  await expect(popover.getByRole("listitem")).toHaveText(new RegExp(`Unread: ${rick.name} \\(${rick.email}\\) rejected your invitation to ${org}\\.`));
  await expectAccessible(owner.page, "notifications popover");
  await popover.getByRole("button", { name: "Mark all as read" }).click();
  await expect(owner.page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();

  // The filter shows it under Rejected only.
  await owner.page.keyboard.press("Escape");
  await owner.page.getByRole("navigation", { name: "Filter invitations by state" }).getByRole("link", { name: "Rejected" }).click();
  await expect(owner.page).toHaveURL(/state=rejected/);
  await expect(owner.page.getByTestId("invitation-row")).toHaveCount(1);
  await expect(owner.page.getByTestId("invitation-row")).toContainText(rick.email);
  await checkPage(owner.page, "settings filtered by Rejected");
});

test("signed in with another email: the page masks the invited address, Sign out and continue, then the right account accepts", async ({ people }) => {
  const org = "Umbrella";
  const owner = await ownerWithOrganization(people, "Uma", org);
  const wanda = await people.add("Wanda");
  await signUp(wanda);
  const walt = await people.add("Walt");
  await signUp(walt);
  const link = await invite(owner.page, wanda.email, "Member");

  // Walt opens Wanda's link in his browser.
  await visit(walt.page, link, "invitation, wrong email", { screenshot: "accept-invitation-wrong-email" });
  await expect(walt.page.getByRole("heading", { level: 1, name: "This invitation is for another email address" })).toBeVisible();
  const masked = `w***@example.com`;
  await expect(walt.page.getByRole("main")).toContainText(`It was sent to ${masked}, and you are signed in as ${walt.email}.`);
  await expect(walt.page.getByRole("main")).not.toContainText(wanda.email);
  await expect(walt.page.getByRole("button", { name: "Accept" })).toHaveCount(0);
  // The sign-up page of that link doesn't show him the address either: signed in, he is sent back to the invitation.
  const token = new URL(link).pathname.split("/").pop()!;
  await walt.page.goto(`/sign-up?invitation=${token}`);
  await expect(walt.page).toHaveURL(link);
  await expect(walt.page.getByRole("main")).not.toContainText(wanda.email);

  await walt.page.getByRole("button", { name: "Sign out and continue" }).click();
  await expect(walt.page.getByRole("heading", { level: 1, name: `${org} invited you` })).toBeVisible();
  await expect(walt.page).toHaveURL(link);
  await checkPage(walt.page, "invitation after signing out");

  // Wanda signs in on that browser and accepts.
  await walt.page.getByRole("link", { name: "Sign in" }).click();
  await fillSignIn(walt.page, wanda);
  await expect(walt.page.getByRole("heading", { level: 1, name: `Join ${org}` })).toBeVisible();
  await walt.page.getByRole("button", { name: "Accept" }).click();
  await expectDashboard(walt.page, org, "Member");

  // Walt's own membership is untouched.
  await walt.page.context().clearCookies();
  await visit(walt.page, "/sign-in", "sign-in");
  await fillSignIn(walt.page, walt);
  await expectDashboard(walt.page, "Walt's organization (personal)", "Owner");
});

test("Cancel revokes a link after confirmation; the link can't be used any more", async ({ people }) => {
  const org = "Hooli";
  const owner = await ownerWithOrganization(people, "Hank", org);
  const cara = await people.add("Cara");
  await signUp(cara);
  const link = await invite(owner.page, cara.email, "Member");

  const row = invitationRow(owner.page, cara.email);
  const cancel = row.getByRole("button", { name: `Cancel invitation for ${cara.email}` });
  // Dismissing the confirmation changes nothing.
  await cancel.click();
  const confirm = dialog(owner.page, "Cancel this invitation?");
  await expect(confirm).toContainText(`The link sent to ${cara.email} stops working at once.`);
  await confirm.getByRole("button", { name: "Keep invitation" }).click();
  await expect(confirm).toBeHidden();
  await expect(cancel).toBeFocused();
  await expect(row).toContainText("Active");

  await cancel.click();
  await expectAccessible(owner.page, "cancel confirmation dialog");
  await confirm.getByRole("button", { name: "Cancel invitation" }).click();
  await expect(row).toContainText("Cancelled");
  await expect(row.getByRole("button")).toHaveText(["Invite again"]);
  // The buttons went with the state; focus is on what happened, not lost.
  const cancelled = `Invitation for ${cara.email} cancelled. Its link no longer works.`;
  await expect(toast(owner.page, cancelled)).toBeVisible();
  await expect(row.getByText(cancelled)).toBeFocused();
  await checkPage(owner.page, "settings with a cancelled invitation");

  // Signed out, the link only says it can't be used.
  const stranger = await people.add("Sam");
  await visit(stranger.page, link, "cancelled invitation, signed out");
  await expect(stranger.page.getByRole("heading", { level: 1, name: "This invitation can't be used" })).toBeVisible();
  // Someone without an account is told what to do (ask for a fresh link), not to sign in.
  await expect(stranger.page.getByRole("main")).toContainText("Ask the person who invited you for a fresh one: you don't need an account for that.");

  // The invited person, signed in, learns it was cancelled; there is no Accept.
  await visit(cara.page, link, "cancelled invitation", { screenshot: "accept-invitation-cancelled" });
  await expect(cara.page.getByRole("heading", { level: 1, name: "This invitation was cancelled" })).toBeVisible();
  await expect(cara.page.getByRole("button", { name: "Accept" })).toHaveCount(0);

  // A made-up link is simply not found.
  await visit(stranger.page, `/accept-invitation/inv_${"x".repeat(43)}`, "unknown invitation");
  await expect(stranger.page.getByRole("heading", { level: 1, name: "Invitation not found" })).toBeVisible();
});

test("Resend an expired invitation: the old link is dead, the new one works", async ({ people }) => {
  const org = "Stark Industries";
  const owner = await ownerWithOrganization(people, "Tony", org);
  const eve = await people.add("Eve");
  await signUp(eve);
  const oldLink = await invite(owner.page, eve.email, "Member", { sendEmail: false });

  // Expire it in the database.
  const updated = await sql("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE email = $1 RETURNING id", [eve.email]);
  expect(updated).toHaveLength(1);

  await visit(eve.page, oldLink, "expired invitation", { screenshot: "accept-invitation-expired" });
  await expect(eve.page.getByRole("heading", { level: 1, name: "This invitation has expired" })).toBeVisible();
  await expect(eve.page.getByRole("main")).toContainText("Ask Tony Tester for a fresh link.");
  await expect(eve.page.getByRole("button", { name: "Accept" })).toHaveCount(0);

  await owner.page.reload();
  await checkPage(owner.page, "settings with an expired invitation");
  const row = invitationRow(owner.page, eve.email);
  await expect(row).toContainText("Expired");
  await expect(row.getByRole("button", { name: `Copy Link for ${eve.email}` })).toHaveCount(0);
  await row.getByRole("button", { name: `Resend invitation to ${eve.email}` }).click();
  const confirmResend = dialog(owner.page, "Resend this invitation?");
  await expect(confirmResend).toContainText("A fresh link, valid for 7 days, replaces the expired one.");
  await confirmResend.getByRole("button", { name: "Resend" }).click();
  // This browser denies the clipboard: the link is shown to copy by hand, and the message says so.
  await expect(toast(owner.page, `Fresh link for ${eve.email}, valid for 7 days. The old link no longer works.`)).toBeVisible();
  await expect(row).toContainText("This browser didn't allow copying: copy the link by hand.");
  const newLink = row.getByLabel("Invitation link");
  await expect(newLink).toHaveValue(/\/accept-invitation\/inv_/);
  const link = await newLink.inputValue();
  expect(link).not.toBe(oldLink);
  await expect(row).toContainText("Active");
  await checkPage(owner.page, "settings after resending");

  await visit(eve.page, oldLink, "old link after resend");
  await expect(eve.page.getByRole("heading", { level: 1, name: "Invitation not found" })).toBeVisible();

  await visit(eve.page, link, "resent invitation");
  await expect(eve.page.getByRole("heading", { level: 1, name: `Join ${org}` })).toBeVisible();
  await eve.page.getByRole("button", { name: "Accept" }).click();
  await expectDashboard(eve.page, org, "Member");
});

test("an Admin's invitations end with their removal: Pending Invitations and the invited person's page say why", async ({ people }) => {
  const org = "Vandelay Industries";
  const owner = await ownerWithOrganization(people, "Bill", org);
  const adam = await people.add("Adam");
  await joinBySignUp(adam, await invite(owner.page, adam.email, "Admin"), org, "Admin");
  const cara = await people.add("Cara");
  await signUp(cara);
  await openAccountPage(adam.page, "Settings");
  const link = await invite(adam.page, cara.email, "Admin");

  await openAccountPage(owner.page, "Members");
  const member = owner.page.getByTestId("member-row").filter({ hasText: adam.name });
  await member.getByRole("button", { name: `Actions for ${adam.name}` }).click();
  await owner.page.getByRole("menuitem", { name: "Remove" }).click();
  const confirm = dialog(owner.page, `Remove ${adam.name}?`);
  await expect(confirm).toContainText("The API keys and pending invitations they made stop working.");
  await confirm.getByRole("button", { name: "Remove" }).click();
  await expect(member).toHaveCount(0);

  await openAccountPage(owner.page, "Settings");
  const row = invitationRow(owner.page, cara.email);
  await expect(row).toContainText("Cancelled");
  await expect(row).toContainText("Cancelled automatically: the inviter was removed from the organization.");
  await expect(row.getByRole("button")).toHaveText(["Invite again"]);
  await checkPage(owner.page, "settings with an invitation cancelled with its inviter");

  // The invited person learns the inviter can't invite them any more, not why.
  await visit(cara.page, link, "invitation cancelled with its inviter", { screenshot: "accept-invitation-inviter-removed" });
  await expect(cara.page.getByRole("heading", { level: 1, name: "This invitation was cancelled" })).toBeVisible();
  await expect(cara.page.getByRole("main")).toContainText(`${adam.name} can no longer invite you to ${org}. Ask another Owner or Admin of ${org}`);
  await expect(cara.page.getByRole("main")).not.toContainText("removed");
  await expect(cara.page.getByRole("button", { name: "Accept" })).toHaveCount(0);
});

test("Copy Link: a newly generated link takes back \"Link copied.\", so nobody pastes the previous person's link", async ({ people }) => {
  const owner = await ownerWithOrganization(people, "Paula", "Pied Piper", { clipboard: true });
  const section = inviteSection(owner.page);
  const first = await invite(owner.page, `first.${Date.now()}@example.com`, "Member");
  await section.getByRole("button", { name: "Copy Link" }).click();
  await expect(toast(owner.page, "Link copied.")).toBeVisible();
  expect(await owner.page.evaluate(() => navigator.clipboard.readText())).toBe(first);

  // Another person's link: nothing says it was copied, because it wasn't (the clipboard still holds the first).
  const second = await invite(owner.page, `second.${Date.now()}@example.com`, "Member");
  expect(second).not.toBe(first);
  await expect(section.getByLabel("Invitation link")).toHaveValue(second);
  await expect(owner.page.getByText(/^(Link )?copied\.?$/i)).toHaveCount(0);
  expect(await owner.page.evaluate(() => navigator.clipboard.readText())).toBe(first);

  await section.getByRole("button", { name: "Copy Link" }).click();
  await expect(toast(owner.page, "Link copied.")).toBeVisible();
  expect(await owner.page.evaluate(() => navigator.clipboard.readText())).toBe(second);
  await checkPage(owner.page, "settings after copying the second link");
});
