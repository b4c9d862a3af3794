import type { APIRequestContext, APIResponse } from "@playwright/test";
import fc from "fast-check";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ARTIFACTS } from "./global-setup";
import { expect, signUp, sql, test, type Person } from "./support";

/**
 * Malformed and hostile requests (issue 8): each gets a 4xx — problem+json
 * under /api, a plain page elsewhere — changes nothing, and leaves nothing in
 * the server log that looks like a crash. The fuzz test sends a few thousand
 * generated requests to every /api/v1 operation (enumerated from the OpenAPI
 * document the server builds from lib/api/endpoints, so new endpoints are
 * fuzzed too) with every method.
 */

const NEXT_LOG = path.join(ARTIFACTS, "next.log");
const EVIL = "http://evil.example";
// Stack frames, and Next.js's marker for an unhandled error.
const CRASH_IN_LOG = /^\s+at \S|⨯/m;

/** Reads what the app server logs from now on. */
function watchLog() {
  const start = statSync(NEXT_LOG).size;
  return () => readFileSync(NEXT_LOG).subarray(start).toString("utf8");
}

async function expectProblem(response: APIResponse, label: string) {
  expect(response.status(), label).toBeGreaterThanOrEqual(400);
  expect(response.status(), label).toBeLessThan(500);
  expect(response.headers()["content-type"], label).toMatch(/^application\/problem\+json/);
  const problem = (await response.json()) as { status: number; code: string };
  expect(problem.status, label).toBe(response.status());
  expect(problem.code, label).toMatch(/^[A-Z_]+$/);
}

