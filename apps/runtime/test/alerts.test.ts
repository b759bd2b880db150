import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createFlow, dashboardWindow, gaugePerBucket, generateEncryptionKey, KeyRing, rotateEncryptionKeys, webhookHint, type Db } from "@ipaas/db";
import { createTestDatabase, deleteRows, insertRow, randomQueuePrefix, selectRows, updateRows, type NewTableRow, type TestDatabase } from "@ipaas/db/testing";
import { createOutboundPolicy } from "@ipaas/connectors";
import { createRunsQueue, type RunJob } from "@ipaas/jobs";
import type { Queue } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { evaluateAlerts, type AlertDeps } from "../src/maintenance/alerts";
import { sampleQueueDepth } from "../src/maintenance/samples";

/** A local Slack-like incoming webhook: records each POST and answers as told. */
interface Hook {
  url: string;
  received: Array<{ path: string; body: { text: string; blocks: Array<{ type: string; text?: { type: string; text: string } }> } }>;
  answer: (path: string) => { status: number; body: string } | "hang";
  close(): Promise<void>;
}

async function startHook(): Promise<Hook> {
  const hook = { received: [], answer: () => ({ status: 200, body: "ok" }) } as unknown as Hook;
  const server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (chunk: Buffer) => (data += chunk.toString()));
    req.on("end", () => {
      hook.received.push({ path: req.url ?? "", body: JSON.parse(data) as Hook["received"][number]["body"] });
      const answer = hook.answer(req.url ?? "");
      if (answer === "hang") return;
      res.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // The path is the credential, as in Slack's https://hooks.slack.com/services/T…/B…/<token>.
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0001/B0002/s3cr3tT0kenXYZ`;
  hook.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return hook;
}

let t: TestDatabase;
let db: Db;
let queue: Queue<RunJob>;
let hook: Hook;
const k1 = generateEncryptionKey();
const keyRing = new KeyRing(`k1:${k1}`);
const warnings: unknown[] = [];
const logger = { warn: (...args: unknown[]) => void warnings.push(args) } as unknown as AlertDeps["logger"];
let flow: { id: string; versionId: string; publishedAt: Date };

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  hook = await startHook();
  const created = await createFlow(db, { name: "Orders", definition: { schemaVersion: 1, nodes: [], edges: [] }, publish: { message: "v1" } });
  flow = { id: created.flow.id, versionId: created.version!.id, publishedAt: created.version!.publishedAt };
});
afterAll(async () => {
  await hook?.close();
  await outbound.close();
  await queue?.close();
  await t?.close();
});
beforeEach(async () => {
  await deleteRows(db, "alertRules");
  await deleteRows(db, "deadLetters");
  await deleteRows(db, "runs");
  await queue.obliterate({ force: true });
  hook.received.length = 0;
  hook.answer = () => ({ status: 200, body: "ok" });
  warnings.length = 0;
});

// The test webhooks listen on loopback, which the default policy refuses: the allow-list names that address.
const outbound = createOutboundPolicy({ allow: "127.0.0.1" });
const tick = (now: Date, extra: Partial<AlertDeps> = {}) => evaluateAlerts({ db, queue, keyRing, logger, outbound, now, ...extra });
const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);

async function addRule(values: Partial<NewTableRow<"alertRules">> & Pick<NewTableRow<"alertRules">, "kind">, url: string | null = hook.url) {
  return insertRow(db, "alertRules", { name: `${values.kind} rule`, webhook: url ? keyRing.encrypt(url) : null, webhookHint: url ? webhookHint(url) : null, ...values });
}

async function addDeadLetter(createdAt: Date) {
  const run = await insertRow(db, "runs", { flowId: flow.id, flowVersionId: flow.versionId, status: "dead", triggerType: "trigger.webhook", correlationId: "c", createdAt });
  return insertRow(db, "deadLetters", { runId: run.id, flowId: flow.id, nodeId: "n", errorClass: "TARGET_VALIDATION", errorMessage: "bad", error: {}, attempts: 1, correlationId: "c", createdAt });
}

const alertRows = (ruleId: string) => selectRows(db, "alerts", { ruleId });
const texts = () => hook.received.map((r) => r.body.text);

/** Nothing anyone can read — alert rows, audit rows, logged warnings — holds the URL or its token. */
async function expectNoUrlAnywhere() {
  const stored = JSON.stringify([await selectRows(db, "alerts"), await selectRows(db, "auditLog"), warnings]);
  expect(stored).not.toContain(hook.url);
  expect(stored).not.toContain("s3cr3tT0kenXYZ");
}

describe("alert evaluator (real Postgres, Redis and an HTTP webhook)", () => {
  it("fires once per condition, keeps its value current, notifies each transition exactly once and resolves by itself", async () => {
    const t0 = new Date();
    const rule = await addRule({ kind: "dead_letters", name: "Orders failing", flowId: flow.id, threshold: 2, windowMinutes: 15 });
    for (let i = 0; i < 3; i++) await addDeadLetter(minutes(t0, -1));

    expect(await tick(t0)).toMatchObject({ rules: 1, fired: 1, notified: 1 });
    for (const n of [0.5, 1, 1.5]) expect(await tick(minutes(t0, n))).toMatchObject({ fired: 0, resolved: 0, notified: 0 });
    await addDeadLetter(minutes(t0, 1));
    await tick(minutes(t0, 2));

    const [firing, ...more] = await alertRows(rule.id);
    expect(more).toHaveLength(0); // deduplicated: one alert however many ticks
    expect(firing).toMatchObject({ status: "firing", value: 4, message: '4 open dead letters in the last 15 min on flow "Orders" (alert above 2)', notifyError: null });
    expect(firing!.notifiedAt).not.toBeNull();
    expect(hook.received).toHaveLength(1);
    const [fired] = hook.received;
    expect(fired!.path).toBe("/services/T0001/B0002/s3cr3tT0kenXYZ");
    expect(fired!.body.text).toBe('🔴 FIRING: Orders failing — 3 open dead letters in the last 15 min on flow "Orders" (alert above 2)');
    expect(fired!.body.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: expect.stringContaining("*🔴 FIRING: Orders failing*\n3 open dead letters") } });

    // 20 minutes on, the letters are older than the 15-minute window: the condition clears.
    expect(await tick(minutes(t0, 20))).toMatchObject({ resolved: 1, notified: 1 });
    expect(await tick(minutes(t0, 20.5))).toMatchObject({ fired: 0, resolved: 0, notified: 0 });
    expect(texts()).toEqual([expect.stringMatching(/^🔴 FIRING: Orders failing — /), expect.stringMatching(/^✅ RESOLVED: Orders failing — 4 open dead letters/)]);
    expect(hook.received[1]!.body.blocks[0]!.text!.type).toBe("mrkdwn");
    expect(await alertRows(rule.id)).toMatchObject([{ status: "resolved", resolvedAt: minutes(t0, 20) }]);

    // Firing again is a new alert, notified again.
    await addDeadLetter(minutes(t0, 29));
    await addDeadLetter(minutes(t0, 29));
    await addDeadLetter(minutes(t0, 29));
    expect(await tick(minutes(t0, 30))).toMatchObject({ fired: 1, notified: 1 });
    expect(await alertRows(rule.id)).toHaveLength(2);
    expect(hook.received).toHaveLength(3);
    await expectNoUrlAnywhere();
  });

  it("stores a failed delivery, retries it on the next ticks, and never records the URL", async () => {
    const t0 = new Date();
    const rule = await addRule({ kind: "dead_letters", threshold: 0, windowMinutes: 60 });
    await addDeadLetter(t0);
    // A receiver that echoes the URL back in its answer must not get it into notify_error: the answer's body is never kept.
    hook.answer = (path) => ({ status: 500, body: `no_service for ${path}` });
    expect(await tick(t0)).toMatchObject({ fired: 1, notified: 0, notifyFailed: 1 });
    let [alert] = await alertRows(rule.id);
    expect(alert).toMatchObject({ notifiedAt: null, notifyError: "HTTP 500" });
    expect(await tick(minutes(t0, 0.5))).toMatchObject({ fired: 0, notifyFailed: 1 });

    hook.answer = () => "hang";
    expect(await tick(minutes(t0, 1), { timeoutMs: 300 })).toMatchObject({ notifyFailed: 1 });
    [alert] = await alertRows(rule.id);
    expect(alert!.notifyError).toBe("no answer within 0.3 s");

    hook.answer = () => ({ status: 200, body: "ok" });
    expect(await tick(minutes(t0, 1.5))).toMatchObject({ notified: 1, notifyFailed: 0 });
    [alert] = await alertRows(rule.id);
    expect(alert).toMatchObject({ notifyError: null, notifiedAt: minutes(t0, 1.5) });
    expect(await tick(minutes(t0, 2))).toMatchObject({ notified: 0 });
    // Four attempts reached the server; only the last was accepted, so exactly one FIRING was delivered.
    expect(texts().every((text) => text.startsWith("🔴 FIRING: dead_letters rule"))).toBe(true);
    expect(hook.received).toHaveLength(4);
    expect(warnings.length).toBe(3);
    await expectNoUrlAnywhere();
  });

  it("reports an unreachable webhook or a missing key without the URL", async () => {
    const t0 = new Date();
    const closed = await startHook();
    await closed.close();
    const rule = await addRule({ kind: "dead_letters", threshold: 0 }, closed.url);
    await addDeadLetter(t0);
    await tick(t0);
    expect((await alertRows(rule.id))[0]!.notifyError).toBe("could not connect (ECONNREFUSED)");
    await tick(minutes(t0, 0.5), { keyRing: null });
    expect((await alertRows(rule.id))[0]!.notifyError).toBe("IPAAS_ENCRYPTION_KEY is not set: the webhook URL cannot be opened");
    expect(JSON.stringify([await selectRows(db, "alerts"), warnings])).not.toContain(closed.url.split("/services")[1]);
  });

  it("refuses a webhook on an internal address under the default policy: nothing is sent, the rule is named", async () => {
    const t0 = new Date();
    const rule = await addRule({ kind: "dead_letters", threshold: 0 });
    await addDeadLetter(t0);
    const strict = createOutboundPolicy();
    expect(await tick(t0, { outbound: strict })).toMatchObject({ fired: 1, notifyFailed: 1 });
    expect((await alertRows(rule.id))[0]!.notifyError).toBe(
      "refused by the outbound network policy: 127.0.0.1 is a loopback address (rule: loopback); an admin can allow it with IPAAS_OUTBOUND_ALLOW",
    );
    expect(hook.received).toEqual([]);
    await strict.close();
  });

  it("no_success: counts from publish or rule creation, fires after M minutes, resolves on a success or when the flow is disabled", async () => {
    const t0 = new Date(Math.max(Date.now(), flow.publishedAt.getTime()));
    const rule = await addRule({ kind: "no_success", name: "Orders silent", flowId: flow.id, windowMinutes: 10, createdAt: t0 });
    expect(await tick(minutes(t0, 9))).toMatchObject({ fired: 0 });
    expect(await tick(minutes(t0, 10))).toMatchObject({ fired: 1, notified: 1 });
    expect(texts()[0]).toBe('🔴 FIRING: Orders silent — No successful run of flow "Orders" for 10 min since it was published or the rule created (alert at 10 min)');
    await tick(minutes(t0, 12));
    expect((await alertRows(rule.id))[0]).toMatchObject({ status: "firing", value: 12 });

    await insertRow(db, "runs", { flowId: flow.id, flowVersionId: flow.versionId, status: "succeeded", triggerType: "trigger.manual", correlationId: "c", createdAt: minutes(t0, 12), finishedAt: minutes(t0, 12.2) });
    expect(await tick(minutes(t0, 13))).toMatchObject({ resolved: 1, notified: 1 });
    expect(texts()[1]).toMatch(/^✅ RESOLVED: Orders silent — /);
    expect(await tick(minutes(t0, 21))).toMatchObject({ fired: 0 }); // 8.8 min since that success
    expect(await tick(minutes(t0, 23))).toMatchObject({ fired: 1 });
    expect((await alertRows(rule.id)).find((a) => a.status === "firing")!.message).toBe('No successful run of flow "Orders" for 10 min (alert at 10 min)');

    // A disabled flow is not expected to succeed.
    await updateRows(db, "flows", { id: flow.id }, { enabled: false });
    try {
      expect(await tick(minutes(t0, 24))).toMatchObject({ resolved: 1 });
      expect(await tick(minutes(t0, 60))).toMatchObject({ fired: 0 });
    } finally {
      await updateRows(db, "flows", { id: flow.id }, { enabled: true });
    }
  });

  it("queue_depth: fires above N waiting + delayed jobs and resolves when the queue drains; a disabled rule resolves too", async () => {
    const t0 = new Date();
    const rule = await addRule({ kind: "queue_depth", name: "Backlog", threshold: 2 }, null);
    for (let i = 0; i < 2; i++) await queue.add("run", { runId: randomUUID(), flowId: flow.id, flowVersionId: flow.versionId, seq: 0 }, { delay: 60_000 });
    expect(await tick(t0)).toMatchObject({ fired: 0 });
    await queue.add("run", { runId: randomUUID(), flowId: flow.id, flowVersionId: flow.versionId, seq: 0 });
    expect(await tick(minutes(t0, 0.5))).toMatchObject({ fired: 1, notified: 0 }); // no webhook: shown in the UI only
    expect((await alertRows(rule.id))[0]).toMatchObject({ value: 3, message: "3 jobs waiting in the runs queue (1 waiting, 2 delayed, 0 prioritized; alert above 2)" });

    expect(await sampleQueueDepth({ db, queue, now: minutes(t0, 0.5) })).toEqual({ waiting: 1, delayed: 2, prioritized: 0, active: 0, total: 3 });
    const gauge = await gaugePerBucket(db, dashboardWindow("hour", minutes(t0, 1)), "queue_depth", { state: "total" });
    expect(gauge.filter((p) => p.max !== null).map((p) => p.max)).toEqual([3]);

    await updateRows(db, "alertRules", { id: rule.id }, { enabled: false });
    expect(await tick(minutes(t0, 1))).toMatchObject({ resolved: 1 });
    await updateRows(db, "alertRules", { id: rule.id }, { enabled: true });
    expect(await tick(minutes(t0, 1.5))).toMatchObject({ fired: 1 });
    await queue.drain(true);
    expect(await tick(minutes(t0, 2))).toMatchObject({ resolved: 1 });
    expect(hook.received).toHaveLength(0);
  });

  it("after a key rotation, a runtime holding only the new key still delivers", async () => {
    const t0 = new Date();
    const k2 = generateEncryptionKey();
    await addRule({ kind: "dead_letters", name: "Rotated", threshold: 0 });
    const rotated = await rotateEncryptionKeys(db, new KeyRing(`k2:${k2},k1:${k1}`));
    expect(rotated).toMatchObject({ alertWebhooks: 1, remaining: 0 });
    await addDeadLetter(t0);
    expect(await tick(t0, { keyRing: new KeyRing(`k2:${k2}`) })).toMatchObject({ fired: 1, notified: 1 });
    expect(texts()).toEqual([expect.stringMatching(/^🔴 FIRING: Rotated — /)]);
  });
});
