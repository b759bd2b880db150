import { createHmac } from "node:crypto";
import { selectRows } from "@ipaas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInternalServer } from "../src/http/internal";
import { createHttpConnection, publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";

let h: Harness;
let server: Awaited<ReturnType<Harness["server"]>>;
let flowId: string;
let signedFlowId: string;
const SECRET = "whsec_test_0123456789";

beforeAll(async () => {
  h = await startHarness();
  server = await h.server();
  const map = { id: "map", type: "map" as const, name: "Map", config: { expression: "{ 'order': orderNo }" } };
  flowId = await publishFlow(h.db, "hooked", [map], { trigger: { id: "trigger", type: "trigger.webhook", name: "Webhook", config: { verification: "public" } } });
  const connectionId = await createHttpConnection(h.db, "signing", "http://127.0.0.1:9", h.keyRing.encryptAll({ webhookSecret: SECRET }));
  signedFlowId = await publishFlow(h.db, "signed", [map], { trigger: { id: "trigger", type: "trigger.webhook", name: "Webhook", config: { connectionId } } });
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const post = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  server.inject({ method: "POST", url: `/v1/hooks/${id}`, payload: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });

describe("webhook ingress", () => {
  it("the same event delivered five times: five 2xx, one run", async () => {
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await post(flowId, { orderNo: "#1001" }, { "x-event-id": "evt-1001", "x-correlation-id": "corr-abc" }));
    expect(replies.map((r) => r.statusCode)).toEqual([202, 202, 202, 202, 202]);
    const bodies = replies.map((r) => r.json() as { runId: string; duplicate: boolean; correlationId: string });
    expect(new Set(bodies.map((b) => b.runId)).size).toBe(1);
    expect(bodies.map((b) => b.duplicate)).toEqual([false, true, true, true, true]);
    const { run } = await waitForRun(h.db, bodies[0]!.runId);
    expect(run).toMatchObject({ status: "succeeded", correlationId: "corr-abc", businessKey: "#1001", triggerType: "trigger.webhook", output: { order: "#1001" } });
    const runs = await selectRows(h.db, "runs", { flowId });
    expect(runs).toHaveLength(1);
  });

  it("takes the correlation id from traceparent when there is no X-Correlation-Id", async () => {
    const res = await post(flowId, { orderNo: "#2" }, { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" });
    expect(res.json()).toMatchObject({ correlationId: "4bf92f3577b34da6a3ce929d0e0e4736" });
  });

  it("verifies signatures: a bad one is 401 and audited, not run; a good one runs", async () => {
    const body = JSON.stringify({ orderNo: "#77" });
    const bad = await post(signedFlowId, body, { "x-signature-256": "sha256=deadbeef", "x-event-id": "s-1" });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ error: "INVALID_SIGNATURE" });
    expect(bad.body).not.toContain(SECRET);
    const audit = await selectRows(h.db, "auditLog");
    expect(audit.find((a) => a.action === "webhook.rejected" && a.targetId === signedFlowId)).toBeTruthy();
    expect(await selectRows(h.db, "runs", { flowId: signedFlowId })).toHaveLength(0);

    const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
    const good = await post(signedFlowId, body, { "x-signature-256": signature, "x-event-id": "s-1" });
    expect(good.statusCode).toBe(202);
    expect((await waitForRun(h.db, (good.json() as { runId: string }).runId)).run.status).toBe("succeeded");
  });

  it("answers clear 4xx errors for bad input and unknown flows", async () => {
    const invalid = await post(flowId, "{ not json");
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ message: expect.stringMatching(/not valid JSON/) });
    const unknown = await post("00000000-0000-4000-8000-000000000000", {});
    expect(unknown.statusCode).toBe(404);
    const notUuid = await post("nope", {});
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json()).toMatchObject({ message: expect.stringMatching(/flowId/) });
  });

  it("serves an OpenAPI document describing the ingress on the internal listener only", async () => {
    expect((await server.inject({ method: "GET", url: "/openapi.json" })).statusCode).toBe(404);
    const internal = await createInternalServer(h.serverDeps, server);
    const res = await internal.inject({ method: "GET", url: "/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, { post?: { responses: Record<string, unknown> } }> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths["/v1/hooks/{flowId}"]?.post?.responses ?? {})).toEqual(expect.arrayContaining(["202", "401", "404", "415", "429"]));
    await internal.close();
  });
});
