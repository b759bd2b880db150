import http from "node:http";
import type { AddressInfo } from "node:net";
import { digest } from "./orders";

/**
 * Plays NetSuite for the bench (a child process, so it has its own event loop):
 * `POST /salesOrder` upserts by `externalId` into a Map and answers 200 JSON at
 * once (or after `latencyMs`). The parent talks to it over the IPC channel:
 * `reset` clears the counters, `stats` returns how often each externalId was
 * posted and the digest of the last body, so the bench can check "exactly once"
 * and "the right sales order" without an inspection endpoint.
 */

export type ErpRequest = { type: "reset" } | { type: "stats" };
export interface ErpStats {
  posts: number;
  rejected: number;
  /** externalId → [times posted, digest of the last body]. */
  records: Record<string, [number, string]>;
}
export type ErpMessage = { type: "ready"; port: number } | { type: "reset" } | { type: "stats"; stats: ErpStats };

interface Config {
  latencyMs: number;
}

function start(config: Config) {
  let records = new Map<string, { internalId: number; count: number; digest: string }>();
  let posts = 0;
  let rejected = 0;
  let nextId = 1;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
        res.end(text);
      };
      if (req.method !== "POST" || req.url !== "/salesOrder") return reply(404, { error: "NOT_FOUND" });
      let order: { externalId?: unknown };
      try {
        order = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { externalId?: unknown };
      } catch {
        rejected++;
        return reply(400, { error: "INVALID_JSON" });
      }
      if (typeof order.externalId !== "string" || order.externalId === "") {
        rejected++;
        return reply(400, { error: "USER_ERROR", message: "externalId is required" });
      }
      posts++;
      const existing = records.get(order.externalId);
      const record = existing ?? { internalId: nextId++, count: 0, digest: "" };
      record.count++;
      record.digest = digest(order);
      records.set(order.externalId, record);
      const send = () => reply(200, { id: String(record.internalId), externalId: order.externalId, created: !existing });
      if (config.latencyMs > 0) setTimeout(send, config.latencyMs);
      else send();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo;
    process.send?.({ type: "ready", port } satisfies ErpMessage);
  });

  process.on("message", (msg: ErpRequest) => {
    if (msg.type === "reset") {
      records = new Map();
      posts = 0;
      rejected = 0;
      process.send?.({ type: "reset" } satisfies ErpMessage);
    } else if (msg.type === "stats") {
      const out: ErpStats["records"] = {};
      for (const [id, r] of records) out[id] = [r.count, r.digest];
      process.send?.({ type: "stats", stats: { posts, rejected, records: out } } satisfies ErpMessage);
    }
  });
}

// Configured by the parent's first message; exits with the parent (IPC channel closes).
process.once("message", (config: Config) => start(config));
process.on("disconnect", () => process.exit(0));
