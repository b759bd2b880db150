import { randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";
import type { TrustProxy } from "@ipaas/env";

/**
 * The client's address, for the sign-in rate limit and the audit log.
 *
 * X-Forwarded-For is whatever the client wrote unless a proxy we trust rewrote
 * it, and Next.js passes a client's own header through untouched (it only fills
 * it in when absent). So the address is resolved from the TCP socket when the
 * request arrives (Node's `http.server.request.start` diagnostics channel, which
 * fires before Next sees the request) and handed to the app in a header whose
 * name carries a random per-process token: a client cannot send it, and a request
 * that arrived before the resolver was installed simply has no address.
 */

interface ClientIpState {
  header?: string;
  installed?: boolean;
}
const globals = globalThis as typeof globalThis & { __ipaasClientIp?: ClientIpState };
// On globalThis: instrumentation and the route handlers are separate bundles in one process.
const state: ClientIpState = (globals.__ipaasClientIp ??= {});

/** The name of the header that carries the resolved address (lower case, unguessable). */
export function clientIpHeader(): string {
  return (state.header ??= `x-ipaas-client-ip-${randomBytes(12).toString("hex")}`);
}

/** The address resolved for this request, or null (not resolved: e.g. a request built in a test). */
export function clientIp(headers: Headers): string | null {
  return headers.get(clientIpHeader());
}

/** `::ffff:203.0.113.9` (an IPv4 client on a dual-stack socket) → `203.0.113.9`. */
function normalize(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

function trustedProxies(addresses: string[]): BlockList {
  const list = new BlockList();
  for (const entry of addresses) {
    const [address, prefix] = entry.split("/") as [string, string | undefined];
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

const familyOf = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/**
 * Who the client is, given the socket's peer and the X-Forwarded-For chain.
 * Without trusted proxies the peer is the client. With `hops`, the last `hops`
 * addresses of the chain (the peer included) are our proxies and the one before
 * them is the client. With `addresses`, the chain is walked from the peer
 * backwards while the address is a trusted proxy. An entry that is not an IP
 * address (a client may write anything before the first proxy) stops the walk at
 * the nearest proxy's view of it: the last trustworthy address.
 */
export function resolveClientIp(peer: string | undefined, forwardedFor: string | undefined, trust: TrustProxy): string | null {
  if (!peer || isIP(normalize(peer)) === 0) return null;
  const socketIp = normalize(peer);
  if (!trust) return socketIp;
  const chain = [...(forwardedFor ?? "").split(",").map((a) => normalize(a.trim())).filter(Boolean), socketIp];
  const isTrusted =
    "hops" in trust
      ? (index: number) => index > chain.length - 1 - trust.hops
      : ((list) => (index: number) => isIP(chain[index]!) !== 0 && list.check(chain[index]!, familyOf(chain[index]!)))(trustedProxies(trust.addresses));
  let index = chain.length - 1;
  while (index > 0 && isTrusted(index)) {
    if (isIP(chain[index - 1]!) === 0) return chain[index]!;
    index--;
  }
  return chain[index]!;
}

/**
 * Installs the resolver for every HTTP request this process serves (called once
 * from instrumentation at server start). Any header of the same name a client
 * sent is overwritten.
 */
export function installClientIpResolver(trust: TrustProxy): void {
  if (state.installed) return;
  state.installed = true;
  const header = clientIpHeader();
  subscribe("http.server.request.start", (message) => {
    const { request } = message as { request: IncomingMessage };
    const forwarded = request.headers["x-forwarded-for"];
    const ip = resolveClientIp(request.socket.remoteAddress, Array.isArray(forwarded) ? forwarded.join(",") : forwarded, trust);
    if (ip) request.headers[header] = ip;
    else delete request.headers[header];
  });
}
