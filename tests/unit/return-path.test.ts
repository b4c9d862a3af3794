import { safeReturnPath } from "@/lib/return-path";

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
