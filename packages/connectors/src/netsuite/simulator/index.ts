import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { controlPage } from "./control-page";
import { createControl, type Governance, type NetSuiteSimulatorControl } from "./control";
import { concurrencyLimit, nsError } from "./errors";
import { FaultBox, faultResponse, type FaultSpec } from "./faults";
import { OAuthVerifier, type SimCredentials } from "./oauth-verify";
import { handleApi, type SimResponse } from "./routes";
import { NetSuiteStore, recordTypes, type RecordType } from "./store";

export type { NetSuiteSimulatorControl, FulfillmentRequest, InvoiceRequest, Governance } from "./control";
export type { FaultSpec } from "./faults";
export type { RecordType } from "./store";

export interface NetSuiteSimulatorOptions extends Partial<SimCredentials> {
  port?: number;
  host?: string;
  /** Seed items (SKUs matching the Shopify simulator), 2 locations, customers, stock (default true). */
  seed?: boolean;
  concurrencyLimit?: number;
  latencyMs?: number;
}

/** The credentials the simulator accepts when none are given (the devstack's default connection). */
export const netSuiteSimulatorDefaults: SimCredentials = {
  accountId: "1234567_SB1",
  consumerKey: "sim-consumer-key-4f1c9a",
  consumerSecret: "sim-consumer-secret-77b2e0",
  tokenId: "sim-token-id-90d3aa",
  tokenSecret: "sim-token-secret-c51e08",
};

const INVALID_JSON = Symbol("invalid json");

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

function send(res: ServerResponse, r: SimResponse): void {
  const headers: Record<string, string> = { ...r.headers };
  if (r.body !== undefined) headers["content-type"] = r.status >= 400 ? "application/vnd.oracle.resource+json; type=error" : "application/json; charset=UTF-8";
  res.writeHead(r.status, headers);
  res.end(r.body === undefined ? undefined : JSON.stringify(r.body));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the NetSuite SuiteTalk REST simulator on `port` (0 = any free port). */
export async function startNetSuiteSimulator(options: NetSuiteSimulatorOptions = {}): Promise<{ url: string; credentials: SimCredentials; control: NetSuiteSimulatorControl; close(): Promise<void> }> {
  const credentials: SimCredentials = {
    accountId: options.accountId ?? netSuiteSimulatorDefaults.accountId,
    consumerKey: options.consumerKey ?? netSuiteSimulatorDefaults.consumerKey,
    consumerSecret: options.consumerSecret ?? netSuiteSimulatorDefaults.consumerSecret,
    tokenId: options.tokenId ?? netSuiteSimulatorDefaults.tokenId,
    tokenSecret: options.tokenSecret ?? netSuiteSimulatorDefaults.tokenSecret,
  };
  const seed = options.seed ?? true;
  const store = new NetSuiteStore(seed);
  const faults = new FaultBox();
  const verifier = new OAuthVerifier(credentials);
  const governance: Governance = { concurrencyLimit: options.concurrencyLimit ?? 15, latencyMs: options.latencyMs ?? 0 };
  const stats = { requests: 0, rejectedByGovernance: 0, maxInFlight: 0 };
  let url = "";
  const control = createControl({ store, faults, governance, baseUrl: () => url, seed, stats });
  let inFlight = 0;

  async function api(req: IncomingMessage, res: ServerResponse, parsed: URL): Promise<void> {
    const method = req.method ?? "GET";
    const origin = `http://${req.headers.host ?? "localhost"}`;
    stats.requests += 1;
    const fault = faults.take(method, parsed.pathname);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.drop) return void req.socket.destroy();
    const injected = fault && faultResponse(fault);
    if (injected) return send(res, injected);
    const authError = verifier.verify(method, origin, req.url ?? "/", req.headers.authorization);
    if (authError) return send(res, authError);
    if (inFlight >= governance.concurrencyLimit) {
      stats.rejectedByGovernance += 1;
      return send(res, concurrencyLimit(1));
    }
    inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    try {
      const body = await readJson(req);
      if (governance.latencyMs > 0) await sleep(governance.latencyMs);
      if (body === INVALID_JSON) return send(res, nsError(400, "INVALID_CONTENT", "The request body is not valid JSON."));
      const prefer = typeof req.headers.prefer === "string" ? req.headers.prefer : undefined;
      send(res, handleApi(store, method, parsed, body, origin, prefer));
    } finally {
      inFlight -= 1;
    }
  }

  async function sim(req: IncomingMessage, res: ServerResponse, parsed: URL): Promise<void> {
    const body = await readJson(req);
    const b = (body && body !== INVALID_JSON ? body : {}) as Record<string, unknown>;
    const ok = (value: unknown) => send(res, { status: 200, body: value });
    const route = `${req.method ?? "GET"} ${parsed.pathname}`;
    // A control command that names no order it can act on is a 404 naming why.
    const attempt = (run: () => unknown[]) => {
      try {
        return ok({ items: run() });
      } catch (err) {
        return send(res, { status: 404, body: { error: err instanceof Error ? err.message : String(err) } });
      }
    };
    if (route === "GET /__sim") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return void res.end(controlPage(credentials.accountId));
    }
    const recordsMatch = /^GET \/__sim\/records\/([A-Za-z]+)$/.exec(route);
    if (recordsMatch) {
      const type = recordsMatch[1] as RecordType;
      if (!(recordTypes as readonly string[]).includes(type)) return send(res, { status: 404, body: { error: `unknown record type ${type}` } });
      return ok({ items: control.records(type, { externalId: parsed.searchParams.get("externalId") ?? undefined }) });
    }
    switch (route) {
      case "POST /__sim/reset":
        control.reset({ seed: b.seed === undefined ? undefined : b.seed === true });
        return ok({ ok: true });
      case "POST /__sim/faults":
        control.injectFault(b as unknown as FaultSpec);
        return ok({ ok: true });
      case "DELETE /__sim/faults":
        control.clearFaults();
        return ok({ ok: true });
      case "POST /__sim/fulfillments":
        return attempt(() => control.createFulfillments(b));
      case "POST /__sim/invoices":
        return attempt(() => control.createInvoices(b));
      case "POST /__sim/governance":
        control.setGovernance(b as Partial<Governance>);
        return ok({ ok: true });
      case "POST /__sim/stock":
        control.setStock(String(b.itemId), String(b.locationId), Number(b.onHand));
        return ok({ ok: true });
      case "GET /__sim/stats":
        return ok(control.stats());
      default:
        return send(res, { status: 404, body: { error: `no simulator route ${route}` } });
    }
  }

  const server = createServer((req, res) => {
    const parsed = new URL(req.url ?? "/", "http://sim");
    const handler = parsed.pathname === "/__sim" || parsed.pathname.startsWith("/__sim/") ? sim : api;
    void handler(req, res, parsed).catch((err: unknown) => {
      if (!res.headersSent) send(res, nsError(500, "UNEXPECTED_ERROR", `An unexpected error occurred: ${err instanceof Error ? err.message : String(err)}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  url = `http://${options.host ?? "127.0.0.1"}:${address.port}`;
  return {
    url,
    credentials,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
