import { checkPage, expect, openAccountPage, ownerWithOrganization, test, visit } from "./support";

/**
 * /api-docs: the OpenAPI document rendered by Scalar, under the app's strict
 * CSP (a nonce per request, no external hosts), reached from Settings → API
 * keys, with a way back. checkPage fails on any console error (a script the
 * CSP blocked, a request to a host this machine can't reach) and on axe.
 */

type Operation = { method: string; path: string; summary: string; requestBody?: { content: Record<string, { example?: Record<string, unknown> }> } };

/** A line the curl of an operation shows when it sends the document's example body: its first plain value. */
function exampleLine(operation: Operation): string | null {
  const example = operation.requestBody?.content["application/json"]?.example ?? {};
  const entry = Object.entries(example).find(([, value]) => ["string", "number", "boolean"].includes(typeof value));
  return entry ? `"${entry[0]}": ${JSON.stringify(entry[1])}` : null;
}

test("the API documentation renders every operation with an example request and curl, under a fresh CSP nonce", async ({ people, request }) => {
  // It walks every operation of the document (about 35) through Scalar's sidebar and screenshots the whole reference twice:
  // 1.7–2 minutes on the 2-core CI machine when quiet, 4.9 when busy.
  test.setTimeout(480_000);
  // Each response carries its own nonce, and the page's scripts carry the same one: nothing of a prerendered page is reused.
  const nonces = [];
  for (let i = 0; i < 2; i++) {
    const response = await request.get("/api-docs");
    expect(response.status()).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
    expect(nonce, "CSP nonce").toBeTruthy();
    const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    nonces.push(nonce);
  }
  expect(nonces[0]).not.toBe(nonces[1]);

  const document = (await (await request.get("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, Operation>> };
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ ...operation, method, path })));

  const reader = await people.add("Rita");
  const { page } = reader;
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { level: 1, name: "API documentation" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Teamhub API" })).toBeVisible();
  // Markdown, not backticks: the description's code is code.
  await expect(page.getByText("Authorization: Bearer thk_…", { exact: true })).toHaveJSProperty("tagName", "CODE");

  const sidebar = page.getByRole("complementary", { name: /^Sidebar/ });
  for (const operation of operations) {
    // Scalar renders sections as they come near: go there from the sidebar, as a reader would.
    // By its anchor: one summary can be part of another's ("A webhook endpoint", "Add a webhook endpoint").
    await sidebar.locator(`a[href="#${operation.method.toUpperCase()}${operation.path}"]`).click();
    const section = page.getByRole("region", { name: operation.summary, exact: true });
    await expect(section.getByRole("heading", { name: operation.summary })).toBeVisible();
    const curl = section.getByRole("group", { name: `Request Example for ${operation.method}${operation.path}` }).getByRole("code").first();
    const what = `${operation.method.toUpperCase()} ${operation.path}`;
    const url = `${new URL(page.url()).origin}/api/v1${operation.path.split("{")[0]}`;
    await expect(curl, `curl for ${what}`).toContainText(new RegExp(`^curl '?${url.replace(/[.?*+^$()[\]\\/]/g, "\\$&")}`));
    await expect(curl, `Authorization in the curl for ${what}`).toContainText("Authorization: Bearer");
    if (operation.method !== "get") await expect(curl, `method in the curl for ${what}`).toContainText(`--request ${operation.method.toUpperCase()}`);
    // The document's examples, not type placeholders.
    const line = exampleLine(operation);
    if (line) await expect(curl, `example body of ${what}`).toContainText(line);
  }
  await checkPage(page, "API documentation", { screenshot: "api-docs" });

  // The errors the problem types point at, and a way back to the app.
  await page.goto("/api-docs#problem-validation");
  await expect(page.locator("#problems")).toContainText("VALIDATION");
  await page.getByRole("link", { name: "Back to Teamhub" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // Settings → API keys links to it.
  const owner = await ownerWithOrganization(people, "Dora", "Docs Inc");
  await openAccountPage(owner.page, "Settings");
  await owner.page.getByRole("region", { name: "API keys" }).getByRole("link", { name: "API documentation" }).click();
  await expect(owner.page).toHaveURL(/\/api-docs$/);
  await expect(owner.page.getByRole("heading", { name: "Teamhub API" })).toBeVisible();
  await checkPage(owner.page, "API documentation, signed in");
  await owner.page.getByRole("link", { name: "Back to Teamhub" }).click();
  await expect(owner.page.getByTestId("active-organization")).toHaveText("Docs Inc");
  await visit(owner.page, "/api-docs", "API documentation, visited again");
});
