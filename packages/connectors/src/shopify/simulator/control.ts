import type { CostBucket, ThrottleStatus } from "./cost";
import type { FaultBox, Fault } from "./faults";
import type { Sim } from "./nodes";
import { createOrderJobs, type GenerateJob } from "./order-jobs";
import { buildOrder, prng, randomOrderSpec, type OrderSpec } from "./orders";
import type { RestOrder, SimFulfillment, SimFulfillmentOrder } from "./store";
import type { WebhookDelivery, WebhookSubscription, WebhookTopic } from "./webhooks";

export interface CreateOrderInput {
  lines: Array<{ sku: string; quantity: number }>;
  customerEmail?: string;
  discountCode?: { code: string; percent: number };
  note?: string | null;
  tags?: string[];
  poNumber?: string | null;
}

/**
 * The simulator's typed control API (in-process), also served over HTTP under
 * /__sim: seed data, generate orders, inspect what the connector did, webhooks,
 * faults and the throttle bucket.
 */
export function createControl(sim: Sim, bucket: CostBucket, faults: FaultBox, secrets: { accessToken: string; webhookSecret: string }) {
  let rand = prng(20250314);
  const { store, webhooks } = sim;
  const fire = (order: RestOrder, duplicate: boolean) => webhooks.emit("orders/create", order, duplicate ? 1 : 0);
  /** The i-th (0-based) order of a generate request: stored, then announced; every `duplicateEvery`-th delivered twice. */
  const generateOne = (i: number, duplicateEvery: number | undefined): RestOrder => {
    const order = buildOrder(store, randomOrderSpec(store, rand));
    store.addOrder(order);
    fire(order, duplicateEvery !== undefined && duplicateEvery > 0 && (i + 1) % duplicateEvery === 0);
    return order;
  };
  const orderJobs = createOrderJobs(generateOne, () => webhooks.fewerInFlightThan(64));
  const control = {
    shopDomain: sim.shopDomain,
    accessToken: secrets.accessToken,
    webhookSecret: secrets.webhookSecret,
    /** Empties orders, fulfillments, subscriptions, deliveries and faults; the catalog and stock go back to the seed. */
    reset(): void {
      store.reset();
      webhooks.reset();
      faults.clear();
      orderJobs.reset();
      bucket.configure({ currentlyAvailable: bucket.maximumAvailable });
      rand = prng(20250314);
    },
    /** Realistic orders from the seeded catalog, each firing orders/create; every `duplicateEvery`-th is delivered twice. */
    generateOrders(options: { count: number; duplicateEvery?: number }): RestOrder[] {
      return Array.from({ length: Math.max(0, Math.floor(options.count)) }, (_, i) => generateOne(i, options.duplicateEvery));
    },
    /** The same in the background, for big counts; generateJob(id) tells how far it got. */
    startGeneratingOrders(options: { count: number; duplicateEvery?: number }): GenerateJob {
      return orderJobs.start(options.count, options.duplicateEvery);
    },
    generateJob: (id: string): GenerateJob | undefined => orderJobs.get(id),
    generateJobs: (): GenerateJob[] => orderJobs.list(),
    /** One order with the given SKUs (tests that need exact lines). */
    createOrder(input: CreateOrderInput): RestOrder {
      const customer = store.customers.find((c) => c.email === input.customerEmail) ?? store.customers[0];
      if (!customer) throw new Error("the simulator has no customers (started with seed: false?)");
      const spec: OrderSpec = {
        customer,
        lines: input.lines.map((l) => {
          const variant = store.variantBySku(l.sku);
          if (!variant) throw new Error(`unknown SKU ${l.sku}`);
          return { variant, quantity: l.quantity };
        }),
        discountCode: input.discountCode,
        shipping: { code: "ups_ground", title: "UPS Ground", priceCents: 1200 },
        note: input.note ?? null,
        tags: input.tags ?? [],
        poNumber: input.poNumber ?? null,
      };
      const order = buildOrder(store, spec);
      store.addOrder(order);
      fire(order, false);
      return order;
    },
    orders(filter: { name?: string; tag?: string } = {}): RestOrder[] {
      return [...store.orders.values()].filter((o) => (!filter.name || o.name === filter.name) && (!filter.tag || o.tags.split(", ").includes(filter.tag)));
    },
    order(id: number | string): RestOrder | undefined {
      return store.orders.get(Number(String(id).replace(/^gid:\/\/shopify\/Order\//, "")));
    },
    fulfillmentOrders(orderId?: number): SimFulfillmentOrder[] {
      return [...store.fulfillmentOrders.values()].filter((fo) => orderId === undefined || fo.orderId === orderId);
    },
    fulfillments(orderId?: number): SimFulfillment[] {
      return [...store.fulfillments.values()].filter((f) => orderId === undefined || f.orderId === orderId);
    },
    inventory(sku?: string) {
      return [...store.levels.values()]
        .map((l) => ({ ...l, sku: store.variants.find((v) => v.inventoryItemId === l.inventoryItemId)?.sku ?? null }))
        .filter((l) => !sku || l.sku === sku);
    },
    subscribe(topic: WebhookTopic, callbackUrl: string): WebhookSubscription {
      return webhooks.subscribe(topic, callbackUrl);
    },
    subscriptions: (): WebhookSubscription[] => [...webhooks.subscriptions],
    deliveries: (): WebhookDelivery[] => [...webhooks.deliveries],
    /** The next `count` events are each delivered twice with the same X-Shopify-Event-Id. */
    duplicateNextWebhooks(count = 1): void {
      webhooks.duplicateNext += count;
    },
    /** Resolves when every webhook delivery and scheduled retry is done. */
    webhooksIdle: (): Promise<void> => webhooks.idle(),
    /** Base64 HMAC-SHA256 of a body with the shop's webhook secret, as X-Shopify-Hmac-Sha256 carries it. */
    sign: (body: string): string => webhooks.sign(body),
    addFault: (fault: Fault): void => faults.add(fault),
    faults: (): Fault[] => faults.list(),
    clearFaults: (): void => faults.clear(),
    throttle(options: { maximumAvailable?: number; restoreRate?: number; currentlyAvailable?: number }): ThrottleStatus {
      bucket.configure(options);
      return bucket.status();
    },
    throttleStatus: (): ThrottleStatus => bucket.status(),
  };
  return control;
}

export type ShopifySimulatorControl = ReturnType<typeof createControl>;
