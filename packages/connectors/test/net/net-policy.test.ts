import net from "node:net";
import ipaddr from "ipaddr.js";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AllowListError, createOutboundPolicy, OutboundPolicyError, parseAllowList, refusingRule } from "../../src";
import { startCanary, tableResolver, type Canary } from "./canary";

/*
 * The outbound network policy. Traffic goes to loopback only: private, link-local
 * and metadata addresses come from an injected resolver (or are literals), and the
 * tests assert the refusal happens before any socket is opened (net.connect is
 * watched), never by sending anything there.
 */

let canary: Canary;
let other: Canary;
beforeAll(async () => {
  other = await startCanary();
  canary = await startCanary((req, res) => {
    if (req.url === "/same") return res.writeHead(302, { location: "/landed" }).end();
    if (req.url === "/see-other") return res.writeHead(303, { location: "/landed" }).end();
    if (req.url === "/away") return res.writeHead(302, { location: `${other.url}/steal` }).end();
    if (req.url === "/loop") return res.writeHead(307, { location: "/loop" }).end();
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ path: req.url, method: req.method }));
  });
});
afterAll(async () => {
  await canary.close();
  await other.close();
});
afterEach(() => vi.restoreAllMocks());

const rejection = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
const AUTH = { authorization: "Bearer canary-token-5f1e" };

describe("address rules", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.169.254", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["100.64.0.1", "cgnat"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["64:ff9b::7f00:1", "ipv4-embedded"],
    ["::ffff:10.0.0.1", "private"],
  ])("%s is refused by the %s rule", (address, rule) => {
    expect(refusingRule(ipaddr.process(address))?.rule).toBe(rule);
  });

  it("lets public addresses through", () => {
    for (const address of ["93.184.215.14", "2606:4700::6810:84e5", "8.8.8.8"]) expect(refusingRule(ipaddr.process(address))).toBeNull();
  });
});

describe("before any connection", () => {
  it.each([
    ["http://169.254.169.254/latest/meta-data/", "metadata"],
    ["http://[fd00:ec2::254]/latest/", "metadata"],
    ["http://100.100.100.200/latest/meta-data/", "metadata"],
    ["http://10.0.0.5/", "private"],
    ["http://[::ffff:169.254.169.254]/", "metadata"],
    ["http://0x7f.1/", "loopback"],
    ["http://2130706433/", "loopback"],
    ["http://internal.test/", "private"],
    ["http://meta.test/latest/", "metadata"],
    ["http://linklocal.test/", "link-local"],
    ["http://mixed.test/", "private"],
  ])("%s is refused (%s) and no socket is opened", async (url, rule) => {
    const connect = vi.spyOn(net, "connect");
    const { resolve } = tableResolver({ "internal.test": "192.168.0.10", "meta.test": "169.254.169.254", "linklocal.test": "fe80::1", "mixed.test": ["93.184.215.14", "10.9.9.9"] });
    const policy = createOutboundPolicy({ resolve });
    const err = await rejection(policy.fetch(url, { headers: AUTH }));
    expect(err).toBeInstanceOf(OutboundPolicyError);
    expect(err).toMatchObject({ rule, errorClass: "non_retryable", code: "OUTBOUND_REFUSED" });
    expect((err as Error).message).toMatch(new RegExp(`^refused by the outbound network policy: .*\\(rule: ${rule}\\); an admin can allow it with IPAAS_OUTBOUND_ALLOW$`));
    expect(connect).not.toHaveBeenCalled();
    await policy.close();
  });

  it("refuses schemes other than http(s)", async () => {
    const policy = createOutboundPolicy();
    for (const url of ["file:///etc/passwd", "ftp://example.com/", "gopher://127.0.0.1:70/"]) {
      expect(await rejection(policy.fetch(url))).toMatchObject({ rule: "scheme" });
    }
  });

  it("names the rule and the address in the message, never the path or a header", async () => {
    const policy = createOutboundPolicy();
    const err = (await rejection(policy.fetch(`${canary.url}/secret-path?token=abc`, { headers: AUTH }))) as Error;
    expect(err.message).toBe("refused by the outbound network policy: 127.0.0.1 is a loopback address (rule: loopback); an admin can allow it with IPAAS_OUTBOUND_ALLOW");
  });
});

describe("a DNS name that resolves to loopback", () => {
  it("is refused, and the canary gets nothing (no request, no Authorization header)", async () => {
    const { resolve, asked } = tableResolver({ "attacker.test": "127.0.0.1" });
    const policy = createOutboundPolicy({ resolve });
    const before = canary.requests.length;
    const err = await rejection(policy.fetch(`http://attacker.test:${canary.port}/steal`, { headers: AUTH }));
    expect(err).toMatchObject({ rule: "loopback", message: expect.stringContaining("attacker.test resolves to 127.0.0.1, a loopback address") });
    expect(asked).toEqual(["attacker.test"]);
    expect(canary.requests.length).toBe(before);
    expect(canary.requests.some((r) => r.headers.authorization !== undefined)).toBe(false);
    await policy.close();
  });

  it("is reached at the address that was checked when its name is on the allow-list", async () => {
    // sim.test exists only in the injected table: the request can only arrive if the socket used the checked address.
    const { resolve, asked } = tableResolver({ "sim.test": "127.0.0.1" });
    const policy = createOutboundPolicy({ resolve, allow: `sim.test:${canary.port}` });
    // The same watch as in the refusals above sees this socket: their "not called" means something.
    const connect = vi.spyOn(net, "connect");
    const res = await policy.fetch(`http://sim.test:${canary.port}/hello`);
    expect(await res.json()).toEqual({ path: "/hello", method: "GET" });
    expect(connect).toHaveBeenCalledWith(expect.objectContaining({ host: "127.0.0.1", port: String(canary.port) }));
    expect(canary.requests.at(-1)?.headers.host).toBe(`sim.test:${canary.port}`);
    // One resolution, checked and then used for the socket: no second lookup a rebinding DNS server could answer differently.
    expect(asked).toEqual(["sim.test"]);
    await policy.close();
  });
});

