import ipaddr from "ipaddr.js";

/** Why an address is refused: the rule's short name (as errors print it) and what it means. */
export interface AddressRule {
  rule: string;
  description: string;
}

/**
 * Cloud instance-metadata endpoints: they hand out the machine's credentials, so they
 * get a rule of their own (most are link-local or unique-local anyway, but Alibaba's
 * sits in CGNAT space and deserves the clearer name).
 */
const METADATA = new Set(["169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192"]);

/** ipaddr.js range names → the rule name and description errors show. Anything not listed and not "unicast" is refused as "reserved". */
const RANGES: Record<string, AddressRule> = {
  loopback: { rule: "loopback", description: "a loopback address" },
  private: { rule: "private", description: "a private address (RFC 1918)" },
  uniqueLocal: { rule: "private", description: "a unique-local address (RFC 4193)" },
  linkLocal: { rule: "link-local", description: "a link-local address" },
  unspecified: { rule: "unspecified", description: "an unspecified address" },
  carrierGradeNat: { rule: "cgnat", description: "a carrier-grade NAT address (RFC 6598)" },
  multicast: { rule: "multicast", description: "a multicast address" },
  broadcast: { rule: "broadcast", description: "a broadcast address" },
  // NAT64, 6to4 and Teredo carry an IPv4 address inside an IPv6 one: a way round the IPv4 rules.
  rfc6052: { rule: "ipv4-embedded", description: "an IPv6 address that embeds an IPv4 address (NAT64)" },
  "6to4": { rule: "ipv4-embedded", description: "an IPv6 address that embeds an IPv4 address (6to4)" },
  teredo: { rule: "ipv4-embedded", description: "an IPv6 address that embeds an IPv4 address (Teredo)" },
};
const RESERVED: AddressRule = { rule: "reserved", description: "a reserved or special-purpose address" };

/** Parses an IP address (IPv4-mapped IPv6 becomes the IPv4 it maps), or null when it is not one. */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare)) return null;
  // ipaddr.process turns ::ffff:127.0.0.1 into 127.0.0.1, so the IPv4 rules apply to it.
  return ipaddr.process(bare);
}

/**
 * The rule that refuses an address by default, or null for an ordinary public
 * (unicast) address. Default-deny: every special-purpose range ipaddr.js knows
 * is refused, not only the ones listed by name.
 */
export function refusingRule(address: ipaddr.IPv4 | ipaddr.IPv6): AddressRule | null {
  if (METADATA.has(address.toNormalizedString()) || METADATA.has(address.toString())) {
    return { rule: "metadata", description: "a cloud metadata address" };
  }
  const range = address.range();
  if (range === "unicast") return null;
  return RANGES[range] ?? RESERVED;
}
