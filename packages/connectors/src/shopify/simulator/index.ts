import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createControl, type ShopifySimulatorControl } from "./control";
import { controlPage } from "./control-page";
import { CostBucket } from "./cost";
import { FaultBox } from "./faults";
import { badGenerateCount, GENERATE_INLINE_LIMIT } from "./order-jobs";
import { handleGraphql } from "./graphql-endpoint";
import type { Sim } from "./nodes";
import { ShopStore } from "./store";
import { WebhookDispatcher, webhookTopics, type WebhookTopic } from "./webhooks";

export type { ShopifySimulatorControl } from "./control";
export type { RestOrder } from "./store";

export interface ShopifySimulatorOptions {
  port?: number;
  host?: string;
  shopDomain?: string;
  accessToken?: string;
  webhookSecret?: string;
  apiVersion?: string;
  /** Seed products/SKUs, locations, customers and stock (default true). */
  seed?: boolean;
  /** Leaky bucket (Shopify standard plan: 2000 points, 100/s restore). */
  throttle?: { maximumAvailable?: number; restoreRate?: number };
  /** Webhook retries: attempts per delivery and the first retry delay (doubling). */
  webhookRetry?: { maxAttempts?: number; baseDelayMs?: number; timeoutMs?: number };
}

const UNAUTHORIZED = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
const GRAPHQL_PATH = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/;

