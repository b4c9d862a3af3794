import net from "node:net";
import { NextRequest } from "next/server";

// The genuine next-auth/jwt, loaded by Node (jest can't load this ESM-only package itself).
jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);

import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/ready/route";
import { disconnectPrisma, prisma } from "@/lib/db/client";
import { freeLoopbackPort } from "@/lib/db/embedded";
import proxy from "@/proxy";

/** Load balancers' probes: GET /api/health (no database) and GET /api/ready (the database answers). */

const PASSWORD = "probe-secret-password";

/** Runs `check` with the app pointed at another database URL, then back at the test's own database. */
async function withDatabaseUrl(url: string, check: () => Promise<void>) {
  const own = process.env.DATABASE_URL;
  await disconnectPrisma();
  process.env.DATABASE_URL = url;
  try {
    await check();
  } finally {
    await disconnectPrisma();
    process.env.DATABASE_URL = own;
  }
}

/** Asks /api/ready and expects a 503 problem that names no part of the connection string. */
async function expectNotReady() {
  const logged = jest.spyOn(console, "error").mockImplementation(() => {});
  try {
    const response = await ready();
    const text = await response.text();
    expect({ status: response.status, type: response.headers.get("content-type"), cache: response.headers.get("cache-control") }).toEqual({
      status: 503,
      type: "application/problem+json",
      cache: "no-store",
    });
    expect(JSON.parse(text)).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", title: "Service unavailable" });
    expect(text).not.toContain(PASSWORD);
    expect(logged).toHaveBeenCalled();
    expect(JSON.stringify(logged.mock.calls)).not.toContain(PASSWORD);
  } finally {
    logged.mockRestore();
  }
}

describe("GET /api/health", () => {
  it("answers 200 without touching the database", async () => {
    const port = await freeLoopbackPort();
    await withDatabaseUrl(`postgresql://teamhub:${PASSWORD}@127.0.0.1:${port}/nothing`, async () => {
      const response = health();
      expect({ status: response.status, cache: response.headers.get("cache-control"), body: await response.json() }).toEqual({
        status: 200,
        cache: "no-store",
        body: { status: "ok" },
      });
    });
  });
});

describe("GET /api/ready", () => {
  it("answers 200 when the database answers", async () => {
    // A connection is open, as in a running server: on a loaded test machine the first one (and
    // the client's start) can outlast the probe's 3 s, which would count as "not ready".
    await prisma.$queryRaw`SELECT 1`;
    const response = await ready();
    expect({ status: response.status, cache: response.headers.get("cache-control"), body: await response.json() }).toEqual({
      status: 200,
      cache: "no-store",
      body: { status: "ready" },
    });
  });

  it("answers 503 problem+json when nothing listens where the database should be", async () => {
    const port = await freeLoopbackPort();
    await withDatabaseUrl(`postgresql://teamhub:${PASSWORD}@127.0.0.1:${port}/teamhub`, expectNotReady);
  });

  it("answers 503 when the database accepts the connection but never answers", async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      await withDatabaseUrl(`postgresql://teamhub:${PASSWORD}@127.0.0.1:${port}/teamhub`, async () => {
        await expectNotReady();
        // Let the hanging connection attempt fail before the pool is closed.
        for (const socket of sockets) socket.destroy();
      });
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe("proxy.ts", () => {
  it("lets signed-out probes through to both routes", async () => {
    for (const path of ["/api/health", "/api/ready"]) {
      const response = await proxy(new NextRequest(`http://localhost:3000${path}`));
      expect({ path, status: response.status, location: response.headers.get("location") }).toEqual({ path, status: 200, location: null });
    }
  });
});
