import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type BrowserContext, type Locator, type Page, type Response } from "@playwright/test";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/**
 * Shared pieces of the browser tests: people (one browser context each), the
 * checks every visited page gets (`checkPage`), the guide's flows as small
 * helpers, and direct database access for what the UI can't do (expiring an
 * invitation).
 */

export { expect };

export const SCREENSHOTS = path.resolve(__dirname, "artifacts/screenshots");
const DESKTOP = { width: 1280, height: 800 };
const NARROW = { width: 375, height: 800 };
export const PASSWORD = "correct horse battery staple";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with \`npm run test:e2e\` (global-setup.ts sets it).`);
  return value;
}

/** Runs one statement against the database the app under test uses. */
export async function sql<Row extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: env("E2E_DATABASE_URL") });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export type Mail = { id: number; recipients: string[]; subject: string; text: string; html: string };

/** The first email to `address` (matching `subject`, newer than `afterId`) the app's SMTP server caught; waits for it. */
export async function mailTo(address: string, subject: string | RegExp, afterId = 0): Promise<Mail> {
  const wanted = (mail: Mail) =>
    mail.id > afterId && mail.recipients.includes(address) && (typeof subject === "string" ? mail.subject === subject : subject.test(mail.subject));
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        const messages = (await (await fetch(`${env("E2E_MAILBOX_URL")}/messages.json`)).json()) as Mail[];
        found = messages.find(wanted);
        return Boolean(found);
      },
      { message: `an email "${subject}" to ${address}`, timeout: 30_000 },
    )
    .toBe(true);
  return found!;
}

/** Every email the app sent to `address` so far. */
export async function mailsTo(address: string): Promise<Mail[]> {
  const messages = (await (await fetch(`${env("E2E_MAILBOX_URL")}/messages.json`)).json()) as Mail[];
  return messages.filter((mail) => mail.recipients.includes(address));
}

/** The link in an email's plain-text part whose path contains `fragment`. */
export function linkIn(mail: Mail, fragment: string): string {
  const link = mail.text.match(/https?:\/\/[^\s<>"\]]+/g)?.find((url) => url.includes(fragment));
  if (!link) throw new Error(`no ${fragment} link in "${mail.subject}": ${mail.text}`);
  return link;
}

/**
 * A client address of its own for a test that counts a per-address limit
 * (reached through a loopback relay, see invitation-sign-ups.spec.ts), so
 * tests running beside it on 127.0.0.1 neither add to its counts nor reset them.
 */
export const ISOLATED_ADDRESS = "127.0.0.2";

let counter = 0;
/** A short id unique to this run (per worker process and call), for email addresses. */
export function uid(): string {
  counter += 1;
  return `${process.pid.toString(36)}${counter}`;
}

// ---------------------------------------------------------------------------
// Watching pages: console errors, uncaught exceptions, failed requests.

const WATCHED_TYPES = new Set(["document", "script", "stylesheet", "image", "font", "fetch", "xhr", "manifest"]);

class PageWatcher {
  problems: string[] = [];
  /** Responses with these statuses are expected for URLs matching the pattern. */
  allowed: { url: RegExp; status: number }[] = [];

  constructor(
    readonly page: Page,
    readonly who: string,
  ) {
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      const text = message.text();
      // The browser logs every 4xx/5xx response; those are judged by status below.
      if (/^Failed to load resource: the server responded with a status of \d+/.test(text) && this.isAllowedUrl(message.location().url)) return;
      this.problems.push(`console error on ${this.where()}: ${text} (${message.location().url})`);
    });
    page.on("pageerror", (error) => this.problems.push(`uncaught exception on ${this.where()}: ${error.message}`));
    page.on("requestfailed", (request) => {
      const failure = request.failure()?.errorText ?? "";
      // Cancelled navigations, RSC prefetches and fetches dropped by a navigation.
      if (failure.includes("ERR_ABORTED") || failure.includes("NS_BINDING_ABORTED")) return;
      this.problems.push(`request failed (${failure}): ${request.method()} ${this.path(request.url())}`);
    });
    page.on("response", (response: Response) => {
      const status = response.status();
      if (status < 400) return;
      const request = response.request();
      if (!WATCHED_TYPES.has(request.resourceType())) return;
      if (this.allowed.some((rule) => rule.status === status && rule.url.test(response.url()))) return;
      this.problems.push(`HTTP ${status} for ${request.resourceType()} ${request.method()} ${this.path(response.url())}`);
    });
  }

  private isAllowedUrl(url: string) {
    return this.allowed.some((rule) => rule.url.test(url));
  }

  private path(url: string) {
    try {
      const parsed = new URL(url);
      return parsed.pathname + parsed.search;
    } catch {
      return url;
    }
  }

  private where() {
    return `${this.who} ${this.path(this.page.url())}`;
  }

  take(): string[] {
    const problems = this.problems;
    this.problems = [];
    return problems;
  }
}

