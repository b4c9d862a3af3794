import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";
import { checkPage, dialog, expect, invite, joinBySignUp, openAccountPage, ownerWithOrganization, test, toast, uid, visit } from "./support";

/**
 * Settings → Webhooks: an Owner adds an endpoint (its secret shown once),
 * sends a test event that a real receiver started here (on 127.0.0.1)
 * verifies with the `standardwebhooks` library, sees the attempt in the log,
 * redelivers it, edits the endpoint, rotates its secret and deletes it.
 */

let receiver: WebhookReceiver;

test.beforeAll(async () => {
  receiver = await startWebhookReceiver();
});

test.afterAll(async () => {
  await receiver.close();
});

test("an Owner adds an endpoint, sends a test event that arrives signed, sees it in the log, redelivers, edits, rotates and deletes", async ({ people }) => {
  const tag = uid();
  const url = receiver.urlFor(tag);
  const olga = await ownerWithOrganization(people, "Olga", `Hooks ${tag}`, { clipboard: true });
  const page = olga.page;
  const section = page.getByRole("region", { name: "Webhooks" });
  await expect(section.getByText("No webhook endpoints yet.")).toBeVisible();

  // Add: all events, the secret shown once with Copy.
  await section.getByLabel("Endpoint URL").fill(url);
  await section.getByLabel("Description").fill("Provisioning bot");
  await section.getByRole("button", { name: "Add endpoint" }).click();
  await expect(toast(page, `Endpoint ${url} added`)).toBeVisible();
  const secret = await section.getByLabel("Signing secret").inputValue();
  expect(secret).toMatch(/^whsec_/);
  await section.getByRole("button", { name: "Copy secret" }).click();
  await expect(toast(page, "Secret copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  receiver.addSecret(secret);
  const row = page.getByTestId("webhook-row").filter({ hasText: url });
  await expect(row).toContainText("Enabled · All events");
  await checkPage(page, "settings with a webhook", { screenshot: "settings-webhooks" });
  // The secret is never shown again.
  await page.reload();
  await expect(section.getByLabel("Signing secret")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(secret);

  // Its page: Send test event arrives at the receiver, verified, and shows in the attempts.
  await row.getByRole("link", { name: `Manage webhook ${url}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhook endpoint" })).toBeVisible();
  await checkPage(page, "webhook endpoint");
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(toast(page, /^Test event queued/)).toBeVisible();
  await expect.poll(() => receiver.payloadsAt(tag).map((payload) => payload.type), { timeout: 20_000 }).toEqual(["webhook.test"]);
  const [delivered] = receiver.at(tag);
  expect(delivered!.error).toBeNull();
  const eventId = delivered!.headers["webhook-id"]!;
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId("webhook-attempt").count();
      },
      { timeout: 20_000 },
    )
    .toBe(1);
  const attempt = page.getByTestId("webhook-attempt").first();
  await expect(attempt).toContainText("204");
  await expect(attempt).toContainText("webhook.test");
  await expect(attempt).toContainText(eventId);
  await expect(attempt).toContainText("manual");
  await checkPage(page, "webhook endpoint with an attempt", { screenshot: "webhook-endpoint" });

  // Redeliver: the same event, the same webhook-id, once more.
  await attempt.getByRole("button", { name: `Redeliver webhook.test ${eventId}` }).click();
  await expect(toast(page, /^Queued again/)).toBeVisible();
  await expect.poll(() => receiver.at(tag).length, { timeout: 20_000 }).toBe(2);
  expect(receiver.at(tag)[1]!.headers["webhook-id"]).toBe(eventId);

  // Edit: only some events.
  const endpointSection = page.getByRole("region", { name: "Endpoint" });
  await endpointSection.getByLabel("Only the events I choose").check();
  await endpointSection.getByLabel(/Member removed/).check();
  await endpointSection.getByLabel(/Role changed/).check();
  await endpointSection.getByRole("button", { name: "Save changes" }).click();
  await expect(toast(page, "Saved.")).toBeVisible();

  // Rotate: confirmed, the new secret shown once; for a day both sign.
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await dialog(page, "Rotate the signing secret?").getByRole("button", { name: "Rotate secret" }).click();
  const rotated = page.getByRole("region", { name: "Signing secret" });
  await expect(toast(page, /^New secret made/)).toBeVisible();
  const newSecret = await rotated.getByLabel("Signing secret").inputValue();
  expect(newSecret).toMatch(/^whsec_/);
  expect(newSecret).not.toBe(secret);

  // Back on Settings, the list says what it receives; then delete it.
  await visit(page, "/settings#webhooks", "settings");
  await expect(page.getByTestId("webhook-row").filter({ hasText: url })).toContainText("member.role_changed, member.removed");
  await page.getByTestId("webhook-row").filter({ hasText: url }).getByRole("link").click();
  await page.getByRole("button", { name: "Delete endpoint" }).click();
  await dialog(page, "Delete this endpoint?").getByRole("button", { name: "Delete endpoint" }).click();
  await expect(page).toHaveURL(/\/settings#webhooks$/);
  await expect(page.getByRole("region", { name: "Webhooks" }).getByText("No webhook endpoints yet.")).toBeVisible();
});

test("Members see no Webhooks section, and an endpoint's page tells them why", async ({ people }) => {
  const organization = `Quiet ${uid()}`;
  const omar = await ownerWithOrganization(people, "Omar", organization);
  const section = omar.page.getByRole("region", { name: "Webhooks" });
  await section.getByLabel("Endpoint URL").fill(receiver.urlFor(uid()));
  await section.getByRole("button", { name: "Add endpoint" }).click();
  await expect(section.getByLabel("Signing secret")).toBeVisible();
  const manage = omar.page.getByRole("link", { name: /^Manage webhook / });
  const href = await manage.getAttribute("href");
  const mia = await people.add("Mia");
  const link = await invite(omar.page, mia.email, "Member");
  await joinBySignUp(mia, link, organization, "Member");
  await openAccountPage(mia.page, "Settings");
  await expect(mia.page.getByRole("region", { name: "Webhooks" })).toHaveCount(0);
  await visit(mia.page, href!, "webhook endpoint as a Member");
  await expect(mia.page.getByText("Only Owners and Admins can manage webhooks.")).toBeVisible();
});