async function expectErrorPage(response: APIResponse, status: number, label: string) {
  expect(response.status(), label).toBe(status);
  expect(response.headers()["content-type"], label).toMatch(/^text\/html/);
  expect(await response.text(), label).not.toMatch(/ at |node_modules|\.next\//);
}

type Operation = { path: string; methods: string[] };

async function operations(request: APIRequestContext): Promise<Operation[]> {
  const document = (await (await request.get("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).map(([path, methods]) => ({ path, methods: Object.keys(methods).map((method) => method.toUpperCase()) }));
}

/** An organization of its own for the test: its Owner (signed in) and API keys with the Member role, which may change nothing. */
async function world(person: Person) {
  await signUp(person);
  const [owner] = await sql<{ user_id: string; organization_id: string }>(
    "SELECT m.user_id, m.organization_id FROM members m JOIN users u ON u.id = m.user_id WHERE u.email = $1",
    [person.email],
  );
  const keys: string[] = [];
  // Three keys: a fuzz run stays under each key's 600 requests a minute.
  for (let i = 0; i < 3; i++) {
    const secret = `thk_${randomBytes(32).toString("base64url")}`;
    await sql(
      `INSERT INTO api_keys (organization_id, name, role, prefix, secret_hash, created_by_id, created_by_name, created_by_email)
       VALUES ($1, $2, 'MEMBER', $3, $4, $5, $6, $7)`,
      [owner!.organization_id, `Fuzz ${i}`, secret.slice(0, 12), createHash("sha256").update(secret).digest("hex"), owner!.user_id, person.name, person.email],
    );
    keys.push(secret);
  }
  return { userId: owner!.user_id, organizationId: owner!.organization_id, keys };
}

/** Everything a refused request must leave as it was, in the test's own organization (timestamps of use aside). */
async function snapshot(organizationId: string, userId: string) {
  const [row] = await sql<{ state: unknown }>(
    `SELECT json_build_object(
       'organization', (SELECT to_jsonb(o) FROM organizations o WHERE o.id = $1),
       'members', (SELECT json_agg(to_jsonb(m) - 'last_active_at' ORDER BY m.id) FROM members m WHERE m.organization_id = $1),
       'users', (SELECT json_agg(to_jsonb(u) ORDER BY u.id) FROM users u WHERE u.id IN (SELECT user_id FROM members WHERE organization_id = $1)),
       'invitations', (SELECT json_agg(to_jsonb(i) ORDER BY i.id) FROM invitations i WHERE i.organization_id = $1),
       'api_keys', (SELECT json_agg(to_jsonb(k) - 'last_used_at' ORDER BY k.id) FROM api_keys k WHERE k.organization_id = $1),
       'audit_logs', (SELECT json_agg(to_jsonb(a) ORDER BY a.id) FROM audit_logs a WHERE a.organization_id = $1),
       'notifications', (SELECT json_agg(to_jsonb(n) ORDER BY n.id) FROM notifications n WHERE n.user_id = $2),
       'idempotency_records', (SELECT json_agg(to_jsonb(r) ORDER BY r.id) FROM idempotency_records r
                               WHERE r.scope LIKE 'user:' || $2 || ':%'
                                  OR r.scope IN (SELECT 'apikey:' || k.id FROM api_keys k WHERE k.organization_id = $1))
     ) AS state`,
    [organizationId, userId],
  );
  return row!.state;
}

test("the malformed requests of issue 8 get a 4xx and leave no crash in the log", async ({ request, people, browser, baseURL }) => {
  const log = watchLog();
  const owner = await people.add("Olga");
  const { organizationId, userId } = await world(owner);
  const before = await snapshot(organizationId, userId);
  const session = owner.context.request;

  // Paths whose %-escapes don't decode.
  await expectProblem(await request.get("/api/v1/members/%ff"), "GET /api/v1/members/%ff");
  await expectProblem(await session.delete("/api/v1/members/%ff", { headers: { Origin: baseURL! } }), "DELETE /api/v1/members/%ff");
  await expectErrorPage(await request.get("/accept-invitation/%E0%A4%A"), 400, "/accept-invitation/%E0%A4%A");
  await expectErrorPage(await session.get("/accept-invitation/%E0%A4%A"), 400, "/accept-invitation/%E0%A4%A signed in");

  // A multipart body that doesn't parse, to pages (as a form post from this site) and to every API path.
  const garbage = { headers: { "Content-Type": "multipart/form-data; boundary=xyz", Origin: baseURL! }, data: Buffer.from("--xyz\r\ngarbage") };
  for (const page of ["/", "/sign-in", "/sign-up", "/accept-invitation/inv_x", "/dashboard", "/settings", "/members", "/audit-log", "/api-docs"]) {
    await expectErrorPage(await request.post(page, garbage), 400, `multipart POST ${page}`);
    await expectErrorPage(await session.post(page, garbage), 400, `multipart POST ${page} signed in`);
  }
  for (const { path } of await operations(request)) {
    const url = `/api/v1${path.replace(/\{\w+\}/g, "3d89c388-c725-40f0-8685-eff77c38aef4")}`;
    await expectProblem(await request.post(url, garbage), `multipart POST ${url}`);
    await expectProblem(await session.post(url, garbage), `multipart POST ${url} signed in`);
  }

  // A real server action (signing in, with the right password) posted from another site, from a sandboxed page, and with no Origin.
  const eve = await browser.newContext({ baseURL });
  const page = await eve.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.route("**/sign-in", (route) => route.abort());
  const [action] = await Promise.all([page.waitForRequest((sent) => sent.method() === "POST" && "next-action" in sent.headers()), page.getByRole("button", { name: "Sign in" }).click()]);
  const actionHeaders = await action.allHeaders();
  await eve.close();
  for (const origin of [EVIL, "null", `${baseURL}.evil.example`, undefined]) {
    const headers: Record<string, string> = { "Next-Action": actionHeaders["next-action"]!, "Content-Type": actionHeaders["content-type"]! };
    if (origin) headers.Origin = origin;
    const response = await request.post("/sign-in", { headers, data: action.postDataBuffer()!, maxRedirects: 0 });
    await expectErrorPage(response, 403, `server action from Origin ${origin}`);
    expect(response.headers()["set-cookie"] ?? "", `no session from Origin ${origin}`).not.toMatch(/session-token/);
  }

  expect(await snapshot(organizationId, userId)).toEqual(before);
  expect(log(), "the server log after these requests").not.toMatch(CRASH_IN_LOG);
});

// ---------------------------------------------------------------------------
// The fuzz test.

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
// At most 4,000 requests, 4 at a time (leaving the server to the tests running alongside), for at most
// 20 s: fewer on a slow machine, never fewer than 200.
const BATCH = 4;
const RUNS = 1000;
const TIME_LIMIT_MS = 20_000;
const AT_LEAST = 200;

const printable = fc.string({ unit: fc.constantFrom(..." !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZabcxyz[\\]^_`{|}~"), maxLength: 40 });
const escapes = fc.constantFrom("%ff", "%E0%A4%A", "%", "%zz", "%00", "%2e%2e", "..", ".", "a%2Fb", "%c0%af", "%ed%a0%80", "null", "-1", "1e309", "' OR 1=1 --");

type Caller = "member-key" | "none" | "bad-bearer" | "bad-authorization" | "session-foreign" | "session-no-origin" | "session-safe";

type FuzzRequest = {
  operation: Operation;
  method: string;
  params: string[];
  suffix: string;
  query: string;
  caller: Caller;
  keyIndex: number;
  contentType: string | null;
  body: string | Uint8Array<ArrayBuffer> | null;
  idempotencyKey: string | null;
};

function fuzzRequest(ops: Operation[], realIds: string[]): fc.Arbitrary<FuzzRequest> {
  const param = fc.oneof(fc.constantFrom(...realIds), fc.uuid(), escapes, printable.map(encodeURIComponent), fc.string({ unit: "binary", maxLength: 12 }).map(encodeURIComponent));
  const queryValue = fc.oneof(printable, escapes, fc.constantFrom("", "0", "1", "100", "101", "active", "expired", "member.role_changed", "A".repeat(3000)));
  const queryKey = fc.oneof(fc.constantFrom("limit", "cursor", "q", "status", "action", "__proto__", "constructor", "limit[]"), printable);
  const query = fc.oneof(
    fc.constant(""),
    fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }).map((pairs) => `?${pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join("&")}`),
    fc.constantFrom("?%ff=1", "?q=%E0%A4%A", "?limit=1&limit=2", "?&&&", "?=", "?status=%00"),
  );
  const json = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
    fc
      .record(
        {
          email: fc.oneof(fc.emailAddress(), printable),
          role: fc.oneof(fc.constantFrom("owner", "admin", "member", "MEMBER", ""), fc.integer()),
          expiresInDays: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.double(), printable),
          extra: printable,
        },
        { requiredKeys: [] },
      )
      .map((value) => JSON.stringify(value)),
  );
  const body = fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 4, arbitrary: json },
    { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => new Uint8Array(bytes)) },
    { weight: 1, arbitrary: fc.constantFrom("--xyz\r\ngarbage", "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xyz--\r\n", "a=1&b=%ff", "{", "null", "x".repeat(70 * 1024)) },
  );
  return fc
    .record({
      operation: fc.constantFrom(...ops),
      method: fc.constantFrom(...METHODS),
      params: fc.array(param, { minLength: 2, maxLength: 2 }),
      suffix: fc.constantFrom("", "", "", "", "/", "/extra", "/%ff", "/.."),
      query,
      caller: fc.constantFrom<Caller>("member-key", "member-key", "member-key", "none", "bad-bearer", "bad-authorization", "session-foreign", "session-no-origin", "session-safe"),
      keyIndex: fc.nat(),
      contentType: fc.constantFrom(
        null,
        "application/json",
        "application/json",
        "application/json; charset=utf-8",
        "APPLICATION/JSON",
        "text/plain",
        "multipart/form-data; boundary=xyz",
        "multipart/form-data",
        "application/x-www-form-urlencoded",
        "garbage/;;;",
      ),
      body,
      idempotencyKey: fc.option(fc.oneof(printable, fc.constant("k".repeat(300))), { freq: 3 }),
    })
    .map((generated) => ({
      ...generated,
      // A browser session only ever reads here: same-origin writes by the Owner would be allowed to change things.
      method: generated.caller === "session-safe" && !SAFE.has(generated.method) ? "GET" : generated.method,
    }));
}

