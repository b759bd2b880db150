import http from "node:http";

/**
 * A small closed-loop load generator: `concurrency` keep-alive connections, each
 * sending the next request as soon as the previous one answered. Requests are
 * spread round-robin over the targets. A delivery that fails with a network error
 * or 5xx is redelivered (as Shopify would), at most `maxAttempts` times; its
 * latency is that of the attempt that succeeded.
 */

export interface Delivery {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface DriveOptions {
  /** Base URLs, e.g. http://127.0.0.1:1234 */
  targets: string[];
  deliveries: Delivery[];
  concurrency: number;
  /** Status that counts as accepted. */
  expectStatus: number;
  requestTimeoutMs?: number;
  maxAttempts?: number;
  /** The whole drive stops sending after this (the unsent deliveries count as failed). */
  deadlineMs: number;
}

export interface DriveResult {
  startedAt: number;
  finishedAt: number;
  accepted: number;
  failed: number;
  redeliveries: number;
  /** Milliseconds, one per accepted delivery. */
  latencies: number[];
  statuses: Record<string, number>;
  firstError?: string;
}

function send(agent: http.Agent, base: URL, d: Delivery, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: "POST",
        path: d.path,
        headers: { "content-type": "application/json", "content-length": d.body.length, ...d.headers },
        timeout: timeoutMs,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(d.body);
  });
}

export async function drive(options: DriveOptions): Promise<DriveResult> {
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const targets = options.targets.map((t) => ({ base: new URL(t), agent: new http.Agent({ keepAlive: true, maxSockets: options.concurrency }) }));
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let failed = 0;
  let redeliveries = 0;
  let firstError: string | undefined;
  const deadline = Date.now() + options.deadlineMs;
  const startedAt = performance.now();

  async function loop() {
    for (;;) {
      const index = next++;
      if (index >= options.deliveries.length) return;
      const delivery = options.deliveries[index]!;
      const target = targets[index % targets.length]!;
      let ok = false;
      for (let attempt = 1; attempt <= maxAttempts && !ok; attempt++) {
        if (Date.now() > deadline) break;
        if (attempt > 1) {
          redeliveries++;
          await new Promise((r) => setTimeout(r, 50 * attempt));
        }
        const t0 = performance.now();
        try {
          const res = await send(target.agent, target.base, delivery, timeoutMs);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status === options.expectStatus) {
            latencies.push(performance.now() - t0);
            ok = true;
          } else {
            firstError ??= `HTTP ${res.status}: ${res.body.slice(0, 300)}`;
            if (res.status < 500) break; // a 4xx will not get better by redelivering
          }
        } catch (err) {
          statuses.network = (statuses.network ?? 0) + 1;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
      if (!ok) failed++;
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.deliveries.length) }, loop));
  } finally {
    for (const t of targets) t.agent.destroy();
  }
  return { startedAt, finishedAt: performance.now(), accepted: latencies.length, failed, redeliveries, latencies, statuses, ...(firstError ? { firstError } : {}) };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
