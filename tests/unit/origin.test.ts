import { appOriginOf, isSameOrigin, requestOriginOf } from "@/lib/http/origin";

const headers = (values: Record<string, string>) => new Headers(values);

describe("the app's public origin", () => {
  afterEach(() => {
    delete process.env.APP_URL;
  });

  it("is APP_URL's origin when set, whatever the request says", () => {
    process.env.APP_URL = "https://team.example.com/some/path";
    expect(appOriginOf(headers({ host: "0.0.0.0:3000" }))).toBe("https://team.example.com");
  });

  it("is otherwise the host the client used, with the protocol a trusted proxy reports", () => {
    expect(appOriginOf(headers({ host: "team.example.com:8080" }))).toBe("http://team.example.com:8080");
    expect(appOriginOf(headers({ host: "10.0.0.5:3000", "x-forwarded-host": "team.example.com", "x-forwarded-proto": "https, http" }))).toBe("https://team.example.com");
    expect(appOriginOf(headers({ host: "[::1]:3000" }))).toBe("http://[::1]:3000");
  });

  it("is never made of a malformed host", () => {
    for (const host of ["a b", "evil.example/x", "evil.example?x", "user@evil.example", "evil.example:port", "[::1", ""]) {
      expect(requestOriginOf(headers({ host }))).toBeNull();
      expect(() => appOriginOf(headers({ host }))).toThrow("The Host header is malformed.");
    }
  });
});

describe("isSameOrigin", () => {
  const host = "team.example.com";

  it("accepts what a browser sends from this site's own pages", () => {
    expect(isSameOrigin(headers({ host, origin: "https://team.example.com", "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameOrigin(headers({ host, origin: "https://team.example.com" }))).toBe(true);
    expect(isSameOrigin(headers({ host, "sec-fetch-site": "same-origin" }))).toBe(true);
  });

  it("refuses anything else, including a matching Sec-Fetch-Site with a foreign Origin", () => {
    for (const sent of <Record<string, string>[]>[
      {},
      { origin: "https://evil.example" },
      { origin: "https://team.example.com.evil.example" },
      { origin: "null" },
      { origin: "garbage" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: "https://team.example.com" },
      { "sec-fetch-site": "same-origin", origin: "https://evil.example" },
    ]) {
      expect(isSameOrigin(headers({ host, ...sent }))).toBe(false);
    }
  });
});
