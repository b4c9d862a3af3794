import { clientIp } from "@/lib/http/client-ip";

const { recordPeer } = require("../../lib/cli/server.cjs") as {
  recordPeer(headers: Record<string, string | string[] | undefined>, peer: string | undefined, hops: number): void;
};

/** What lib/http/client-ip.ts sees after the production server handled a request from `peer`. */
function seen(headers: Record<string, string>, peer: string, hops: number) {
  const raw: Record<string, string | string[] | undefined> = { ...headers };
  recordPeer(raw, peer, hops);
  process.env.TRUSTED_PROXY_HOPS = String(hops);
  return new Headers(raw as Record<string, string>);
}

describe("client addresses", () => {
  const original = process.env.TRUSTED_PROXY_HOPS;
  afterEach(() => {
    process.env.TRUSTED_PROXY_HOPS = original;
  });

  it("without proxies, is the socket's address whatever X-Forwarded-For the client sends", () => {
    const headers = seen({ "x-forwarded-for": "6.6.6.6", "x-forwarded-host": "evil.example", "x-real-ip": "7.7.7.7" }, "198.51.100.1", 0);
    expect(clientIp(headers)).toBe("198.51.100.1");
    expect(headers.get("x-forwarded-host")).toBeNull();
    expect(headers.get("x-real-ip")).toBeNull();
  });

  it("behind one proxy, is the address that proxy saw, not what the client claimed", () => {
    // The client claimed 6.6.6.6; the proxy (10.0.0.2) appended the real client 203.0.113.5.
    const headers = seen({ "x-forwarded-for": "6.6.6.6, 203.0.113.5", "x-forwarded-host": "team.example.com" }, "10.0.0.2", 1);
    expect(clientIp(headers)).toBe("203.0.113.5");
    expect(headers.get("x-forwarded-host")).toBe("team.example.com");
  });

  it("behind two proxies, skips both", () => {
    const headers = seen({ "x-forwarded-for": "6.6.6.6, 198.51.100.1, 10.0.0.3" }, "10.0.0.2", 2);
    expect(clientIp(headers)).toBe("198.51.100.1");
  });

  it("is null when nothing says where the request came from", () => {
    expect(clientIp(new Headers())).toBeNull();
  });
});