const watchers = new WeakMap<Page, PageWatcher>();

// ---------------------------------------------------------------------------
// People: each one a browser context of their own.

export type Person = {
  name: string;
  /** First name: personal organizations are called "<first name>'s organization". */
  first: string;
  email: string;
  password: string;
  context: BrowserContext;
  page: Page;
};

/** A browser's clipboard permission and time zone (UTC unless said). */
type BrowserOptions = { clipboard?: boolean; timezoneId?: string };

export type People = {
  /** A new person with an empty browser (signed out). `first` must be a single word. */
  add(first: string, options?: { email?: string } & BrowserOptions): Promise<Person>;
  /** A fresh, signed-out browser for an existing person (e.g. a second device). */
  browserFor(person: Pick<Person, "name" | "first" | "email" | "password">, options?: BrowserOptions): Promise<Person>;
};

async function newPerson(browser: Browser, baseURL: string, who: Omit<Person, "context" | "page">, options: BrowserOptions): Promise<Person> {
  const context = await browser.newContext({
    baseURL,
    viewport: DESKTOP,
    locale: "en-US",
    timezoneId: options.timezoneId ?? "UTC",
    permissions: options.clipboard ? ["clipboard-read", "clipboard-write"] : [],
  });
  const page = await context.newPage();
  watchers.set(page, new PageWatcher(page, who.first));
  return { ...who, context, page };
}

type Fixtures = { people: People; resetRateLimits: void };

export const test = base.extend<Fixtures>({
  baseURL: async ({}, provide) => {
    await provide(env("E2E_BASE_URL"));
  },

  // Every test starts with empty rate-limit counters: all browsers share 127.0.0.1,
  // and a run creates more accounts than one address may per hour. Those of
  // ISOLATED_ADDRESS are left alone: the one test using it counts them.
  resetRateLimits: [
    async ({}, provide) => {
      await sql("DELETE FROM rate_limit_buckets WHERE key NOT LIKE $1", [`%:${ISOLATED_ADDRESS}`]);
      await provide();
    },
    { auto: true },
  ],

  people: async ({ browser, baseURL }, provide) => {
    const created: Person[] = [];
    const people: People = {
      async add(first, options = {}) {
        const id = uid();
        const person = await newPerson(
          browser,
          baseURL!,
          { first, name: `${first} Tester`, email: options.email ?? `${first.toLowerCase()}.${id}@example.com`, password: PASSWORD },
          options,
        );
        created.push(person);
        return person;
      },
      async browserFor(who, options = {}) {
        const person = await newPerson(browser, baseURL!, who, options);
        created.push(person);
        return person;
      },
    };
    await provide(people);
    // Whatever the test checked, no page may have logged errors or failed requests.
    const problems = created.flatMap((person) => person.context.pages().flatMap((page) => watchers.get(page)?.take() ?? []));
    for (const person of created) await person.context.close();
    expect(problems, "console errors or failed requests").toEqual([]);
  },
});

/** Lets a page get an error status for some URL without failing the test. */
export function allowResponse(page: Page, url: RegExp, status: number) {
  watchers.get(page)!.allowed.push({ url, status });
}

// ---------------------------------------------------------------------------
// Checks for every visited page.

