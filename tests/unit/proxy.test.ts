import { NextRequest } from "next/server";

// The genuine next-auth/jwt, loaded by Node (jest can't load this ESM-only package itself).
jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);

import proxy from "@/proxy";
import { nextAuthJwt } from "../helpers/next-auth-jwt";

async function sessionCookie(userId: string) {
  const token = await nextAuthJwt.encode({ token: { sub: userId }, secret: process.env.AUTH_SECRET!, salt: "authjs.session-token" });
  return `authjs.session-token=${token}`;
}

const request = (path: string, headers: Record<string, string> = {}) => new NextRequest(`http://localhost:3000${path}`, { headers });

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
});
