import ipaddr from "ipaddr.js";
import { parseAddress } from "./address-rules";

/**
 * An entry of IPAAS_OUTBOUND_ALLOW: a host name (`erp.internal`, `*.corp.example`),
 * an address (`10.1.2.3`, `[fd12::1]`) or a range (`10.0.0.0/8`), each with an
 * optional port (`127.0.0.1:3101`, `erp.internal:8443`, `[::1]:3101`). An entry opens
 * exactly what it names: a host entry the addresses that name resolves to, an
 * address or range entry those addresses whatever name led there.
 */
export type AllowEntry =
  | { kind: "host"; host: string; wildcard: boolean; port?: number; text: string }
  | { kind: "range"; range: [ipaddr.IPv4 | ipaddr.IPv6, number]; port?: number; text: string };

export class AllowListError extends Error {}

function portOf(text: string, entry: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65535) throw new AllowListError(`IPAAS_OUTBOUND_ALLOW: "${entry}" has an invalid port`);
  return port;
}

function rangeOf(text: string, entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  if (text.includes("/")) {
    try {
      const [address, bits] = ipaddr.parseCIDR(text);
      // A mapped IPv6 range is written for IPv4 addresses: compare it as IPv4, like the addresses.
      if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
      return [address, bits];
    } catch {
      throw new AllowListError(`IPAAS_OUTBOUND_ALLOW: "${entry}" is not a valid address range`);
    }
  }
  const address = parseAddress(text);
  return address ? [address, address.kind() === "ipv4" ? 32 : 128] : null;
}

const HOST = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

function parseEntry(entry: string): AllowEntry {
  if (entry.includes("://")) throw new AllowListError(`IPAAS_OUTBOUND_ALLOW: "${entry}" is a URL; write its host and port only (e.g. erp.internal:8443)`);
  let target = entry;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  if (bracketed) {
    target = bracketed[1] ?? "";
    if (bracketed[2] !== undefined) port = portOf(bracketed[2], entry);
  } else if ((entry.match(/:/g) ?? []).length === 1) {
    // One colon: host:port or address:port (a bare IPv6 address has several).
    const at = entry.lastIndexOf(":");
    target = entry.slice(0, at);
    port = portOf(entry.slice(at + 1), entry);
  }
  const range = rangeOf(target, entry);
  if (range) return { kind: "range", range, ...(port === undefined ? {} : { port }), text: entry };
  const host = target.toLowerCase().replace(/\.$/, "");
  if (!HOST.test(host)) throw new AllowListError(`IPAAS_OUTBOUND_ALLOW: "${entry}" is not a host name, address or address range`);
  const wildcard = host.startsWith("*.");
  return { kind: "host", host: wildcard ? host.slice(1) : host, wildcard, ...(port === undefined ? {} : { port }), text: entry };
}

/** Parses the comma- or whitespace-separated list; a malformed entry throws naming it (so start-up fails). */
export function parseAllowList(spec: string | readonly string[] | undefined): AllowEntry[] {
  const items = typeof spec === "string" ? spec.split(/[\s,]+/) : (spec ?? []);
  return items.map((s) => s.trim()).filter((s) => s !== "").map(parseEntry);
}

const portMatches = (entry: AllowEntry, port: number) => entry.port === undefined || entry.port === port;

/** The entry that opens this host name on this port (for every address it resolves to), if any. */
export function allowsHost(entries: readonly AllowEntry[], hostname: string, port: number): AllowEntry | undefined {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return entries.find((e) => e.kind === "host" && portMatches(e, port) && (e.wildcard ? name.endsWith(e.host) && name.length > e.host.length : name === e.host));
}

/** The entry that opens this address on this port, if any. */
export function allowsAddress(entries: readonly AllowEntry[], address: ipaddr.IPv4 | ipaddr.IPv6, port: number): AllowEntry | undefined {
  return entries.find((e) => e.kind === "range" && portMatches(e, port) && e.range[0].kind() === address.kind() && address.match(e.range));
}
