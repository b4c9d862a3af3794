import { refusedAddressReason } from "@/lib/webhooks/addresses";
import { webhookUrlRefusal } from "@/lib/webhooks/settings";

/** Which resolved addresses a webhook may reach (lib/webhooks/addresses.ts): public unicast ones only. */

const REFUSED: [string, RegExp][] = [
  ["127.0.0.1", /loopback/],
  ["127.255.255.254", /loopback/],
  ["0.0.0.0", /this network/],
  ["0.1.2.3", /this network/],
  ["10.0.0.1", /private/],
  ["172.16.0.1", /private/],
  ["172.31.255.255", /private/],
  ["192.168.1.1", /private/],
  ["100.64.0.1", /shared/],
  ["100.100.100.200", /shared/],
  ["169.254.169.254", /link-local.*metadata/],
  ["169.254.0.1", /link-local/],
  ["192.0.0.192", /reserved/],
  ["192.0.2.10", /documentation/],
  ["198.18.0.1", /benchmarking/],
  ["224.0.0.1", /multicast/],
  ["239.255.255.250", /multicast/],
  ["240.0.0.1", /reserved/],
  ["255.255.255.255", /reserved/],
  ["::1", /loopback/],
  ["::", /unspecified/],
  ["::ffff:127.0.0.1", /loopback/],
  ["::ffff:7f00:1", /loopback/],
  ["::ffff:169.254.169.254", /metadata/],
  ["::ffff:10.1.2.3", /private/],
  ["64:ff9b::a9fe:a9fe", /metadata/],
  ["64:ff9b::127.0.0.1", /loopback/],
  ["64:ff9b:1::1", /NAT64/],
  ["::127.0.0.1", /reserved/],
  ["fc00::1", /unique local/],
  ["fd00:ec2::254", /unique local/],
  ["fe80::1", /link-local/],
  ["fe80::1%eth0", /link-local/],
  ["fec0::1", /site-local/],
  ["ff02::1", /multicast/],
  ["2001:db8::1", /documentation/],
  ["2001::1", /reserved/],
  ["2002:7f00:1::1", /6to4/],
  ["100::1", /discard/],
  ["example.com", /not an IP address/],
];

const ALLOWED = ["93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "2a00:1450:4001:830::200e", "::ffff:93.184.215.14", "64:ff9b::808:808"];

describe("refusedAddressReason", () => {
  it.each(REFUSED)("refuses %s", (address, reason) => {
    expect(refusedAddressReason(address)).toMatch(reason);
  });

  it.each(ALLOWED)("allows the public address %s", (address) => {
    expect(refusedAddressReason(address)).toBeNull();
  });
});

describe("webhookUrlRefusal (when an endpoint is saved)", () => {
  const env = { ...process.env };
  afterEach(() => {
    process.env = { ...env };
  });

  it("refuses what can't work or shouldn't be stored", () => {
    expect(webhookUrlRefusal("not a url")).toMatch(/full URL/);
    expect(webhookUrlRefusal("ftp://example.com/x")).toMatch(/https/);
    expect(webhookUrlRefusal("https://user:secret@example.com/x")).toMatch(/user name and password/);
    expect(webhookUrlRefusal("https://example.com/x#part")).toMatch(/fragment/);
    expect(webhookUrlRefusal("https://example.com/webhooks")).toBeNull();
  });

  it("refuses private address literals and localhost, unless the development switch is on", () => {
    for (const url of ["http://127.0.0.1:8080/x", "https://[::1]/x", "https://169.254.169.254/latest/meta-data", "https://localhost/x", "https://api.localhost/x", "https://2130706433/x"]) {
      expect({ url, refusal: webhookUrlRefusal(url) }).toEqual({ url, refusal: expect.stringMatching(/public address/) });
    }
    process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = "true";
    expect(webhookUrlRefusal("http://127.0.0.1:8080/x")).toBeNull();
  });

  it("takes https only in production (http too with the development switch)", () => {
    Object.assign(process.env, { NODE_ENV: "production" });
    expect(webhookUrlRefusal("http://example.com/x")).toBe("Use an https:// URL.");
    expect(webhookUrlRefusal("https://example.com/x")).toBeNull();
    process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = "true";
    expect(webhookUrlRefusal("http://example.com/x")).toBeNull();
    Object.assign(process.env, { NODE_ENV: "test" });
    delete process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES;
    expect(webhookUrlRefusal("http://example.com/x")).toBeNull();
  });
});
