import { splitAddressList, uniqueAddresses } from "@/lib/address-list";

describe("address lists as typed or pasted (Invite members)", () => {
  it("splits on commas, semicolons, spaces, tabs and new lines, dropping empty entries", () => {
    expect(splitAddressList(" ada@example.com,grace@example.com;\n\talan@example.com  \r\n, ;bob@example.com,,")).toEqual([
      "ada@example.com",
      "grace@example.com",
      "alan@example.com",
      "bob@example.com",
    ]);
    expect(splitAddressList(" ,\n ; ")).toEqual([]);
  });

  it("keeps each address once, trimmed, whatever its letter case, in the order first given", () => {
    expect(uniqueAddresses([" Ada@Example.com", "grace@example.com", "ada@example.com ", "ADA@EXAMPLE.COM", "Grace@example.com", "nope"])).toEqual([
      "Ada@Example.com",
      "grace@example.com",
      "nope",
    ]);
  });
});
