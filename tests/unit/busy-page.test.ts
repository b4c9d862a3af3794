/**
 * lib/cli/busy-page.cjs on a real HTTP server, in front of a handler that answers as Next.js does
 * (its own gzip middleware, headers set before the body, the head sent by flushHeaders, by the
 * first write or by end): only a page request that failed with a 5xx after the database was
 * unavailable becomes 503 with the busy page; everything else passes untouched.
 * tests/e2e/database-unavailable.spec.ts checks it with the real production server.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

const { handleInRequestScope, markDatabaseUnavailable, BUSY_PAGE } = require("../../lib/cli/busy-page.cjs") as {
  handleInRequestScope<T>(request: http.IncomingMessage, response: http.ServerResponse, handle: () => T): T;
  markDatabaseUnavailable(): void;
  BUSY_PAGE: string;
};
const compression = require("next/dist/compiled/compression") as () => (request: unknown, response: unknown, next: () => void) => void;

// Above compression's 1 kB threshold, so gzip really wraps the response.
const NEXT_BODY = `<!DOCTYPE html><html><body>${"Next.js error shell ".repeat(100)}</body></html>`;

type How = "flushHeaders" | "write" | "end" | "writeHead";

/**
 * Query: status, how the head goes out, `unavailable` to have the database fail first (after an
 * asynchronous gap, as a query's), `uncompressed` for `compress: false` in next.config.js.
 */
async function nextLike(request: http.IncomingMessage, response: http.ServerResponse) {
  const query = new URL(request.url!, "http://localhost").searchParams;
  if (!query.has("uncompressed")) compression()(request, response, () => {});
  await new Promise((resolve) => setTimeout(resolve, Number(query.get("delay") ?? 0)));
  if (query.has("unavailable")) markDatabaseUnavailable();
  response.setHeader("X-Frame-Options", "DENY");
  response.setHeader("Content-Type", "text/html; charset=utf-8");
  response.setHeader("ETag", '"next"');
  const status = Number(query.get("status"));
  const how = query.get("how") as How;
  if (how === "writeHead") response.writeHead(status);
  else response.statusCode = status;
  if (how === "flushHeaders") response.flushHeaders();
  if (how === "end") return response.end(NEXT_BODY);
  response.write(NEXT_BODY.slice(0, 100));
  await new Promise((resolve) => setImmediate(resolve));
  response.end(NEXT_BODY.slice(100));
}

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((request, response) => handleInRequestScope(request, response, () => nextLike(request, response)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function get(path: string, init: RequestInit = {}) {
  const response = await fetch(`${base}${path}`, { ...init, headers: { "Accept-Encoding": "gzip", ...init.headers } });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe("the busy page", () => {
  it.each<How>(["flushHeaders", "write", "end", "writeHead"])("replaces a page's 500 after the database was unavailable (head sent by %s)", async (how) => {
    for (const [encoding, uncompressed] of [["gzip", ""], ["identity", ""], ["gzip", "&uncompressed"]]) {
      const { status, headers, body } = await get(`/dashboard?unavailable&status=500&how=${how}${uncompressed}`, { headers: { "Accept-Encoding": encoding! } });
      expect({ encoding, uncompressed, status, body }).toEqual({ encoding, uncompressed, status: 503, body: BUSY_PAGE });
      expect(Object.fromEntries(headers)).toMatchObject({
        "retry-after": "5",
        "cache-control": "no-store",
        "content-type": "text/html; charset=utf-8",
        "content-length": String(Buffer.byteLength(BUSY_PAGE)),
        "x-frame-options": "DENY",
      });
      for (const dropped of ["content-encoding", "etag"]) expect(headers.get(dropped)).toBeNull();
    }
  });

  it("says so without a body to HEAD", async () => {
    const { status, headers, body } = await get("/dashboard?unavailable&status=500&how=write", { method: "HEAD" });
    expect({ status, body, retryAfter: headers.get("retry-after") }).toEqual({ status: 503, body: "", retryAfter: "5" });
  });

  it.each<How>(["flushHeaders", "write", "end"])("leaves any other 500 as it is (head sent by %s)", async (how) => {
    for (const uncompressed of ["", "&uncompressed"]) {
      const { status, headers, body } = await get(`/dashboard?status=500&how=${how}${uncompressed}`);
      expect({ uncompressed, status, body, retryAfter: headers.get("retry-after") }).toEqual({ uncompressed, status: 500, body: NEXT_BODY, retryAfter: null });
    }
  });

  it("leaves a page that coped with the database being unavailable as it is", async () => {
    const { status, body } = await get("/dashboard?unavailable&status=200&how=flushHeaders");
    expect({ status, body }).toEqual({ status: 200, body: NEXT_BODY });
  });

  it("leaves /api, server actions and client-side navigations to Next.js", async () => {
    for (const [path, headers] of [
      ["/api/v1/organization?unavailable&status=503&how=end", {}],
      ["/api?unavailable&status=500&how=end", {}],
      ["/settings?unavailable&status=500&how=end", { "Next-Action": "abc123" }],
      ["/settings?unavailable&status=500&how=end", { RSC: "1" }],
    ] as const) {
      const response = await get(path, { headers });
      expect({ path, headers, status: response.status, body: response.body }).toEqual({ path, headers, status: Number(/status=(\d+)/.exec(path)![1]), body: NEXT_BODY });
    }
  });

  it("is decided per request: one that failed for lack of the database doesn't change another", async () => {
    const [failed, other] = await Promise.all([
      get("/members?unavailable&status=500&how=flushHeaders&delay=20"),
      get("/dashboard?status=500&how=flushHeaders&delay=40"),
    ]);
    expect([failed.status, other.status, other.body]).toEqual([503, 500, NEXT_BODY]);
  });
});
