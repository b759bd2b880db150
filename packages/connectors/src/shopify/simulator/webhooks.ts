import { createHmac, randomUUID } from "node:crypto";

export const webhookTopics = ["orders/create", "orders/updated", "orders/cancelled", "refunds/create", "fulfillments/create", "inventory_levels/update"] as const;
export type WebhookTopic = (typeof webhookTopics)[number];

/** GraphQL enum value ↔ REST topic: ORDERS_CREATE ↔ orders/create. */
export const topicToEnum = (topic: string) => topic.replace("/", "_").toUpperCase();
export const enumToTopic = (value: string) => webhookTopics.find((t) => topicToEnum(t) === value);

export interface WebhookSubscription { id: number; topic: WebhookTopic; callbackUrl: string; createdAt: string }

export interface WebhookDelivery {
  /** X-Shopify-Webhook-Id: the same for every attempt of one delivery, new for a duplicate. */
  webhookId: string;
  /** X-Shopify-Event-Id: the same for every delivery of one event, duplicates included. */
  eventId: string;
  topic: WebhookTopic;
  callbackUrl: string;
  attempt: number;
  status: number | null;
  error: string | null;
  duplicate: boolean;
  at: string;
}

export interface WebhookOptions {
  secret: string;
  shopDomain: string;
  apiVersion: string;
  /** Attempts per delivery (Shopify retries 8 times over 4 hours; the simulator is quicker). */
  maxAttempts: number;
  /** First retry delay; doubles per attempt. */
  retryBaseMs: number;
  timeoutMs: number;
}

/**
 * Sends events to subscribed URLs the way Shopify does: POST of the REST JSON,
 * signed with base64 HMAC-SHA256 of the raw body, retried with backoff on
 * non-2xx answers and timeouts.
 */
export class WebhookDispatcher {
  subscriptions: WebhookSubscription[] = [];
  deliveries: WebhookDelivery[] = [];
  private pending = new Set<Promise<void>>();
  /** Requests on the wire now (not retries waiting for their turn). */
  private inFlight = 0;
  private timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private seq = 0;
  /** Control: this many upcoming events are each delivered twice (same event id, new webhook id). */
  duplicateNext = 0;

  constructor(private readonly options: WebhookOptions) {}

  subscribe(topic: WebhookTopic, callbackUrl: string): WebhookSubscription {
    const existing = this.subscriptions.find((s) => s.topic === topic && s.callbackUrl === callbackUrl);
    if (existing) return existing;
    this.seq += 1;
    const sub = { id: 1240000000 + this.seq, topic, callbackUrl, createdAt: new Date().toISOString() };
    this.subscriptions.push(sub);
    return sub;
  }

  unsubscribe(id: number): boolean {
    const before = this.subscriptions.length;
    this.subscriptions = this.subscriptions.filter((s) => s.id !== id);
    return this.subscriptions.length < before;
  }

  /** Fires one event to every subscription of its topic; `duplicates` extra deliveries carry the same event id. */
  emit(topic: WebhookTopic, payload: unknown, duplicates = 0): string {
    const eventId = randomUUID();
    if (this.duplicateNext > 0 && this.subscriptions.some((s) => s.topic === topic)) {
      this.duplicateNext -= 1;
      duplicates = Math.max(duplicates, 1);
    }
    const body = JSON.stringify(payload);
    for (const sub of this.subscriptions.filter((s) => s.topic === topic)) {
      for (let i = 0; i <= duplicates; i++) this.track(this.deliver({ eventId, webhookId: randomUUID(), topic, url: sub.callbackUrl, body, duplicate: i > 0, triggeredAt: new Date().toISOString() }, 1));
    }
    return eventId;
  }

  /** Resolves when no delivery or retry is in flight (tests wait on it). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * Resolves once fewer than `limit` deliveries are on the wire: a big generate job waits on it,
   * so thousands of orders reach the subscriber at the pace it answers instead of all at once.
   */
  async fewerInFlightThan(limit: number): Promise<void> {
    while (this.inFlight >= limit && !this.closed) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  reset(): void {
    this.subscriptions = [];
    this.deliveries = [];
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
  }

  sign(body: string): string {
    return createHmac("sha256", this.options.secret).update(body, "utf8").digest("base64");
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async deliver(d: { eventId: string; webhookId: string; topic: WebhookTopic; url: string; body: string; duplicate: boolean; triggeredAt: string }, attempt: number): Promise<void> {
    if (this.closed) return;
    let status: number | null = null;
    let error: string | null = null;
    this.inFlight += 1;
    try {
      const res = await fetch(d.url, {
        method: "POST",
        body: d.body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: {
          "content-type": "application/json",
          "x-shopify-topic": d.topic,
          "x-shopify-hmac-sha256": this.sign(d.body),
          "x-shopify-shop-domain": this.options.shopDomain,
          "x-shopify-api-version": this.options.apiVersion,
          "x-shopify-webhook-id": d.webhookId,
          "x-shopify-event-id": d.eventId,
          "x-shopify-triggered-at": d.triggeredAt,
        },
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    } finally {
      this.inFlight -= 1;
    }
    this.deliveries.push({ webhookId: d.webhookId, eventId: d.eventId, topic: d.topic, callbackUrl: d.url, attempt, status, error, duplicate: d.duplicate, at: new Date().toISOString() });
    const ok = status !== null && status >= 200 && status < 300;
    if (ok || attempt >= this.options.maxAttempts || this.closed) return;
    const delay = this.options.retryBaseMs * 2 ** (attempt - 1);
    this.track(
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void this.deliver(d, attempt + 1).finally(resolve);
        }, delay);
        this.timers.add(timer);
      }),
    );
  }
}
