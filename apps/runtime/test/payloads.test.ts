import { createHmac } from "node:crypto";
import { resubmitDeadLetter } from "@ipaas/jobs";
import { selectRows } from "@ipaas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpConnection, httpAction, publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";
import { startTarget, type Target } from "./helpers/target";

let h: Harness;
let target: Target;
let server: Awaited<ReturnType<Harness["server"]>>;
let flowId: string;
const SECRET = "whsec_payloads_0123456789";
const actor = { id: null, email: "ops@example.com" };
/** Small enough to test a refusal cheaply, big enough for the 2 MB order. */
const BODY_LIMIT = 3 * 1024 * 1024;

beforeAll(async () => {
  h = await startHarness();
  target = await startTarget();
  server = await h.server({ bodyLimit: BODY_LIMIT });
  const signing = await createHttpConnection(h.db, "signing", "http://127.0.0.1:9", h.keyRing.encryptAll({ webhookSecret: SECRET }));
  const targetConnection = await createHttpConnection(h.db, "target", target.url);
  // The mapping needs fields that come after 1.5 MB of note text.
  const map = { id: "map", type: "map" as const, name: "Map", config: { expression: "{ 'orderNo': orderNo, 'currency': currency, 'noteLength': $length(note), 'lineCount': $count(lines), 'order': $ }" } };
  flowId = await publishFlow(h.db, "big orders", [map, httpAction("post", targetConnection, "/big-orders")], {
    trigger: { id: "trigger", type: "trigger.webhook", name: "Webhook", config: { connectionId: signing } },
  });
});
afterAll(async () => {
  await server?.close();
  await h?.close();
  await target?.close();
});

const signed = (body: string, eventId: string) =>
  server.inject({
    method: "POST",
    url: `/v1/hooks/${flowId}`,
    payload: body,
    headers: { "content-type": "application/json", "x-event-id": eventId, "x-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` },
  });

function bigOrder(orderNo: string) {
  const lines = Array.from({ length: 2000 }, (_, i) => ({ sku: `SKU-${i}`, qty: (i % 7) + 1, title: `Line ${i} `.padEnd(240, ".") }));
  return { note: "n".repeat(1.5 * 1024 * 1024), orderNo, currency: "EUR", lines };
}

type Mapped = { orderNo: string; currency: string; noteLength: number; lineCount: number; order: ReturnType<typeof bigOrder> };

describe("nothing lost at any size (real Postgres + Redis, a local HTTP target)", () => {
  it("a signed 2 MB order runs on its full payload, is dead-lettered whole and resubmits with it", { timeout: 60_000 }, async () => {
    const order = bigOrder("#5001");
    const body = JSON.stringify(order);
    expect(Buffer.byteLength(body)).toBeGreaterThan(2 * 1024 * 1024);
    target.script("/big-orders", [{ status: 400, body: { error: "rejected once" } }]);

    const res = await signed(body, "big-5001");
    expect(res.statusCode).toBe(202);
    const { runId } = res.json() as { runId: string };
    const dead = await waitForRun(h.db, runId, ["dead"], 30_000);
    expect(dead.run.triggerPayload).toEqual(order);
    expect(dead.run.businessKey).toBe("#5001");

    // The target got the mapping of the real payload, not of a `_truncated` placeholder.
    const [first] = target.requests.filter((r) => r.path === "/big-orders");
    const sent = first!.body as Mapped;
    expect([sent.orderNo, sent.currency, sent.noteLength, sent.lineCount]).toEqual(["#5001", "EUR", order.note.length, 2000]);
    expect(sent.order).toEqual(order);

    // The dead letter keeps the whole mapped input, so resubmission needs nothing else.
    const [letter] = await selectRows(h.db, "deadLetters", { runId });
    expect((letter!.input as { body: Mapped }).body.order).toEqual(order);

    await resubmitDeadLetter({ db: h.db, queue: h.queue }, { deadLetterId: letter!.id, actor });
    const done = await waitForRun(h.db, runId, ["succeeded"], 30_000);
    const [, again] = target.requests.filter((r) => r.path === "/big-orders");
    expect((again!.body as Mapped).order).toEqual(order);
    // The run's output (the target's echo) is kept whole too: a subflow parent reads it.
    expect((done.run.output as { body: { received: Mapped } }).body.received.order).toEqual(order);
  });

  it("a body over the ingress limit gets 413 naming the limit, and creates no run", async () => {
    const body = JSON.stringify({ ...bigOrder("#5002"), padding: "p".repeat(BODY_LIMIT) });
    const res = await signed(body, "big-5002");
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: "PAYLOAD_TOO_LARGE", message: expect.stringContaining(`${BODY_LIMIT} bytes (RUNTIME_BODY_LIMIT_BYTES)`) });
    const runs = await selectRows(h.db, "runs", { flowId });
    expect(runs.map((r) => r.triggerEventId)).not.toContain("big-5002");
  });
});
