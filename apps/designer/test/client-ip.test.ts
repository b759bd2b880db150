import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadDesignerEnv } from "@ipaas/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIpHeader, installClientIpResolver, resolveClientIp } from "../src/server/client-ip";

// The client address comes from the socket; X-Forwarded-For counts only through proxies we trust.
describe("resolveClientIp", () => {
  it("without trusted proxies the socket's peer is the client, whatever X-Forwarded-For says", () => {
    expect(resolveClientIp("198.51.100.7", "203.0.113.1", null)).toBe("198.51.100.7");
    expect(resolveClientIp("::ffff:198.51.100.7", undefined, null)).toBe("198.51.100.7");
    expect(resolveClientIp(undefined, "203.0.113.1", null)).toBeNull();
  });

  it("with N hops, the address before the last N is the client; what the client wrote before that is ignored", () => {
    // client wrote 203.0.113.1, the proxy (10.0.0.2) appended the real client 198.51.100.7
    expect(resolveClientIp("10.0.0.2", "203.0.113.1, 198.51.100.7", { hops: 1 })).toBe("198.51.100.7");
    expect(resolveClientIp("10.0.0.3", "203.0.113.1, 198.51.100.7, 10.0.0.2", { hops: 2 })).toBe("198.51.100.7");
    // reaching the designer directly, around the proxy: the peer is all there is
    expect(resolveClientIp("198.51.100.7", undefined, { hops: 1 })).toBe("198.51.100.7");
    // garbage where the client's address should be: the proxy's own address, not the garbage
    expect(resolveClientIp("10.0.0.2", "not-an-ip", { hops: 1 })).toBe("10.0.0.2");
  });

  it("with proxy addresses, the chain is walked back past trusted proxies only", () => {
    const trust = { addresses: ["10.0.0.0/24", "2001:db8::1"] };
    expect(resolveClientIp("10.0.0.2", "203.0.113.1, 198.51.100.7", trust)).toBe("198.51.100.7");
    expect(resolveClientIp("2001:db8::1", "198.51.100.7", trust)).toBe("198.51.100.7");
    // an untrusted peer is the client, even if it sends a chain
    expect(resolveClientIp("192.0.2.50", "203.0.113.1", trust)).toBe("192.0.2.50");
  });

  it("DESIGNER_TRUST_PROXY parses hops or addresses and names a bad entry", () => {
    const base = { DATABASE_URL: "postgres://a@b/c", REDIS_URL: "redis://x" };
    expect(loadDesignerEnv(base).DESIGNER_TRUST_PROXY).toBeNull();
    expect(loadDesignerEnv({ ...base, DESIGNER_TRUST_PROXY: "2" }).DESIGNER_TRUST_PROXY).toEqual({ hops: 2 });
    expect(loadDesignerEnv({ ...base, DESIGNER_TRUST_PROXY: "10.0.0.0/8, ::1" }).DESIGNER_TRUST_PROXY).toEqual({ addresses: ["10.0.0.0/8", "::1"] });
    expect(() => loadDesignerEnv({ ...base, DESIGNER_TRUST_PROXY: "10.0.0.0/40" })).toThrow(/DESIGNER_TRUST_PROXY: "10.0.0.0\/40"/);
  });
});

describe("installClientIpResolver", () => {
  let server: Server;
  let url: string;
  const seen: Array<IncomingMessage["headers"]> = [];

  beforeAll(async () => {
    installClientIpResolver(null);
    server = createServer((req, res) => {
      seen.push(req.headers);
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it("stamps each request with the socket's address, overriding a spoofed X-Forwarded-For", async () => {
    await fetch(url, { headers: { "x-forwarded-for": "203.0.113.66" } });
    expect(seen.at(-1)?.[clientIpHeader()]).toBe("127.0.0.1");
  });
});
