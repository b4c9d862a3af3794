import { BlockList, isIP } from "node:net";

/**
 * Which IP addresses a webhook may be delivered to: only public unicast
 * ones. Checked on every address a host resolves to, at delivery time,
 * and the connection then goes to the address that was checked
 * (lib/webhooks/http.ts), so a DNS answer that changes in between (DNS
 * rebinding) can't reach anything refused here.
 */

type Range = { network: string; prefix: number; reason: string };

const IPV4_RANGES: Range[] = [
  { network: "0.0.0.0", prefix: 8, reason: "a \"this network\" address" },
  { network: "10.0.0.0", prefix: 8, reason: "a private address" },
  { network: "100.64.0.0", prefix: 10, reason: "a shared (carrier-grade NAT) address" },
  { network: "127.0.0.0", prefix: 8, reason: "a loopback address" },
  // 169.254.169.254 is the metadata service of AWS, Google Cloud, Azure and others.
  { network: "169.254.0.0", prefix: 16, reason: "a link-local address (cloud metadata services live here)" },
  { network: "172.16.0.0", prefix: 12, reason: "a private address" },
  // Includes 192.0.0.192, Oracle Cloud's metadata service.
  { network: "192.0.0.0", prefix: 24, reason: "a reserved address" },
  { network: "192.0.2.0", prefix: 24, reason: "a documentation address" },
  { network: "192.88.99.0", prefix: 24, reason: "a reserved address" },
  { network: "192.168.0.0", prefix: 16, reason: "a private address" },
  { network: "198.18.0.0", prefix: 15, reason: "a benchmarking address" },
  { network: "198.51.100.0", prefix: 24, reason: "a documentation address" },
  { network: "203.0.113.0", prefix: 24, reason: "a documentation address" },
  { network: "224.0.0.0", prefix: 4, reason: "a multicast address" },
  { network: "240.0.0.0", prefix: 4, reason: "a reserved address" },
];

const IPV6_RANGES: Range[] = [
  { network: "::", prefix: 128, reason: "the unspecified address" },
  { network: "::1", prefix: 128, reason: "a loopback address" },
  // IPv4-compatible (deprecated); IPv4-mapped (::ffff:0:0/96) and NAT64 are checked as the IPv4 address they carry.
  { network: "::", prefix: 96, reason: "a reserved address" },
  { network: "64:ff9b:1::", prefix: 48, reason: "a private NAT64 address" },
  { network: "100::", prefix: 64, reason: "a discard address" },
  { network: "2001::", prefix: 23, reason: "a reserved address" },
  { network: "2001:db8::", prefix: 32, reason: "a documentation address" },
  { network: "2002::", prefix: 16, reason: "a 6to4 address" },
  // Includes fd00:ec2::254, the metadata service of AWS over IPv6.
  { network: "fc00::", prefix: 7, reason: "a private (unique local) address" },
  { network: "fe80::", prefix: 10, reason: "a link-local address" },
  { network: "fec0::", prefix: 10, reason: "a site-local address" },
  { network: "ff00::", prefix: 8, reason: "a multicast address" },
];

function blockListOf(ranges: Range[], family: "ipv4" | "ipv6") {
  return ranges.map((range) => {
    const list = new BlockList();
    list.addSubnet(range.network, range.prefix, family);
    return { list, reason: range.reason };
  });
}

const IPV4 = blockListOf(IPV4_RANGES, "ipv4");
const IPV6 = blockListOf(IPV6_RANGES, "ipv6");

/** The eight 16-bit groups of an IPv6 address (which may end in a dotted IPv4 address). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split("%")[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const parse = (part: string | undefined) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  const zeros = tail === undefined ? [] : Array<number>(8 - front.length - back.length).fill(0);
  return [...front, ...zeros, ...back];
}

/** The IPv4 address an IPv6 one carries in its last 32 bits, when it is IPv4-mapped or NAT64 (64:ff9b::/96). */
function embeddedIpv4(address: string): string | null {
  const groups = ipv6Groups(address);
  const prefix = groups.slice(0, 6).join(":");
  if (prefix !== "0:0:0:0:0:65535" && prefix !== "100:65435:0:0:0:0") return null;
  const [high, low] = [groups[6]!, groups[7]!];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/**
 * Why a webhook may not be delivered to this IP address (loopback,
 * private, link-local, multicast, cloud metadata, reserved…), or null when
 * it is a public address. Not an IP address at all: refused too.
 */
export function refusedAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 4) return IPV4.find(({ list }) => list.check(address, "ipv4"))?.reason ?? null;
  if (family === 6) {
    const ipv4 = embeddedIpv4(address);
    if (ipv4) return refusedAddressReason(ipv4);
    return IPV6.find(({ list }) => list.check(address, "ipv6"))?.reason ?? null;
  }
  return "not an IP address";
}
