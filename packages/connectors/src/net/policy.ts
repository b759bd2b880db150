import { lookup as dnsLookup } from "node:dns/promises";
import { StepError } from "@ipaas/flow";
import { Agent, buildConnector, fetch as undiciFetch, type Response } from "undici";
import { parseAddress, refusingRule } from "./address-rules";
import { allowsAddress, allowsHost, parseAllowList, type AllowEntry } from "./allow-list";

/** Resolves a host name to its addresses (injected in tests, so no private address is ever contacted). */
export type Resolver = (hostname: string) => Promise<ReadonlyArray<{ address: string }>>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * A request the policy refused, before any connection was made. Non-retryable (the
 * same request would be refused again); the message names the rule and never the
 * URL's path or query, which may hold credentials.
 */
export class OutboundPolicyError extends StepError {
  constructor(reason: string, readonly rule: string, options: { allowable?: boolean } = {}) {
    const hint = options.allowable === false ? "" : "; an admin can allow it with IPAAS_OUTBOUND_ALLOW";
    super(`refused by the outbound network policy: ${reason} (rule: ${rule})${hint}`, "non_retryable", "OUTBOUND_REFUSED", { rule });
    this.name = "OutboundPolicyError";
  }
}

export interface OutboundPolicyOptions {
  /** IPAAS_OUTBOUND_ALLOW's entries (see allow-list.ts); malformed ones throw. */
  allow?: string | readonly string[];
  resolve?: Resolver;
  maxRedirects?: number;
}

export interface OutboundRequestInit {
  method?: string;
  headers?: Record<string, string>;
  /** Bytes for binary bodies (AS2's S/MIME, docs/architecture.md "EDI transports"). */
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** "manual": a redirect is answered as it is (alert webhooks report it); default: same-origin redirects are followed. */
  redirect?: "follow" | "manual";
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_MAX_REDIRECTS = 5;
const CONNECT_TIMEOUT_MS = 10_000;
const defaultPort = (protocol: string) => (protocol === "https:" ? 443 : 80);

/**
 * The outbound network policy: every request made on a user's behalf (connectors,
 * OAuth token URLs, alert webhooks, designer test runs) goes through `fetch` here.
 * The host's addresses are checked when the socket is opened, and the socket is
 * opened to the address that was checked: a DNS answer that changes between check
 * and connect (rebinding) cannot slip through. Redirects are followed by hand, and
 * only within the same origin.
 */
export class OutboundPolicy {
  readonly allowList: readonly AllowEntry[];
  private readonly resolver: Resolver;
  private readonly maxRedirects: number;
  private agent: Agent | undefined;

  constructor(options: OutboundPolicyOptions = {}) {
    this.allowList = parseAllowList(options.allow);
    this.resolver = options.resolve ?? systemResolver;
    this.maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  }

  /**
   * The addresses a socket to hostname:port may use, all checked; the first is the
   * one to connect to. Throws OutboundPolicyError; DNS failures throw as they are
   * (a network error the caller may retry).
   */
  async checkHost(hostname: string, port: number): Promise<string[]> {
    const literal = parseAddress(hostname);
    const hostEntry = literal ? undefined : allowsHost(this.allowList, hostname, port);
    const addresses = literal ? [literal] : (await this.resolver(hostname)).map((a) => parseAddress(a.address)).filter((a) => a !== null);
    if (addresses.length === 0) throw new StepError(`${hostname} did not resolve to an address`, "retryable", "NETWORK_ERROR");
    if (hostEntry) return addresses.map(String);
    for (const address of addresses) {
      const refused = refusingRule(address);
      if (!refused || allowsAddress(this.allowList, address, port)) continue;
      const what = literal ? `${address.toString()} is` : `${hostname} resolves to ${address.toString()},`;
      throw new OutboundPolicyError(`${what} ${refused.description}`, refused.rule);
    }
    return addresses.map(String);
  }

  /**
   * What can be refused before the request starts: the scheme, and a literal
   * address in the URL. A host name is checked when its socket is opened (the
   * connector below), so a pooled connection costs no second DNS lookup.
   */
  private async precheck(url: URL): Promise<void> {
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundPolicyError(`only http and https URLs are allowed, not ${url.protocol.replace(/:$/, "")}`, "scheme", { allowable: false });
    if (parseAddress(url.hostname)) await this.checkHost(url.hostname, Number(url.port) || defaultPort(url.protocol));
  }

  /** fetch under the policy (see the class comment). Refusals throw OutboundPolicyError. */
  async fetch(input: string | URL, init: OutboundRequestInit = {}): Promise<Response> {
    let url = new URL(input);
    let { method = "GET", body, headers = {} } = init;
    for (let hop = 0; ; hop++) {
      const res = await this.send(url, { method, headers, body, signal: init.signal });
      const location = res.headers.get("location");
      if (init.redirect === "manual" || !REDIRECTS.has(res.status) || location === null) return res;
      await res.body?.cancel();
      const next = URL.canParse(location, url.href) ? new URL(location, url) : null;
      if (!next || next.origin !== url.origin) {
        throw new OutboundPolicyError(`the answer redirects to another origin${next ? ` (${next.host})` : ""}`, "same-origin", { allowable: false });
      }
      if (hop >= this.maxRedirects) throw new OutboundPolicyError(`more than ${this.maxRedirects} redirects`, "redirects", { allowable: false });
      // As browsers do: 303 (and 301/302 after a POST) turn into a GET without the body.
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-(type|length)$/i.test(k)));
      }
      url = next;
    }
  }

  private async send(url: URL, init: Required<Pick<OutboundRequestInit, "method" | "headers">> & Pick<OutboundRequestInit, "body" | "signal">): Promise<Response> {
    await this.precheck(url);
    try {
      return await undiciFetch(url, { ...init, redirect: "manual", dispatcher: this.dispatcher() });
    } catch (err) {
      // undici wraps the connector's refusal (rebinding caught at connect time) in "fetch failed".
      const cause = (err as { cause?: unknown }).cause;
      throw cause instanceof OutboundPolicyError ? cause : err;
    }
  }

  /** One pooled agent per policy; its connector checks every new socket's address and connects to exactly that one. */
  private dispatcher(): Agent {
    if (this.agent) return this.agent;
    const connect = buildConnector({ timeout: CONNECT_TIMEOUT_MS });
    return (this.agent = new Agent({
      connect: (options, callback) => {
        const port = Number(options.port) || defaultPort(options.protocol);
        this.checkHost(options.hostname, port).then(
          ([address]) => connect({ ...options, hostname: address ?? "" }, callback),
          (err: Error) => callback(err, null),
        );
      },
    }));
  }

  async close(): Promise<void> {
    await this.agent?.close();
    this.agent = undefined;
  }
}

export const createOutboundPolicy = (options?: OutboundPolicyOptions) => new OutboundPolicy(options);
