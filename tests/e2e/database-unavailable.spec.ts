import path from "node:path";
import net from "node:net";
import { freeLoopbackPort } from "../../lib/db/embedded";
import { SERVICE_UNAVAILABLE_MESSAGE } from "../../lib/errors";
import { startAppServer, type AppServer } from "../helpers/production-server";
import { ARTIFACTS, AUTH_SECRET } from "./global-setup";
import { allowResponse, expect, expectAccessible, signUp, test } from "./support";

/**
 * A page the database can't serve (issue 8, database stalls): the production server answers 503
 * with Retry-After and a busy page that needs no JavaScript, instead of Next.js's 500 with an empty
 * shell; the API answers 503 problem+json; once the database is back the same page answers 200.
 * A second production server reaches the e2e database through a loopback relay the test opens
 * only after the outage, as a database server that was down and came back.
 */

/** A TCP relay from a loopback port to the database server, closed (connections refused) until `open`. */
class DatabaseRelay {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly port: number,
    private readonly database: URL,
  ) {}

  /** DATABASE_URL of the app through this relay. */
  get url(): string {
    const url = new URL(this.database);
    url.hostname = "127.0.0.1";
    url.port = String(this.port);
    return url.toString();
  }

  async open() {
    this.server = net.createServer((client) => {
      const upstream = net.connect(Number(this.database.port || 5432), this.database.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => (socket === client ? upstream : client).destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => this.server!.once("error", reject).listen(this.port, "127.0.0.1", resolve));
  }

  async close() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}

const busy: { app?: AppServer; baseURL?: string; relay?: DatabaseRelay } = {};

test.beforeAll(async () => {
  busy.relay = new DatabaseRelay(await freeLoopbackPort(), new URL(process.env.E2E_DATABASE_URL!));
  // Started with the relay closed: it counts as up once it serves a page that needs no database.
  busy.app = await startAppServer({
    databaseUrl: busy.relay.url,
    logFile: path.join(ARTIFACTS, "next-database-down.log"),
    env: { AUTH_SECRET },
    readyPath: "/api/health",
  });
  busy.baseURL = busy.app.baseUrl;
});
test.afterAll(async () => {
  await busy.app?.stop();
  await busy.relay?.close();
});

test("a page the database can't serve answers 503 with a busy page that works without JavaScript, then 200 once it is back", async ({ people, browser }) => {
  const ada = await people.add("Ada");
  await signUp(ada);
  // The session cookie is for 127.0.0.1, which the second server shares. The query shows "Try again" keeps it.
  const dashboard = `${busy.baseURL}/dashboard?from=busy-test`;

  const page = await ada.context.request.get(dashboard, { maxRedirects: 0 });
  expect(page.status()).toBe(503);
  const headers = page.headers();
  expect(headers).toMatchObject({
    "retry-after": "5",
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
  });
  expect(headers["content-security-policy"]).toMatch(/^default-src 'none';/);
  const html = await page.text();
  expect(html).toContain("<title>The service is busy</title>");
  expect(html).toContain(SERVICE_UNAVAILABLE_MESSAGE);
  expect(html).not.toMatch(/<script|\/_next\//);

  // The API said so itself already, after a page had used the database first.
  const api = await ada.context.request.get(`${busy.baseURL}/api/v1/organization`);
  expect(api.status()).toBe(503);
  expect(api.headers()["retry-after"]).toBe("5");
  expect(await api.json()).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", detail: SERVICE_UNAVAILABLE_MESSAGE });

  allowResponse(ada.page, /\/dashboard/, 503);
  expect((await ada.page.goto(dashboard))?.status()).toBe(503);
  await expectAccessible(ada.page, "the busy page");

  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await ada.context.storageState() });
  try {
    const tab = await noScript.newPage();
    expect((await tab.goto(dashboard))?.status()).toBe(503);
    await expect(tab).toHaveTitle("The service is busy");
    await expect(tab.getByRole("heading", { level: 1, name: "The service is busy" })).toBeVisible();
    await expect(tab.getByText(SERVICE_UNAVAILABLE_MESSAGE)).toBeVisible();

    // The database is back: "Try again" opens the same page, which now renders.
    await busy.relay!.open();
    const retried = tab.waitForResponse(dashboard);
    await tab.getByRole("link", { name: "Try again" }).click();
    expect((await retried).status()).toBe(200);
    await expect(tab).toHaveURL(dashboard);
    await expect(tab.getByTestId("active-organization")).toHaveText("Ada's organization (personal)");
  } finally {
    await noScript.close();
  }
  expect((await ada.context.request.get(`${busy.baseURL}/api/v1/organization`)).status()).toBe(200);
});
