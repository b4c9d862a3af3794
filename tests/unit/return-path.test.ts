import { safeReturnPath, signUpPath } from "@/lib/return-path";

describe("safeReturnPath", () => {
  it.each([
    ["/members?page=2", "/members?page=2"],
    ["/accept-invitation/inv_abc", "/accept-invitation/inv_abc"],
    ["/settings#api-keys", "/settings#api-keys"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it.each(["https://evil.example/", "//evil.example/path", "/\\evil.example", "javascript:alert(1)", "members", "/\u0000x", "", undefined, 42, ["/a"]])(
    "sends %p home instead",
    (input) => {
      expect(safeReturnPath(input)).toBe("/dashboard");
    },
  );
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