describe("redirects", () => {
  const policy = createOutboundPolicy({ allow: "127.0.0.1" });
  afterAll(() => policy.close());

  it("follows a same-origin redirect", async () => {
    const res = await policy.fetch(`${canary.url}/same`, { headers: AUTH });
    expect(await res.json()).toEqual({ path: "/landed", method: "GET" });
  });

  it("turns a POST answered 303 into a GET without the body", async () => {
    const res = await policy.fetch(`${canary.url}/see-other`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(await res.json()).toEqual({ path: "/landed", method: "GET" });
  });

  it("refuses a redirect to another origin, even an allowed one: the other server gets nothing", async () => {
    const err = await rejection(policy.fetch(`${canary.url}/away`, { headers: AUTH }));
    expect(err).toMatchObject({ rule: "same-origin", message: expect.stringContaining(`redirects to another origin (127.0.0.1:${other.port})`) });
    expect(other.requests).toEqual([]);
  });

  it("stops after the redirect limit", async () => {
    expect(await rejection(policy.fetch(`${canary.url}/loop`))).toMatchObject({ rule: "redirects" });
  });

  it("answers a redirect as it is when asked to (alert webhooks)", async () => {
    const res = await policy.fetch(`${canary.url}/away`, { method: "POST", body: "{}", redirect: "manual" });
    expect(res.status).toBe(302);
    await res.body?.cancel();
    expect(other.requests).toEqual([]);
  });
});

describe("the allow-list opens exactly what it names", () => {
  const check = (allow: string, host: string, port: number, table: Record<string, string> = {}) =>
    createOutboundPolicy({ allow, resolve: tableResolver(table).resolve })
      .checkHost(host, port)
      .then(() => "allowed", (e: unknown) => (e instanceof OutboundPolicyError ? `refused:${e.rule}` : `error:${String(e)}`));

  it("an address with a port: that address on that port only", async () => {
    expect(await check("127.0.0.1:3101", "127.0.0.1", 3101)).toBe("allowed");
    expect(await check("127.0.0.1:3101", "127.0.0.1", 3102)).toBe("refused:loopback");
    expect(await check("127.0.0.1:3101", "127.0.0.2", 3101)).toBe("refused:loopback");
  });

  it("a range: every address in it, on any port", async () => {
    expect(await check("10.0.0.0/8", "10.1.2.3", 443)).toBe("allowed");
    expect(await check("10.0.0.0/8", "10.255.0.1", 8080)).toBe("allowed");
    expect(await check("10.0.0.0/8", "172.16.0.1", 443)).toBe("refused:private");
    expect(await check("10.0.0.0/8", "169.254.169.254", 80)).toBe("refused:metadata");
    expect(await check("fd12::/16", "fd12::1", 80)).toBe("allowed");
    expect(await check("fd12::/16", "fd13::1", 80)).toBe("refused:private");
  });

  it("a host name: that name (and what it resolves to), not another name resolving to the same address", async () => {
    const table = { "erp.internal": "10.0.0.5", "other.internal": "10.0.0.5", "a.corp.example": "10.2.0.1" };
    expect(await check("erp.internal", "erp.internal", 443, table)).toBe("allowed");
    expect(await check("ERP.Internal.", "erp.internal", 443, table)).toBe("allowed");
    expect(await check("erp.internal", "other.internal", 443, table)).toBe("refused:private");
    expect(await check("erp.internal:8443", "erp.internal", 443, table)).toBe("refused:private");
    expect(await check("*.corp.example", "a.corp.example", 443, table)).toBe("allowed");
    expect(await check("*.corp.example", "corp.example", 443, { "corp.example": "10.2.0.2" })).toBe("refused:private");
  });

  it("an IPv6 address in brackets, with a port", async () => {
    expect(await check("[::1]:3101", "::1", 3101)).toBe("allowed");
    expect(await check("[::1]:3101", "[::1]", 3101)).toBe("allowed");
    expect(await check("[::1]:3101", "::1", 80)).toBe("refused:loopback");
  });

  it("refuses malformed entries, naming them", () => {
    for (const bad of ["10.0.0.0/33", "erp.internal:99999", "http://erp.internal", "a b/c", "host:"]) {
      expect(() => parseAllowList(bad)).toThrow(AllowListError);
    }
    expect(() => parseAllowList("ok.example, http://bad")).toThrow('IPAAS_OUTBOUND_ALLOW: "http://bad"');
    expect(parseAllowList(" erp.internal , 10.0.0.0/8 127.0.0.1:3101 ").map((e) => e.text)).toEqual(["erp.internal", "10.0.0.0/8", "127.0.0.1:3101"]);
  });
});
