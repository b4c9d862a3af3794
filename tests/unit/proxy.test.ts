import { NextRequest } from "next/server";

// The genuine next-auth/jwt, loaded by Node (jest can't load this ESM-only package itself).
jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);

import proxy from "@/proxy";
import { nextAuthJwt } from "../helpers/next-auth-jwt";

async function sessionCookie(userId: string) {
  const token = await nextAuthJwt.encode({ token: { sub: userId }, secret: process.env.AUTH_SECRET!, salt: "authjs.session-token" });
  return `authjs.session-token=${token}`;
}

const request = (path: string, headers: Record<string, string> = {}, init: { method?: string; body?: string } = {}) =>
  new NextRequest(`http://localhost:3000${path}`, { headers: { host: "localhost:3000", ...headers }, ...init });

const post = (path: string, headers: Record<string, string>, body = "") => request(path, headers, { method: "POST", body });

describe("proxy.ts", () => {
  it("sends signed-out visitors of app pages to sign in, coming back afterwards", async () => {
    const response = await proxy(request("/members?q=ada"));
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("http://localhost:3000/sign-in?callbackUrl=%2Fmembers%3Fq%3Dada");
  });

  it("treats a forged or expired session cookie as signed out", async () => {
    const forged = await proxy(request("/settings", { cookie: "authjs.session-token=not-a-jwt" }));
    expect(forged.status).toBe(307);
    const otherSecret = await nextAuthJwt.encode({ token: { sub: "u" }, secret: "another-secret-another-secret-another-secret", salt: "authjs.session-token" });
    expect((await proxy(request("/settings", { cookie: `authjs.session-token=${otherSecret}` }))).status).toBe(307);
  });

  it("lets public pages through with a nonce Content-Security-Policy that forbids framing", async () => {
    for (const path of ["/sign-in", "/sign-up", "/accept-invitation/inv_x", "/api-docs"]) {
      const response = await proxy(request(path));
      expect(response.status).toBe(200);
      const csp = response.headers.get("content-security-policy")!;
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });

  it("lets a signed-in user through, with a fresh nonce on every request", async () => {
    const cookie = await sessionCookie("3d89c388-c725-40f0-8685-eff77c38aef4");
    const first = await proxy(request("/settings", { cookie }));
    const second = await proxy(request("/settings", { cookie }));
    expect(first.status).toBe(200);
    expect(first.headers.get("content-security-policy")).not.toBe(second.headers.get("content-security-policy"));
  });

  it("lets /api requests go on untouched, signed in or not: no nonce, no headers copied (next.config.js gives them a static set)", async () => {
    const cookie = await sessionCookie("3d89c388-c725-40f0-8685-eff77c38aef4");
    for (const headers of <Record<string, string>[]>[{}, { cookie }, { authorization: "Bearer thk_x" }]) {
      for (const path of ["/api/v1/members?limit=5", "/api/health", "/api/auth/session"]) {
        const response = await proxy(request(path, headers));
        expect(response.headers.get("x-middleware-next")).toBe("1");
        expect([...response.headers.keys()]).toEqual(["x-middleware-next"]);
      }
    }
    // Still guarded, and /api-docs is a page.
    expect((await proxy(request("/api/v1/members/%ff"))).status).toBe(400);
    expect((await proxy(request("/api-docs"))).headers.get("content-security-policy")).toMatch(/'nonce-/);
  });

  it("redirects to sign in on the host the client used, or on APP_URL, never on the address the server listens on", async () => {
    const viaHost = await proxy(request("/members", { host: "team.example.com" }));
    expect(new URL(viaHost.headers.get("location")!, "http://team.example.com").href).toBe("http://team.example.com/sign-in?callbackUrl=%2Fmembers");
    process.env.APP_URL = "https://teamhub.example.org/";
    try {
      const viaAppUrl = await proxy(request("/members", { host: "team.example.com" }));
      expect(viaAppUrl.headers.get("location")).toBe("https://teamhub.example.org/sign-in?callbackUrl=%2Fmembers");
    } finally {
      delete process.env.APP_URL;
    }
  });
});

describe("proxy.ts refusing malformed requests", () => {
  const sameSite = { origin: "http://localhost:3000" };

  it("answers a path whose %-escapes don't decode with 400: problem+json under /api, a plain page elsewhere", async () => {
    const api = await proxy(request("/api/v1/members/%ff"));
    expect(api.status).toBe(400);
    expect(api.headers.get("content-type")).toBe("application/problem+json");
    expect(await api.json()).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    const page = await proxy(request("/accept-invitation/%E0%A4%A"));
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("Bad request");
  });

  it("answers a malformed Host with 400", async () => {
    for (const host of ["a b", "evil.example/path", "team.example.com:99999x", "[::1"]) {
      expect((await proxy(request("/sign-in", { host }))).status).toBe(400);
    }
  });

  it("refuses server actions from another site, from a sandboxed page or without an Origin, with 403", async () => {
    const action = { "next-action": "7f00aa7e1a3ff1e33a296852b27d737c57aa444b7b", "content-type": "text/plain;charset=UTF-8" };
    for (const origin of <Record<string, string>[]>[{ origin: "http://evil.example" }, { origin: "null" }, { origin: "http://localhost:3000.evil.example" }, {}]) {
      expect((await proxy(post("/settings", { ...action, ...origin }, "[]"))).status).toBe(403);
    }
    const crossSite = await proxy(post("/sign-in", { ...sameSite, "sec-fetch-site": "cross-site", "content-type": "application/x-www-form-urlencoded" }, "a=1"));
    expect(crossSite.status).toBe(403);
    expect((await proxy(post("/sign-in", { ...action, ...sameSite }, "[]"))).status).toBe(200);
  });

  it("answers a multipart body that doesn't parse with 400, and lets a well-formed one through", async () => {
    const multipart = { ...sameSite, "content-type": "multipart/form-data; boundary=xyz" };
    expect((await proxy(post("/sign-in", multipart, "--xyz\r\ngarbage"))).status).toBe(400);
    const form = '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nada@example.com\r\n--xyz--\r\n';
    expect((await proxy(post("/sign-in", multipart, form))).status).toBe(200);
  });
});

