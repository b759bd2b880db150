import http from "node:http";
import type { AddressInfo } from "node:net";
import { createDb } from "@ipaas/db";
import { toSalesOrder, type ShopifyOrder } from "./orders";

/**
 * The baseline: the least a hand-written service must do to keep the same promise
 * for one order — without the engine, BullMQ or Fastify. A plain node:http server:
 *
 *   POST /hooks/:id → INSERT the payload (unique event id: redeliveries create
 *   nothing) → 202 only after the insert committed → in-memory work list →
 *   map in plain TypeScript → POST /salesOrder to the ERP → UPDATE the row.
 *
 * Acknowledged orders are durable (a sweeper could pick up rows still `queued`
 * after a crash), but nothing else is recorded: no steps, no effect ledger, no
 * queue. Same machine, same ERP, same driver and the same concurrency as the
 * runtime, so ours/baseline is the cost of the product over the minimum.
 */

export interface BaselineConfig {
  databaseUrl: string;
  erpUrl: string;
  concurrency: number;
  poolMax: number;
}
export type BaselineMessage = { type: "ready"; port: number };

export const BASELINE_TABLE_SQL = `create table if not exists bench_baseline_orders (
  id bigserial primary key,
  event_id text not null unique,
  payload jsonb not null,
  status text not null default 'queued',
  attempts int not null default 0,
  result jsonb,
  created_at timestamptz not null default now(),
  finished_at timestamptz
)`;

function start(config: BaselineConfig) {
  const { pool } = createDb(config.databaseUrl, { max: config.poolMax });
  const work: Array<{ id: string; order: ShopifyOrder; eventId: string }> = [];
  const idle: Array<() => void> = [];

  async function processOrder(item: { id: string; order: ShopifyOrder; eventId: string }) {
    const salesOrder = toSalesOrder(item.order);
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(`${config.erpUrl}/salesOrder`, {
          method: "POST",
          headers: { accept: "application/json", "content-type": "application/json", "idempotency-key": `baseline:${item.eventId}`, "x-correlation-id": item.eventId },
          body: JSON.stringify(salesOrder),
          signal: AbortSignal.timeout(30_000),
        });
        const body: unknown = await res.json();
        if (!res.ok) throw new Error(`ERP answered ${res.status}`);
        await pool.query("update bench_baseline_orders set status = 'succeeded', attempts = $2, result = $3, finished_at = now() where id = $1", [
          item.id,
          attempt,
          JSON.stringify({ request: salesOrder, response: body }),
        ]);
        return;
      } catch (err) {
        if (attempt >= 5) {
          await pool.query("update bench_baseline_orders set status = 'dead', attempts = $2, result = $3, finished_at = now() where id = $1", [item.id, attempt, JSON.stringify({ error: String(err) })]);
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  async function workerLoop() {
    for (;;) {
      const item = work.shift();
      if (!item) {
        await new Promise<void>((resolve) => idle.push(resolve));
        continue;
      }
      await processOrder(item).catch((err: unknown) => console.error(`baseline: order ${item.id}: ${String(err)}`));
    }
  }
  for (let i = 0; i < config.concurrency; i++) void workerLoop();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
        res.end(text);
      };
      const eventId = req.headers["x-event-id"];
      if (req.method !== "POST" || !req.url?.startsWith("/hooks/") || typeof eventId !== "string") return reply(400, { error: "BAD_REQUEST" });
      let order: ShopifyOrder;
      try {
        order = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ShopifyOrder;
      } catch {
        return reply(400, { error: "INVALID_JSON" });
      }
      pool
        .query<{ id: string }>("insert into bench_baseline_orders (event_id, payload) values ($1, $2) on conflict (event_id) do nothing returning id", [eventId, order])
        .then((result) => {
          const row = result.rows[0];
          if (!row) return reply(202, { duplicate: true });
          reply(202, { id: row.id, duplicate: false });
          work.push({ id: row.id, order, eventId });
          idle.shift()?.();
        })
        .catch((err: unknown) => reply(500, { error: "INTERNAL", message: String(err) }));
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo;
    process.send?.({ type: "ready", port } satisfies BaselineMessage);
  });
}

// Configured by the parent's first message; exits with the parent (IPC channel closes).
process.once("message", (config: BaselineConfig) => start(config));
process.on("disconnect", () => process.exit(0));
