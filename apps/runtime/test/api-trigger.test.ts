import { createApiKey, revokeApiKey } from "@ipaas/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";

let h: Harness;
let server: Awaited<ReturnType<Harness["server"]>>;
let flowId: string;
let otherFlowId: string;
let key: string;

beforeAll(async () => {
  h = await startHarness();
  server = await h.server();
  const trigger = { id: "trigger", type: "trigger.api" as const, name: "API" };
  flowId = await publishFlow(
    h.db,
    "quote",
    [
      { id: "map", type: "map", name: "Price", config: { expression: "{ 'sku': sku, 'total': qty * 2.5 }" } },
      { id: "respond", type: "respond", name: "Respond", config: { status: 201, headers: { "x-quote": "yes" }, body: "{ 'quote': $ }" } },
    ],
    { trigger },
  );
  otherFlowId = await publishFlow(h.db, "other", [{ id: "map", type: "map", name: "M", config: { expression: "1" } }], { trigger });
  key = (await createApiKey(h.db, { name: "erp", flowIds: [flowId] })).key;
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const invoke = (id: string, body: unknown, headers: Record<string, string> = {}, query = "") =>
  server.inject({ method: "POST", url: `/v1/flows/${id}/invoke${query}`, payload: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });

describe("synchronous API trigger", () => {
  it("answers with the respond node's status, headers and body", async () => {
    const res = await invoke(flowId, { sku: "A-1", qty: 4 }, { authorization: `Bearer ${key}` });
    expect(res.statusCode).toBe(201);
    expect(res.headers["x-quote"]).toBe("yes");
    expect(res.json()).toEqual({ quote: { sku: "A-1", total: 10 } });
    expect(res.headers["x-run-id"]).toBeTruthy();
  });

  it("refuses missing, wrong, revoked and out-of-scope keys", async () => {
    expect((await invoke(flowId, {})).statusCode).toBe(401);
    expect((await invoke(flowId, {}, { "x-api-key": `${key}x` })).statusCode).toBe(401);
    expect((await invoke(otherFlowId, {}, { "x-api-key": key })).statusCode).toBe(403);
    const revoked = await createApiKey(h.db, { name: "old" });
    await revokeApiKey(h.db, revoked.id);
    expect((await invoke(flowId, {}, { "x-api-key": revoked.key })).statusCode).toBe(401);
  });

  it("answers 429 with Retry-After when a key exceeds its rate", async () => {
    const slow = await createApiKey(h.db, { name: "slow", rateLimitPerMinute: 6 });
    const first = await invoke(flowId, { sku: "B", qty: 1 }, { "x-api-key": slow.key });
    const second = await invoke(flowId, { sku: "B", qty: 1 }, { "x-api-key": slow.key });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(429);
    expect(Number(second.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  });

  it("with no time to wait, answers 202 and the run can be polled", async () => {
    const res = await invoke(flowId, { sku: "C", qty: 2 }, { "x-api-key": key }, "?waitMs=0");
    expect([201, 202]).toContain(res.statusCode); // 201 only if the run beat the first check
    const runId = res.headers["x-run-id"] as string;
    await waitForRun(h.db, runId);
    const poll = await server.inject({ method: "GET", url: `/v1/runs/${runId}`, headers: { "x-api-key": key } });
    expect(poll.json()).toMatchObject({ runId, status: "succeeded", output: { status: 201, body: { quote: { sku: "C", total: 5 } } } });
  });
});
