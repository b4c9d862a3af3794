import fc from "fast-check";
import { safeReturnPath, signUpPath } from "@/lib/http/return-path";
import { DOT_SEGMENT_REDIRECTS, ENCODED_ON_SITE, OFF_SITE, RETURN_PATH_CORPUS } from "../helpers/return-paths";

const ORIGIN = "https://team.example.com";

/** Where a browser goes when it gets `path` in a Location header on ORIGIN. */
const resolved = (path: string) => new URL(path, `${ORIGIN}/sign-in`);

describe("safeReturnPath", () => {
  it.each([
    ["/members?page=2", "/members?page=2"],
    ["/accept-invitation/inv_abc", "/accept-invitation/inv_abc"],
    ["/settings#api-keys", "/settings#api-keys"],
    ["/members/../settings", "/settings"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it.each([...DOT_SEGMENT_REDIRECTS, ...OFF_SITE])("sends %j home instead", (input) => {
    expect(safeReturnPath(input)).toBe("/dashboard");
  });

  it.each(ENCODED_ON_SITE)("keeps %j as a path on this site", (input) => {
    const path = safeReturnPath(input);
    expect(path).toMatch(/^\/(?![/\\])/);
    expect(resolved(path).origin).toBe(ORIGIN);
  });

  it.each([undefined, null, 42, ["/a"]])("sends %p home instead", (input) => {
    expect(safeReturnPath(input)).toBe("/dashboard");
  });

  it("sends a path over 2,000 characters home instead", () => {
    expect(safeReturnPath(`/${"a".repeat(2000)}`)).toBe("/dashboard");
  });

  it("honours the fallback it is given", () => {
    expect(safeReturnPath("/.//evil.example", "/sign-in")).toBe("/sign-in");
  });

  it("whatever it is given, returns a path that stays on this site and normalises to itself", () => {
    const segment = fc.constantFrom("", ".", "..", "%2e", "%2E%2e", "/", "\\", "%2f", "%5c", "evil.example", "a", "\t", "%09", "@", ":", "?", "#");
    const pathLike = fc.array(segment, { maxLength: 8 }).map((parts) => `/${parts.join("/")}`);
    fc.assert(
      fc.property(fc.oneof(pathLike, fc.string(), fc.webUrl(), fc.constantFrom(...RETURN_PATH_CORPUS)), (candidate) => {
        const path = safeReturnPath(candidate);
        expect(path).toMatch(/^\/(?![/\\])/);
        expect(path).not.toMatch(/[\u0000-\u001f\u007f\\]/);
        expect(resolved(path).origin).toBe(ORIGIN);
        expect(safeReturnPath(path)).toBe(path);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("signUpPath", () => {
  it("takes an invitation's token along, and comes back to the invitation", () => {
    expect(signUpPath("/accept-invitation/inv_Ab-9_z")).toBe("/sign-up?invitation=inv_Ab-9_z&callbackUrl=%2Faccept-invitation%2Finv_Ab-9_z");
  });

  it("only comes back elsewhere", () => {
    expect(signUpPath("/members?q=ann")).toBe("/sign-up?callbackUrl=%2Fmembers%3Fq%3Dann");
    expect(signUpPath("/accept-invitation/inv_x/extra")).toBe("/sign-up?callbackUrl=%2Faccept-invitation%2Finv_x%2Fextra");
    expect(signUpPath("/accept-invitation/%E0")).toBe("/sign-up?invitation=%25E0&callbackUrl=%2Faccept-invitation%2F%25E0");
  });
});
