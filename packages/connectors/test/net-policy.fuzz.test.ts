import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzParams } from "../../../tooling/fuzz";
import { createOutboundPolicy, OutboundPolicyError, urlUnderBase } from "../src";

/*
 * Property-based tests of the outbound URL rules. No traffic at all: the path
 * rule is pure, and addresses are checked with checkHost (a URL's host as the
 * WHATWG parser normalises it), never fetched.
 */

/** Pieces attackers combine: schemes, slashes in every spelling, encodings, whitespace, userinfo, dots, hosts. */
const piece = fc.constantFrom(
  "/", "//", "\\", "\\\\", "%2F", "%2f", "%5C", "%5c", "%252F", "%25", "%", ":", "@", "?", "#", "&", "=", ".", "..", "%2e", "%2E%2E",
  "\t", "\n", "\r", " ", "%09", "%0a", "%00", "\u0000", "\u3002", "\uff0f", "\uff3c",
  "http:", "https:", "HTTP:", "file:", "javascript:", "//attacker.example", "attacker.example", "127.0.0.1", "[::1]", "169.254.169.254", ":8080", "0x7f.1",
);
const text = fc.string({ unit: "grapheme", maxLength: 6 });
const path = fc.array(fc.oneof({ weight: 3, arbitrary: piece }, { weight: 1, arbitrary: text }), { maxLength: 12 }).map((parts) => `/${parts.join("")}`);

const base = fc
  .record({
    scheme: fc.constantFrom("http", "https"),
    host: fc.oneof(fc.domain(), fc.ipV4().map(String), fc.constantFrom("erp.internal", "[fd12::1]", "shop.example")),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    basePath: fc.constantFrom("", "/", "/api", "/api/v1/", "/a%2Fb"),
  })
  .map(({ scheme, host, port, basePath }) => `${scheme}://${host}${port === undefined ? "" : `:${port}`}${basePath}`);

describe("outbound URL rules (fuzz)", () => {
  it("a joined path keeps the connection's origin and base path, or is refused by the same-origin rule", () => {
    fc.assert(
      fc.property(base, path, (baseUrl, p) => {
        const origin = new URL(baseUrl);
        let joined: URL;
        try {
          joined = urlUnderBase(baseUrl, p);
        } catch (err) {
          // Refused: only ever by the policy's same-origin rule, never a stray TypeError.
          expect(err).toBeInstanceOf(OutboundPolicyError);
          expect((err as OutboundPolicyError).rule).toBe("same-origin");
          return;
        }
        expect(joined.origin).toBe(origin.origin);
        expect(joined.username + joined.password).toBe("");
        const basePath = origin.pathname.replace(/\/+$/, "");
        expect(joined.pathname === basePath || joined.pathname.startsWith(`${basePath}/`)).toBe(true);
        // Re-parsing what is sent must land on the same origin too (no host hidden in the serialised form).
        expect(new URL(joined.href).origin).toBe(origin.origin);
      }),
      fuzzParams("outbound.url-rules", { short: 200, long: 3000 }),
    );
  });

  /** Blocks written out here, independently of the implementation's range table. */
  const refusedBlocks: Array<{ prefix: number[]; bits: number; rule: string }> = [
    { prefix: [127], bits: 8, rule: "loopback" },
    { prefix: [10], bits: 8, rule: "private" },
    { prefix: [172, 16], bits: 12, rule: "private" },
    { prefix: [192, 168], bits: 16, rule: "private" },
    { prefix: [169, 254], bits: 16, rule: "link-local" },
    { prefix: [100, 64], bits: 10, rule: "cgnat" },
    { prefix: [0], bits: 8, rule: "unspecified" },
  ];
  const refusedAddress = fc.record({ block: fc.constantFrom(...refusedBlocks), n: fc.integer({ min: 0, max: 0xffffffff }) }).map(({ block, n }) => {
    const prefix = block.prefix.reduce((acc, octet, i) => acc + octet * 256 ** (3 - i), 0) >>> 0;
    const mask = block.bits === 0 ? 0 : (0xffffffff << (32 - block.bits)) >>> 0;
    const value = ((prefix & mask) | (n & ~mask)) >>> 0;
    return { value, rule: block.rule };
  });
  /** The spellings a URL accepts for one IPv4 address: dotted, one integer, hex, IPv4-mapped IPv6. */
  const spellings = (v: number) => {
    const octets = [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    const hex = (x: number) => x.toString(16);
    return [octets.join("."), String(v), `0x${hex(v)}`, `${octets[0]}.${(v & 0xffffff) >>> 0}`, `[::ffff:${octets.join(".")}]`, `[::ffff:${hex(v >>> 16)}:${hex(v & 0xffff)}]`];
  };

  it("every spelling of a loopback, private, link-local, CGNAT or unspecified address is refused without an allow-list", async () => {
    const policy = createOutboundPolicy({ resolve: async () => [] });
    await fc.assert(
      fc.asyncProperty(refusedAddress, fc.integer({ min: 0, max: 5 }), async ({ value, rule }, which) => {
        const spelling = spellings(value)[which]!;
        const host = new URL(`http://${spelling}/`).hostname;
        const err = await policy.checkHost(host, 80).then(() => null, (e: unknown) => e);
        expect(err, spelling).toBeInstanceOf(OutboundPolicyError);
        // Metadata addresses sit inside link-local and CGNAT space and carry their own rule.
        expect([rule, "metadata"]).toContain((err as OutboundPolicyError).rule);
      }),
      fuzzParams("outbound.address-rules", { short: 200, long: 3000 }),
    );
  });
});
