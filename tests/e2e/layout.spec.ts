import { createOrganization, expect, signUp, test, visit } from "./support";

/** Narrow screens: every page is checked for horizontal scrolling at 375 px (checkPage); here, the header itself. */

test("at 375 px the header fits one row, a long organization name truncating", async ({ people }) => {
  const person = await people.add("Nadia");
  await signUp(person);
  const org = "The Extraordinarily Long-Named Organization of Everything";
  await createOrganization(person, org);
  const { page } = person;
  await page.setViewportSize({ width: 375, height: 800 });
  await visit(page, "/members", "members at 375 px");

  const nav = page.getByRole("navigation", { name: "Main" });
  const parts = [
    nav.getByRole("link", { name: "Teamhub" }),
    nav.getByRole("button", { name: `Organization: ${org}. Switch organization` }),
    nav.getByRole("button", { name: /^Notifications/ }),
    nav.getByRole("button", { name: "Account" }),
  ];
  const boxes = await Promise.all(parts.map(async (part) => (await part.boundingBox())!));
  const middles = boxes.map((box) => box.y + box.height / 2);
  // One row: every part centred on the same line, all inside the screen.
  for (const middle of middles) expect(Math.abs(middle - middles[0]!)).toBeLessThan(4);
  for (const box of boxes) expect(box.x + box.width).toBeLessThanOrEqual(375);
  expect((await nav.boundingBox())!.height).toBeLessThan(60);
  // The name is cut short on screen, and whole for screen readers and in the menu.
  const name = parts[1]!.locator("span").first();
  expect(await name.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
  await parts[1]!.click();
  await expect(page.getByRole("menuitemradio", { name: new RegExp(org) })).toBeVisible();
});
