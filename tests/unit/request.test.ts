import { clientIp } from "@/lib/request";

describe("clientIp", () => {
  const original = process.env.TRUSTED_PROXY_HOPS;
  afterEach(() => {
    process.env.TRUSTED_PROXY_HOPS = original;
  });

  it("takes the address Next.js or the nearest proxy recorded: the rightmost", () => {
    delete process.env.TRUSTED_PROXY_HOPS;
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.1, 203.0.113.5" }))).toBe("203.0.113.5");
  });

  it("with two trusted proxies, skips the address the outer proxy added", () => {
    process.env.TRUSTED_PROXY_HOPS = "2";
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.1, 10.0.0.2" }))).toBe("198.51.100.1");
  });

  it("is null when nothing says where the request came from", () => {
    expect(clientIp(new Headers())).toBeNull();
  });
});
