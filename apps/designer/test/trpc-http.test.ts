import { dropTable, selectRows } from "@ipaas/db/testing";
import { describe, expect, it, vi } from "vitest";
import { MAX_BATCH_CALLS } from "../src/lib/trpc-limits";
import type { Context } from "../src/server/context";
import { jsonLimitProblem } from "../src/server/routers/bounded-json";
import { handleTrpcRequest } from "../src/server/trpc-http";
import { demoDatabaseFixture } from "./helpers";

// /api/trpc as the browser reaches it (Request in, Response out, superjson on the
// wire) on real Postgres: batch and body limits, bounded JSON inputs, masked errors.
const BASE = "http://localhost:3000/api/trpc";
const MAX_BODY = 64 * 1024;
const demo = demoDatabaseFixture();

const call = (req: Request) => handleTrpcRequest(req, { createContext: async (): Promise<Context> => ({ db: demo.t.db, queue: demo.queue, user: demo.admin }), maxBodyBytes: MAX_BODY });
const mutate = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  call(new Request(`${BASE}/${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, duplex: "half" } as RequestInit));
/** The error of a non-batch response (superjson puts the value under `json`). */
const errorOf = async (res: Response) => ((await res.json()) as { error: { json: { message: string; data: { code: string; errorId?: string | null; stack?: string } } } }).error.json;

describe("batch limit", () => {
  const batch = (n: number) => {
    const paths = Array.from({ length: n }, () => "mappings.list").join(",");
    return call(new Request(`${BASE}/${paths}?batch=1&input=${encodeURIComponent("{}")}`));
  };

  it(`answers a batch of ${MAX_BATCH_CALLS} calls and refuses one more with 400`, async () => {
    expect((await batch(MAX_BATCH_CALLS)).status).toBe(200);
    const refused = await batch(MAX_BATCH_CALLS + 1);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/Batch call exceeds maximum size/);
  });
});

describe("body limit", () => {
  const bigInput = () => JSON.stringify({ json: { name: "big", expression: "x".repeat(MAX_BODY) } });

  it("refuses a body whose declared length is above the limit with 413, naming the limit", async () => {
    const res = await mutate("mappings.create", bigInput(), { "content-length": String(bigInput().length) });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).message).toMatch(/DESIGNER_MAX_BODY_BYTES/);
  });

  it("counts a streamed body without Content-Length and refuses it past the limit", async () => {
    const bytes = new TextEncoder().encode(bigInput());
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.slice(i, i + 4096));
        controller.close();
      },
    });
    const res = await mutate("mappings.create", stream);
    expect(res.status).toBe(413);
    expect(await selectRows(demo.t.db, "mappings", { name: "big" })).toEqual([]);
  });

  it("accepts a body under the limit", async () => {
    const res = await mutate("mappings.create", JSON.stringify({ json: { name: "small", expression: "1" } }));
    expect(res.status).toBe(200);
  });
});

describe("bounded JSON inputs", () => {
  it("refuses a sample nested deeper than the limit, naming the field", async () => {
    // 80 levels: past the field's limit (64), inside the guard every input passes (input-guard.ts, 100).
    let deep: unknown = 1;
    for (let i = 0; i < 80; i++) deep = [deep];
    const res = await mutate("mappings.create", JSON.stringify({ json: { name: "deep", expression: "1", sourceSample: deep } }));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/sourceSample nests deeper than 64 levels/);
  });

  it("refuses a value that superjson's shared references would blow up past the size limit", async () => {
    // 2 KB on the wire, referenced 1000 times: 2 MB once rebuilt.
    const keys = Array.from({ length: 1000 }, (_, i) => `k${i}`);
    const sample = Object.fromEntries(keys.map((k) => [k, k === "k0" ? { text: "y".repeat(2000) } : null]));
    const meta = { referentialEqualities: { "sourceSample.k0": keys.slice(1).map((k) => `sourceSample.${k}`) } };
    const res = await mutate("mappings.create", JSON.stringify({ json: { name: "bomb", expression: "1", sourceSample: sample }, meta }));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/sourceSample is larger than 1 MB as JSON/);
  });

  it("measures iteratively: a cycle or a deep chain ends in a refusal, not a stack overflow", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(jsonLimitProblem(cycle)).toMatch(/nests deeper/);
    let chain: unknown = null;
    for (let i = 0; i < 200_000; i++) chain = { next: chain };
    expect(jsonLimitProblem(chain)).toMatch(/nests deeper/);
    expect(jsonLimitProblem(new Map([["a", 1]]))).toMatch(/plain JSON \(found Map\)/);
    expect(jsonLimitProblem({ order: { lines: [{ sku: "A", qty: 2 }] } })).toBeNull();
  });
});

describe("unexpected errors", () => {
  // Last in the file: it breaks the mappings table for good.
  it("reach the browser as a generic message with an error id; the SQL goes to the server log under that id", async () => {
    // Sabotage, not a query of the app's: straight to the test database's pool.
    await dropTable(demo.t.pool, "mappings");
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const res = await call(new Request(`${BASE}/mappings.list`));
      expect(res.status).toBe(500);
      const text = await res.clone().text();
      const error = await errorOf(res);
      expect(text).not.toMatch(/select|mappings"|relation|Failed query/i);
      expect(error.data.stack).toBeUndefined();
      expect(error.data.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(error.message).toContain(error.data.errorId);
      const line = logged.mock.calls.find((args) => String(args[0]).includes(error.data.errorId!));
      expect(line).toBeDefined();
      expect(String((line![1] as Error).message)).toMatch(/select/i);
    } finally {
      logged.mockRestore();
    }
  });
});
