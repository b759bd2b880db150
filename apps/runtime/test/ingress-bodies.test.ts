import { selectRows } from "@ipaas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishFlow, startHarness, type Harness } from "./helpers/harness";

let h: Harness;
let server: Awaited<ReturnType<Harness["server"]>>;
let flowId: string;

beforeAll(async () => {
  h = await startHarness({ worker: false });
  server = await h.server();
  const map = { id: "map", type: "map" as const, name: "Map", config: { expression: "$" } };
  flowId = await publishFlow(h.db, "bodies", [map], { trigger: { id: "trigger", type: "trigger.webhook", name: "Webhook", config: { verification: "public" } } });
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const post = (payload: string, type = "application/json") => server.inject({ method: "POST", url: `/v1/hooks/${flowId}`, payload, headers: { "content-type": type } });
const runCount = async () => (await selectRows(h.db, "runs", { flowId })).length;

describe("ingress bodies", () => {
  it("refuses prototype poisoning with a 400 that names it, in JSON and in forms", async () => {
    for (const [body, type] of [
      ['{"orderNo":"#1","__proto__":{"isAdmin":true}}', "application/json"],
      ['{"a":{"constructor":{"prototype":{"isAdmin":true}}}}', "application/json"],
      ["orderNo=1&__proto__=x", "application/x-www-form-urlencoded"],
    ] as const) {
      const res = await post(body, type);
      expect(res.statusCode, body).toBe(400);
      expect(res.json()).toMatchObject({ error: "BAD_REQUEST", message: expect.stringMatching(/prototype poisoning/) });
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(await runCount()).toBe(0);
  });

  it("refuses what a run record cannot store with a 400, not a 500 after the insert failed", async () => {
    const cases: Array<[string, RegExp]> = [
      ["[".repeat(100) + "]".repeat(100), /nested more than 64/],
      [JSON.stringify({ note: "a\u0000b" }), /NUL/],
      ['{"note":"\\ud800"}', /surrogate/],
      ['{"\\u0000key":1}', /NUL/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.statusCode, body.slice(0, 40)).toBe(400);
      expect(res.json()).toMatchObject({ message: expect.stringMatching(message) });
    }
    expect(await runCount()).toBe(0);
  });

  it("answers 415 naming the accepted types for anything else", async () => {
    const res = await post("\u0001\u0002", "application/octet-stream");
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ error: "UNSUPPORTED_MEDIA_TYPE", message: expect.stringMatching(/application\/json/) });
  });

  it("refuses an event id the runs' index cannot hold with a 400, not a 500", async () => {
    const res = await server.inject({ method: "POST", url: `/v1/hooks/${flowId}`, payload: "{}", headers: { "content-type": "application/json", "x-event-id": "e".repeat(3000) } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: "INVALID_EVENT_ID", message: expect.stringMatching(/X-Event-Id/) });
    expect(await runCount()).toBe(0);
  });

  it("accepts application/*+json and an empty body", async () => {
    expect((await post('{"orderNo":"#cloud"}', "application/cloudevents+json")).statusCode).toBe(202);
    expect((await server.inject({ method: "POST", url: `/v1/hooks/${flowId}` })).statusCode).toBe(202);
  });
});