/** Starts the Shopify Admin GraphQL simulator on `port` (0 = any free port). */
export async function startShopifySimulator(options: ShopifySimulatorOptions = {}): Promise<{ url: string; control: ShopifySimulatorControl; close(): Promise<void> }> {
  const shopDomain = options.shopDomain ?? "acme-supply.myshopify.com";
  const accessToken = options.accessToken ?? "shpat_simulator_token";
  const webhookSecret = options.webhookSecret ?? "shopify-sim-webhook-secret";
  const apiVersion = options.apiVersion ?? "2025-01";
  const webhooks = new WebhookDispatcher({
    secret: webhookSecret, shopDomain, apiVersion,
    maxAttempts: options.webhookRetry?.maxAttempts ?? 8, retryBaseMs: options.webhookRetry?.baseDelayMs ?? 1000, timeoutMs: options.webhookRetry?.timeoutMs ?? 5000,
  });
  const sim: Sim = { store: new ShopStore(options.seed ?? true), webhooks, shopDomain };
  const bucket = new CostBucket(options.throttle?.maximumAvailable ?? 2000, options.throttle?.restoreRate ?? 100);
  const faults = new FaultBox();
  const control = createControl(sim, bucket, faults, { accessToken, webhookSecret });

  const server = createServer((req, res) => {
    void route(req, res).catch((err: unknown) => send(res, 500, { errors: err instanceof Error ? err.message : String(err) }));
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sim");
    const body = req.method === "POST" || req.method === "PUT" ? await readJson(req) : undefined;
    if (GRAPHQL_PATH.test(url.pathname)) {
      if (req.headers["x-shopify-access-token"] !== accessToken) return send(res, 401, UNAUTHORIZED);
      if (req.method !== "POST") return send(res, 405, { errors: "Method Not Allowed" });
      if (body === INVALID_JSON) return send(res, 400, { errors: { query: "Required parameter missing or invalid" } });
      const answer = await handleGraphql(sim, bucket, faults, body);
      return send(res, answer.status, answer.body);
    }
    if (url.pathname === "/__sim" && req.method === "GET") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return void res.end(controlPage(shopDomain));
    }
    if (url.pathname.startsWith("/__sim/")) return controlRoute(req.method ?? "GET", url, body, res);
    return send(res, 404, { errors: "Not Found" });
  }

  function controlRoute(method: string, url: URL, body: unknown, res: ServerResponse): void {
    const b = (body && body !== INVALID_JSON ? body : {}) as Record<string, unknown>;
    const q = (k: string) => url.searchParams.get(k) ?? undefined;
    const num = (k: string) => (q(k) === undefined ? undefined : Number(q(k)));
    const key = `${method} ${url.pathname}`;
    switch (key) {
      case "POST /__sim/reset": control.reset(); return send(res, 200, { ok: true });
      case "POST /__sim/orders/generate": {
        const count = b.count ?? 1;
        const problem = badGenerateCount(count);
        if (problem) return send(res, 400, { errors: problem });
        const options = { count: count as number, duplicateEvery: b.duplicateEvery === undefined ? undefined : Number(b.duplicateEvery) };
        // Big counts run in the background: 202 with the job, whose progress GET …/generate/<id> tells.
        if (options.count > GENERATE_INLINE_LIMIT) {
          const job = control.startGeneratingOrders(options);
          return send(res, 202, { job, progressUrl: `/__sim/orders/generate/${job.id}` });
        }
        const orders = control.generateOrders(options);
        return send(res, 200, { orders: orders.map((o) => ({ id: o.id, admin_graphql_api_id: o.admin_graphql_api_id, name: o.name, total_price: o.total_price })) });
      }
      case "GET /__sim/orders/generate": return send(res, 200, { jobs: control.generateJobs() });
      case "POST /__sim/orders": return send(res, 200, control.createOrder(b as unknown as Parameters<typeof control.createOrder>[0]));
      case "GET /__sim/orders": return send(res, 200, { orders: control.orders({ name: q("name"), tag: q("tag") }) });
      case "GET /__sim/fulfillment-orders": return send(res, 200, { fulfillmentOrders: control.fulfillmentOrders(num("orderId")) });
      case "GET /__sim/fulfillments": return send(res, 200, { fulfillments: control.fulfillments(num("orderId")) });
      case "GET /__sim/inventory": return send(res, 200, { levels: control.inventory(q("sku")) });
      case "GET /__sim/webhooks": return send(res, 200, { subscriptions: control.subscriptions() });
      case "POST /__sim/webhooks": {
        const topic = String(b.topic) as WebhookTopic;
        if (!webhookTopics.includes(topic) || typeof b.callbackUrl !== "string") return send(res, 422, { errors: `topic must be one of ${webhookTopics.join(", ")} and callbackUrl a URL` });
        return send(res, 200, { subscription: control.subscribe(topic, b.callbackUrl) });
      }
      case "GET /__sim/webhooks/deliveries": return send(res, 200, { deliveries: control.deliveries() });
      case "POST /__sim/webhooks/duplicate": control.duplicateNextWebhooks(Number(b.count ?? 1)); return send(res, 200, { ok: true });
      case "GET /__sim/faults": return send(res, 200, { faults: control.faults() });
      case "POST /__sim/faults": control.addFault({ operation: String(b.operation ?? "*"), ...(b as object) }); return send(res, 200, { faults: control.faults() });
      case "DELETE /__sim/faults": control.clearFaults(); return send(res, 200, { faults: [] });
      case "GET /__sim/throttle": return send(res, 200, control.throttleStatus());
      case "POST /__sim/throttle": return send(res, 200, control.throttle(b as Parameters<typeof control.throttle>[0]));
      default: {
        const job = /^\/__sim\/orders\/generate\/([0-9a-f-]{36})$/.exec(url.pathname);
        if (method === "GET" && job?.[1]) {
          const found = control.generateJob(job[1]);
          return found ? send(res, 200, { job: found }) : send(res, 404, { errors: "Not Found" });
        }
        const order = /^\/__sim\/orders\/(\d+)$/.exec(url.pathname);
        if (method === "GET" && order?.[1]) {
          const found = control.order(order[1]);
          return found ? send(res, 200, found) : send(res, 404, { errors: "Not Found" });
        }
        return send(res, 404, { errors: "Not Found" });
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${address.port}`,
    control,
    close: () =>
      new Promise<void>((resolve) => {
        webhooks.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

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

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "x-request-id": crypto.randomUUID() });
  res.end(text);
}