type CheckOptions = {
  /** Saves tests/e2e/artifacts/screenshots/<name>.png (and <name>-375.png). */
  screenshot?: string;
};

/**
 * Axe: no serious or critical violations. With `menuOpen`, aria-hidden-focus is
 * skipped: an open Radix menu hides the rest of the page from screen readers
 * with aria-hidden and traps focus in the menu, which axe can't see, so it
 * reports the hidden page's links and buttons as focusable.
 */
export async function expectAccessible(page: Page, label: string, options: { menuOpen?: boolean } = {}) {
  const builder = new AxeBuilder({ page });
  if (options.menuOpen) builder.disableRules(["aria-hidden-focus"]);
  const results = await builder.analyze();
  const bad = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect(bad, `axe violations on ${label}`).toEqual([]);
}

/** A whole page's screenshot, saved as an artifact. */
async function saveScreenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // A whole long page (the API reference) can take over the 15 s action timeout to capture on a busy machine; it is an artifact, not a check.
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, timeout: 60_000 });
}

/** No horizontal scrolling at 375 px wide. */
export async function expectNoHorizontalScroll(page: Page, label: string, screenshot?: string) {
  const before = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(NARROW);
  try {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const overflow = await page.evaluate(() => {
      const root = document.documentElement;
      if (root.scrollWidth <= root.clientWidth) return null;
      const wide = [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1)
        .slice(0, 5)
        .map((element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}.${[...element.classList].slice(0, 3).join(".")}`);
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
    });
    expect(overflow, `horizontal scroll at 375 px on ${label}`).toBeNull();
    if (screenshot) await saveScreenshot(page, `${screenshot}-375`);
  } finally {
    await page.setViewportSize(before);
  }
}

/** Fails with the page's console errors and failed requests so far. */
export function expectNoPageProblems(page: Page) {
  expect(watchers.get(page)?.take() ?? [], "console errors or failed requests").toEqual([]);
}

/** The checks every visited page gets: no errors so far, axe, no horizontal scroll, optional screenshots. */
export async function checkPage(page: Page, label: string, options: CheckOptions = {}) {
  await page.waitForLoadState("load");
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  expectNoPageProblems(page);
  await expectAccessible(page, label);
  if (options.screenshot) await saveScreenshot(page, options.screenshot);
  await expectNoHorizontalScroll(page, label, options.screenshot);
  expectNoPageProblems(page);
}

/** Opens a path and checks the page. */
export async function visit(page: Page, url: string, label = url, options: CheckOptions = {}) {
  const response = await page.goto(url);
  expect(response?.status(), `status of ${url}`).toBeLessThan(400);
  await checkPage(page, label, options);
}

// ---------------------------------------------------------------------------
// Keyboard.

/** Presses Tab until `target` has focus (at most `max` times). */
export async function tabTo(page: Page, target: Locator, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

/** The focused element shows a visible focus indicator (:focus-visible with an outline). */
export async function expectFocusVisible(target: Locator) {
  await expect(target).toBeFocused();
  const style = await target.evaluate((element) => {
    const computed = getComputedStyle(element);
    return { focusVisible: element.matches(":focus-visible"), outline: computed.outlineStyle, width: computed.outlineWidth };
  });
  expect(style.focusVisible, "matches :focus-visible").toBe(true);
  expect(style.outline).not.toBe("none");
  expect(parseFloat(style.width)).toBeGreaterThan(0);
}

// ---------------------------------------------------------------------------
// The guide's flows.

/**
 * Sign-up without an invitation, as the app does it with email on: the form
 * answers "Check your email", and the emailed link (confirmed with its
 * button) creates the account and signs in.
 */
export async function signUp(person: Person) {
  const { page } = person;
  await visit(page, "/sign-up", "sign-up");
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const mail = await mailTo(person.email, "Confirm your email to finish creating your Teamhub account");
  await page.goto(linkIn(mail, "/verify-email/"));
  await page.getByRole("button", { name: "Confirm and sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard(\?[^/]*)?$/);
  await expect(page.getByTestId("active-organization")).toHaveText(`${person.first}'s organization (personal)`);
}

/** Fills and submits the sign-in form the page is on. */
export async function fillSignIn(page: Page, who: Pick<Person, "email" | "password">) {
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Account" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** Account → <item> from the top navigation. */
export async function openAccountPage(page: Page, item: "Settings" | "Members" | "Audit log" | "Account settings") {
  await page.getByRole("button", { name: "Account" }).click();
  await page.getByRole("menuitem", { name: item, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: item, exact: true })).toBeVisible();
  await checkPage(page, item.toLowerCase());
}

export async function expectDashboard(page: Page, organization: string, role: "Owner" | "Admin" | "Member") {
  await expect(page).toHaveURL(/\/dashboard(\?[^/]*)?$/);
  await expect(page.getByTestId("active-organization")).toHaveText(organization);
  await expect(page.getByTestId("your-role")).toHaveText(role);
}

/** The dashboard's one-time notice after joining an organization (shown once: the flag leaves the address bar). */
export async function expectWelcome(page: Page, organization: string, role: "Admin" | "Member" | "Owner") {
  await expect(page.getByRole("status").filter({ hasText: "Welcome to" })).toHaveText(`Welcome to ${organization} — you joined as ${role}.`);
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** Creates an organization from the organization dropdown; the creator becomes its Owner. */
export async function createOrganization(person: Person, name: string) {
  const { page } = person;
  await page.getByRole("button", { name: /^Organization: .*\. Switch organization$/ }).click();
  await page.getByRole("menuitem", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create organization" })).toBeVisible();
  await checkPage(page, "create organization");
  await page.getByLabel("Organization name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expectDashboard(page, name, "Owner");
}

export function inviteSection(page: Page) {
  return page.getByRole("region", { name: "Invite Member by Link" });
}

export function invitationRow(page: Page, email: string) {
  return page.getByTestId("invitation-row").filter({ hasText: email });
}

/**
 * Settings → Invite Member by Link; returns the generated link. The page must be Settings. The
 * server sends email, so Send by email is on unless `sendEmail` is false.
 */
export async function invite(page: Page, email: string, role: "Admin" | "Member", options: { sendEmail?: boolean } = {}) {
  const section = inviteSection(page);
  await section.getByLabel("Email address").fill(email);
  await section.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await section.getByRole("checkbox", { name: "Send by email" }).setChecked(options.sendEmail ?? true);
  await section.getByRole("button", { name: "Generate Invitation Link" }).click();
  await expect(toast(page, `Invitation link for ${email} generated`)).toBeVisible();
  const link = section.getByLabel("Invitation link");
  await expect(link).not.toBeEditable();
  const url = await link.inputValue();
  expect(url).toMatch(/\/accept-invitation\/inv_[A-Za-z0-9_-]{43}$/);
  await expect(invitationRow(page, email)).toContainText("Active");
  return url;
}

/** An invited person without an account signs up from the link and lands in the organization. */
export async function joinBySignUp(person: Person, link: string, organization: string, role: "Admin" | "Member") {
  const { page } = person;
  await page.goto(link);
  await page.getByRole("link", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sign-up\?invitation=/);
  const email = page.getByLabel("Email");
  await expect(email).toHaveValue(person.email);
  await expect(email).not.toBeEditable();
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expectDashboard(page, organization, role);
  await expectWelcome(page, organization, role);
}

/** An owner with a fresh organization of their own, on its Settings page. */
export async function ownerWithOrganization(people: People, first: string, organization: string, options: { clipboard?: boolean } = {}) {
  const owner = await people.add(first, options);
  await signUp(owner);
  await createOrganization(owner, organization);
  await openAccountPage(owner.page, "Settings");
  return owner;
}

/** A toast saying `text`: success feedback is said there (sonner's live region, labelled "Messages"). */
export function toast(page: Page, text: string | RegExp) {
  return page.getByRole("region", { name: /^Messages/ }).getByText(text);
}

/** A confirmation dialog (role alertdialog) by its title. */
export function dialog(page: Page, title: string | RegExp) {
  return page.getByRole("alertdialog", { name: title });
}