function describeRequest(sent: FuzzRequest, url: string) {
  return `${sent.method} ${url} as ${sent.caller} (${sent.contentType ?? "no content type"}, body ${sent.body === null ? "none" : JSON.stringify(Buffer.from(sent.body).toString().slice(0, 80))})`;
}

test("fuzz: no generated request to any API operation gets a 5xx, changes anything, or crashes", async ({ request, people, baseURL }) => {
  test.setTimeout(120_000);
  const log = watchLog();
  const owner = await people.add("Fuzz");
  const { organizationId, userId, keys } = await world(owner);
  const session = owner.context.request;
  const invitation = await session.post("/api/v1/invitations", {
    headers: { Origin: baseURL!, "Content-Type": "application/json" },
    // Not emailed: the worker recording the email's status would change the row during the run.
    data: { email: `fuzz.${Date.now()}@example.com`, role: "member", sendEmail: false },
  });
  expect(invitation.status()).toBe(201);
  const realIds = [userId, ((await invitation.json()) as { id: string }).id];
  const ops = await operations(request);
  const before = await snapshot(organizationId, userId);

  // Node's own fetch: far lighter than a round trip through Playwright's driver for each of thousands of requests.
  const sessionCookie = (await owner.context.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  let sentCount = 0;
  async function send(sent: FuzzRequest): Promise<string | null> {
    let index = 0;
    const url = `/api/v1${sent.operation.path.replace(/\{\w+\}/g, () => sent.params[index++]!)}${sent.suffix}${sent.query}`;
    const headers: Record<string, string> = {};
    if (sent.contentType !== null) headers["Content-Type"] = sent.contentType;
    if (sent.idempotencyKey !== null) headers["Idempotency-Key"] = sent.idempotencyKey;
    if (sent.caller === "member-key") headers.Authorization = `Bearer ${keys[sent.keyIndex % keys.length]}`;
    if (sent.caller === "bad-bearer") headers.Authorization = `Bearer thk_${"A".repeat(43)}`;
    if (sent.caller === "bad-authorization") headers.Authorization = "Basic Zm9vOmJhcg==";
    if (sent.caller.startsWith("session")) headers.Cookie = sessionCookie;
    if (sent.caller === "session-foreign") headers.Origin = EVIL;
    const response = await fetch(`${baseURL}${url}`, {
      method: sent.method,
      headers,
      body: SAFE.has(sent.method) ? null : sent.body,
      redirect: "manual",
    });
    sentCount += 1;
    const status = response.status;
    const text = await response.text();
    const label = describeRequest(sent, url);
    if (status >= 500) return `${status} for ${label}: ${text}`;
    if (!SAFE.has(sent.method) && status < 300) return `${status} (a change) for ${label}`;
    if (status >= 400 && sent.method !== "HEAD") {
      if (!/^application\/problem\+json/.test(response.headers.get("content-type") ?? "")) return `${status} without problem+json for ${label}`;
      const problem = JSON.parse(text) as { status?: number; code?: string };
      if (problem.status !== status || !problem.code) return `${status} with a malformed problem for ${label}: ${text}`;
    }
    return null;
  }

  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  await fc.assert(
    fc.asyncProperty(fc.array(fuzzRequest(ops, realIds), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const failures = (await Promise.all(batch.map(send))).filter((failure) => failure !== null);
      expect(failures, `fuzz failures (reproduce with FUZZ_SEED=${seed})`).toEqual([]);
    }),
    { numRuns: RUNS, seed, endOnFailure: true, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
  );
  console.log(`[fuzz] ${sentCount} requests, seed ${seed}`);
  expect(sentCount).toBeGreaterThanOrEqual(AT_LEAST);

  expect(await snapshot(organizationId, userId)).toEqual(before);
  expect(log(), "the server log after the fuzz run").not.toMatch(CRASH_IN_LOG);
});
