import type { APIRequestContext } from "@playwright/test";
import path from "node:path";
import { DOT_SEGMENT_REDIRECTS, OFF_SITE, RETURN_PATH_CORPUS } from "../helpers/return-paths";
import { startAppServer, type AppServer } from "../helpers/production-server";
import { ARTIFACTS, AUTH_SECRET } from "./global-setup";
import { expect, signUp, test, type Person } from "./support";

/**
 * Where the app sends people: every return path (callbackUrl, next) an
 * attacker can put in a link or a form stays on this site (issue 8, open
 * redirect), and every absolute URL in a Location header or an invitation
 * link is on the app's public origin — APP_URL, or the host the client used —
 * never the address the server listens on (issue 8, listen address).
 */

const HOME = "/dashboard";

/** The Location of a redirect, resolved as a browser would against the URL it asked for. */
function locationOf(response: { status(): number; headers(): Record<string, string> }, requested: string): URL {
  expect([302, 303, 307, 308], `a redirect for ${requested}`).toContain(response.status());
  const location = response.headers()["location"];
  expect(location, `Location for ${requested}`).toBeTruthy();
  return new URL(location!, requested);
}

test.describe("return paths", () => {
  test("a signed-in visitor of /sign-in or /sign-up with a hostile callbackUrl stays on this site", async ({ people, baseURL }) => {
    const ada = await people.add("Ada");
    await signUp(ada);
    const origin = new URL(baseURL!).origin;
    for (const page of ["/sign-in", "/sign-up"]) {
      for (const candidate of RETURN_PATH_CORPUS) {
        const url = `${origin}${page}?callbackUrl=${encodeURIComponent(candidate)}`;
        const response = await ada.context.request.get(url, { maxRedirects: 0 });
        const location = locationOf(response, url);
        expect(location.origin, `${page} with callbackUrl ${JSON.stringify(candidate)}`).toBe(origin);
        expect(location.pathname).not.toMatch(/^\/[/\\]/);
        if ([...DOT_SEGMENT_REDIRECTS, ...OFF_SITE].includes(candidate)) expect(location.pathname, JSON.stringify(candidate)).toBe(HOME);
      }
    }
  });

  test("Auth.js's own endpoints keep callbackUrl on this site", async ({ request, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    for (const candidate of RETURN_PATH_CORPUS) {
      const signIn = `${origin}/api/auth/signin?callbackUrl=${encodeURIComponent(candidate)}`;
      const toSignIn = locationOf(await request.get(signIn, { maxRedirects: 0 }), signIn);
      expect(toSignIn.origin, `GET /api/auth/signin with ${JSON.stringify(candidate)}`).toBe(origin);
      // The sign-in page it leads to gets a callbackUrl that is itself on this site.
      expect(new URL(toSignIn.searchParams.get("callbackUrl") ?? "/", origin).origin).toBe(origin);

      const signOut = `${origin}/api/auth/signout`;
      const response = await request.post(signOut, { form: { csrfToken, callbackUrl: candidate }, maxRedirects: 0 });
      expect(locationOf(response, signOut).origin, `POST /api/auth/signout with ${JSON.stringify(candidate)}`).toBe(origin);
    }
  });

  test("a tampered sign-in or sign-out form lands on this site", async ({ people, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const ada = await people.add("Ada");
    await signUp(ada);
    const { page } = ada;

    // Sign out, with a hostile `next` slipped into the account menu's form.
    await page.evaluate(() => {
      const input = Object.assign(document.createElement("input"), { type: "hidden", name: "next", value: "/.//evil.example/login" });
      document.getElementById("sign-out-form")!.append(input);
    });
    await page.getByRole("button", { name: "Account" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${origin}/sign-in`);

    // Sign in, with the page's callbackUrl swapped for one that normalises to another site.
    await page.evaluate(() => {
      document.querySelector<HTMLInputElement>('input[name="callbackUrl"]')?.remove();
      const input = Object.assign(document.createElement("input"), { type: "hidden", name: "callbackUrl", value: "/%2e%2e//evil.example/login" });
      document.querySelector("form")!.append(input);
    });
    await page.getByLabel("Email").fill(ada.email);
    await page.getByLabel("Password").fill(ada.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${origin}${HOME}`);
  });
});

/**
 * Signed-out requests whose redirects and links hold absolute URLs: each must be on `expected`.
 * `client` is the origin the client used (its Host header), against which a relative Location resolves.
 */
async function expectUrlsOn(request: APIRequestContext, base: string, expected: string, client: string) {
  const headers = { Host: new URL(client).host };
  const location = (response: { headers(): Record<string, string> }) => new URL(response.headers()["location"]!, client).href;

  const proxy = await request.get(`${base}/members?q=ada`, { headers, maxRedirects: 0 });
  expect(proxy.status()).toBe(307);
  expect(location(proxy)).toBe(`${expected}/sign-in?callbackUrl=%2Fmembers%3Fq%3Dada`);

  const providers = (await (await request.get(`${base}/api/auth/providers`, { headers })).json()) as Record<string, { signinUrl: string; callbackUrl: string }>;
  expect(providers.credentials).toEqual(
    expect.objectContaining({ signinUrl: `${expected}/api/auth/signin/credentials`, callbackUrl: `${expected}/api/auth/callback/credentials` }),
  );

  const signIn = await request.get(`${base}/api/auth/signin?callbackUrl=%2Fsettings`, { headers, maxRedirects: 0 });
  expect(new URL(location(signIn)).searchParams.get("callbackUrl")).toBe(`${expected}/settings`);

  const { csrfToken } = (await (await request.get(`${base}/api/auth/csrf`, { headers })).json()) as { csrfToken: string };
  const signOut = await request.post(`${base}/api/auth/signout`, { headers, form: { csrfToken, callbackUrl: "/sign-in" }, maxRedirects: 0 });
  expect(location(signOut)).toBe(`${expected}/sign-in`);
}

/** Creates an invitation through the API with the browser session, as the Settings page's own origin would. */
async function invitationLink(person: Person, base: string, origin: string, headers: Record<string, string> = {}) {
  const response = await person.context.request.post(`${base}/api/v1/invitations`, {
    headers: { ...headers, Origin: origin, "Content-Type": "application/json" },
    data: { email: `guest.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com`, role: "member" },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { url: string }).url;
}

/** A second production server on the same database, with other settings, for the tests of a describe block. */
function secondServer(name: string, env: Record<string, string>) {
  const server: { app?: AppServer; baseURL?: string } = {};
  test.beforeAll(async () => {
    server.app = await startAppServer({ databaseUrl: process.env.E2E_DATABASE_URL!, logFile: path.join(ARTIFACTS, `next-${name}.log`), env: { AUTH_SECRET, ...env } });
    server.baseURL = server.app.baseUrl;
  });
  test.afterAll(async () => {
    await server.app?.stop();
  });
  return server;
}

test.describe("absolute URLs", () => {
  test.describe("without APP_URL (so without email, which needs it)", () => {
    const server = secondServer("no-app-url", {});

    test("they use the host the client asked for, not the address the server listens on", async ({ request, people }) => {
      const base = server.baseURL!;
      await expectUrlsOn(request, base, base, base);
      // The server listens on 127.0.0.1; this client reached it by another name.
      const asked = `http://teamhub-client.test:${new URL(base).port}`;
      await expectUrlsOn(request, base, asked, asked);

      const ada = await people.add("Ada");
      await signUp(ada);
      // The session cookie is for 127.0.0.1, which the second server shares.
      expect(await invitationLink(ada, base, asked, { Host: new URL(asked).host })).toMatch(new RegExp(`^${asked}/accept-invitation/inv_`));
    });
  });

  test.describe("with APP_URL", () => {
    const APP_URL = "http://teamhub.example.test";
    const server = secondServer("app-url", { APP_URL });

    test("they use APP_URL, whatever host the client asked for", async ({ request, people }) => {
      await expectUrlsOn(request, server.baseURL!, APP_URL, server.baseURL!);
      await expectUrlsOn(request, server.baseURL!, APP_URL, "http://elsewhere.example.test");

      const ada = await people.add("Ada");
      await signUp(ada);
      // The session cookie is for 127.0.0.1, which the second server shares.
      expect(await invitationLink(ada, server.baseURL!, server.baseURL!)).toMatch(new RegExp(`^${APP_URL}/accept-invitation/inv_`));
    });
  });
});
