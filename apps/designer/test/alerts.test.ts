import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createOutboundPolicy } from "@ipaas/connectors";
import { createFlow, createUser, getAlertRuleRow, KeyRing, type SecretEnvelope } from "@ipaas/db";
import { createTestDatabase, insertRows, randomQueuePrefix, type TestDatabase } from "@ipaas/db/testing";
import { createRunsQueue } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { Role, SessionUser } from "../src/server/services/users";
import { auditRows, codeOf, testOutbound } from "./helpers";

// The alerts and dashboard routers through createCaller, on real Postgres + Redis,
// with a local HTTP server standing in for Slack's incoming webhook.
let t: TestDatabase;
let queue: RunsQueue;
let server: Server;
let webhook: string;
let flowId: string;
const TOKEN = `tok${randomBytes(8).toString("hex")}`;
const received: Array<{ text: string; blocks: unknown[] }> = [];
let answer = 200;
const users = {} as Record<Role, SessionUser>;
const keyRing = new KeyRing(randomBytes(32).toString("base64"));
/** Every response of the test, to check that none of them carries the URL. */
const responses: unknown[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  for (const role of ["admin", "analyst", "operator", "viewer"] as const) users[role] = await createUser(t.db, { email: `${role}@alerts.test`, name: role, role });
  flowId = (await createFlow(t.db, { name: "Orders", definition: { schemaVersion: 1, nodes: [], edges: [] }, publish: { message: "v1" } })).flow.id;
  server = createServer((req, res) => {
    let data = "";
    req.on("data", (chunk: Buffer) => (data += chunk.toString()));
    req.on("end", () => {
      received.push(JSON.parse(data) as (typeof received)[number]);
      res.writeHead(answer).end(answer === 200 ? "ok" : `invalid_token ${req.url}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  webhook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T1/B1/${TOKEN}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await queue?.close();
  await t?.close();
});

const strictOutbound = createOutboundPolicy();

/** A caller whose every result is kept for the final "no URL anywhere" check. */
function as(role: Role, ring: KeyRing | null = keyRing, outbound = testOutbound) {
  const caller = createCaller({ db: t.db, queue, user: users[role], keyRing: ring, ip: "127.0.0.1", outbound });
  const keep = <T>(promise: Promise<T>) => promise.then((value) => (responses.push(value), value));
  return {
    rules: () => keep(caller.alerts.rules()),
    createRule: (input: Parameters<typeof caller.alerts.createRule>[0]) => keep(caller.alerts.createRule(input)),
    updateRule: (input: Parameters<typeof caller.alerts.updateRule>[0]) => keep(caller.alerts.updateRule(input)),
    deleteRule: (input: { id: string }) => keep(caller.alerts.deleteRule(input)),
    testNotification: (input: { id: string }) => keep(caller.alerts.testNotification(input)),
    list: () => keep(caller.alerts.list()),
    firingCount: () => keep(caller.alerts.firingCount()),
    overview: (input: Parameters<typeof caller.dashboard.overview>[0]) => keep(caller.dashboard.overview(input)),
  };
}

/** The message of a rejected call (to check what error texts reveal). */
const messageOf = (promise: Promise<unknown>) => promise.then(
  () => "",
  (e: unknown) => (e as Error).message,
);

describe("alerts router", () => {
  it("creates, edits and deletes rules; the webhook URL is write-only and audited only as set/replaced/cleared", async () => {
    const operator = as("operator");
    const rule = await operator.createRule({ name: "Orders failing", kind: "dead_letters", flowId, threshold: 3, windowMinutes: 10, webhookUrl: webhook });
    expect(rule).toMatchObject({ name: "Orders failing", flowName: "Orders", threshold: 3, windowMinutes: 10, enabled: true, webhookSet: true, firing: false });
    expect(rule.webhookHint).toBe(`${new URL(webhook).host}/…/${TOKEN.slice(-4)}`);
    const row = await getAlertRuleRow(t.db, rule.id);
    expect(keyRing.decrypt(row.webhook as SecretEnvelope)).toBe(webhook); // sealed, and opens to the URL

    expect((await as("viewer").rules()).map((r) => r.id)).toContain(rule.id);
    expect(await codeOf(createCaller({ db: t.db, queue, user: users.viewer, keyRing }).alerts.createRule({ name: "x", kind: "queue_depth" }))).toBe("FORBIDDEN");

    const renamed = await operator.updateRule({ id: rule.id, name: "Orders failing hard", threshold: 5 });
    expect(renamed).toMatchObject({ name: "Orders failing hard", threshold: 5, webhookSet: true, webhookHint: rule.webhookHint }); // absent URL: kept
    const replaced = await operator.updateRule({ id: rule.id, webhookUrl: "https://hooks.slack.com/services/T9/B9/otherToken1234" });
    expect(replaced.webhookHint).toBe("hooks.slack.com/…/1234");
    const cleared = await operator.updateRule({ id: rule.id, webhookUrl: null });
    expect(cleared).toMatchObject({ webhookSet: false, webhookHint: null });
    await operator.deleteRule({ id: rule.id });
    expect((await operator.rules()).map((r) => r.id)).not.toContain(rule.id);

    const audit = await auditRows(t.db, { targetId: rule.id });
    expect(audit.map((a) => [a.action, a.actorEmail])).toEqual([
      ["alert_rule.create", "operator@alerts.test"],
      ["alert_rule.update", "operator@alerts.test"],
      ["alert_rule.update", "operator@alerts.test"],
      ["alert_rule.update", "operator@alerts.test"],
      ["alert_rule.delete", "operator@alerts.test"],
    ]);
    expect(audit.map((a) => (a.summary as { webhook?: string }).webhook)).toEqual(["set", undefined, "replaced", "cleared", undefined]);
    expect(audit[1]!.summary).toMatchObject({ changes: { name: { before: "Orders failing", after: "Orders failing hard" }, threshold: { before: 3, after: 5 } } });
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
    expect(JSON.stringify(audit)).not.toContain("otherToken1234");
  });

  it("validates rules without echoing the URL", async () => {
    const operator = as("operator");
    expect(await codeOf(operator.createRule({ name: " ", kind: "dead_letters" }))).toBe("BAD_REQUEST");
    expect(await codeOf(operator.createRule({ name: "n", kind: "dead_letters", threshold: -1 }))).toBe("BAD_REQUEST");
    expect(await codeOf(operator.createRule({ name: "n", kind: "dead_letters", windowMinutes: 0 }))).toBe("BAD_REQUEST");
    expect(await codeOf(operator.createRule({ name: "n", kind: "dead_letters", windowMinutes: 1441 }))).toBe("BAD_REQUEST");
    expect(await messageOf(operator.createRule({ name: "n", kind: "no_success" }))).toMatch(/flowId: a no_success rule watches one flow/);
    const ftp = `ftp://files.example.com/${TOKEN}`;
    const refused = await messageOf(operator.createRule({ name: "n", kind: "queue_depth", webhookUrl: ftp }));
    expect(refused).toContain("the webhook URL must be an http(s) URL");
    expect(refused).not.toContain(TOKEN);
    expect(await codeOf(operator.createRule({ name: "n", kind: "dead_letters", flowId: randomUUID() }))).toBe("NOT_FOUND");
    // Without a master key, webhooks cannot be sealed; UI-only rules still can be made.
    expect(await codeOf(as("operator", null).createRule({ name: "n", kind: "queue_depth", webhookUrl: webhook }))).toBe("PRECONDITION_FAILED");
    const uiOnly = await as("operator", null).createRule({ name: "Backlog", kind: "queue_depth", flowId, threshold: 100 });
    expect(uiOnly).toMatchObject({ flowId: null, webhookSet: false }); // the queue is shared: a flow is dropped
    const rule = await operator.createRule({ name: "Silent", kind: "no_success", flowId, windowMinutes: 30 });
    expect(await codeOf(operator.updateRule({ id: rule.id, flowId: null }))).toBe("BAD_REQUEST");
    expect(await codeOf(operator.updateRule({ id: randomUUID(), name: "x" }))).toBe("NOT_FOUND");
  });

  it("sends a Slack-shaped test notification and reports a failure without the URL", async () => {
    const rule = await as("admin").createRule({ name: "Test me", kind: "queue_depth", threshold: 10, webhookUrl: webhook });
    received.length = 0;
    expect(await as("operator").testNotification({ id: rule.id })).toEqual({ ok: true, message: "Delivered: the webhook accepted the test message." });
    expect(received).toHaveLength(1);
    expect(received[0]!.text).toBe("🧪 TEST: Test me — Test notification: alerts of this rule will arrive here.");
    expect(received[0]!.blocks[0]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });

    answer = 403;
    try {
      const failed = await as("operator").testNotification({ id: rule.id });
      // The answer's body ("invalid_token <url>") is never echoed: only the status.
      expect(failed).toEqual({ ok: false, message: "Delivery failed: HTTP 403" });
    } finally {
      answer = 200;
    }
    // Under the default policy (no allow-list), a webhook on an internal address is refused before any request.
    received.length = 0;
    expect(await as("operator", keyRing, strictOutbound).testNotification({ id: rule.id })).toEqual({
      ok: false,
      message: "Delivery failed: refused by the outbound network policy: 127.0.0.1 is a loopback address (rule: loopback); an admin can allow it with IPAAS_OUTBOUND_ALLOW",
    });
    expect(received).toEqual([]);
    const uiOnly = await as("operator").createRule({ name: "No hook", kind: "queue_depth" });
    expect(await codeOf(as("operator").testNotification({ id: uiOnly.id }))).toBe("BAD_REQUEST");
    expect(await codeOf(as("operator", null).testNotification({ id: rule.id }))).toBe("PRECONDITION_FAILED");
    const audit = await auditRows(t.db, { action: "alert_rule.test" });
    expect(audit.map((a) => (a.summary as { ok: boolean }).ok)).toEqual([true, false, false]);
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
  });

  it("lists firing alerts first, then recent resolved ones, and counts the firing ones", async () => {
    const a = await as("operator").createRule({ name: "A", kind: "queue_depth", webhookUrl: webhook });
    const b = await as("operator").createRule({ name: "B", kind: "dead_letters", flowId });
    const ago = (min: number) => new Date(Date.now() - min * 60_000);
    await insertRows(t.db, "alerts", [
      { ruleId: a.id, status: "resolved", message: "old", value: 1, firedAt: ago(60), resolvedAt: ago(50) },
      { ruleId: a.id, status: "resolved", message: "recent", value: 2, firedAt: ago(20), resolvedAt: ago(10), notifyError: "HTTP 500" },
      { ruleId: b.id, status: "firing", message: "now", value: 7, firedAt: ago(30) },
    ]);
    const alerts = (await as("viewer").list()).filter((x) => [a.id, b.id].includes(x.ruleId));
    expect(alerts.map((x) => [x.ruleName, x.status, x.message])).toEqual([
      ["B", "firing", "now"],
      ["A", "resolved", "recent"],
      ["A", "resolved", "old"],
    ]);
    expect(alerts[0]).toMatchObject({ flowName: "Orders", value: 7, webhookSet: false });
    expect(alerts[1]).toMatchObject({ notifyError: "HTTP 500", webhookSet: true });
    expect(await as("viewer").firingCount()).toEqual({ count: 1 });
    expect((await as("viewer").rules()).find((r) => r.id === b.id)!.firing).toBe(true);
  });
});

describe("dashboard router", () => {
  it("returns every series for a range, zero-filled, with headline figures and the live queue depth", async () => {
    const { flow, version } = await createFlow(t.db, { name: "Dash", definition: { schemaVersion: 1, nodes: [], edges: [] }, publish: { message: "v1" } });
    const now = Date.now();
    await insertRows(t.db, "runs", [
      { flowId: flow.id, flowVersionId: version!.id, status: "succeeded", triggerType: "t", correlationId: "c", createdAt: new Date(now - 120_000), finishedAt: new Date(now - 119_000) },
      { flowId: flow.id, flowVersionId: version!.id, status: "dead", triggerType: "t", correlationId: "c", createdAt: new Date(now - 60_000) },
    ]);
    await queue.add("run", { runId: randomUUID(), flowId: flow.id, flowVersionId: version!.id, seq: 0 }, { delay: 60_000 });

    const hour = await as("viewer").overview({ range: "hour", flowId: flow.id });
    expect(hour.runs).toHaveLength(60);
    expect(hour.headline).toMatchObject({ runs: 2, succeeded: 1, errorRate: 0.5, queue: { delayed: 1, total: 1 } });
    expect(hour.syncLag).toEqual([{ flowId: flow.id, flowName: "Dash", runs: 1, p50Ms: 1_000, p95Ms: 1_000 }]);
    expect(hour.deadLetters.overTime).toHaveLength(60);
    expect(hour.queueDepth.every((p) => p.max === null)).toBe(true); // nothing sampled in this test
    expect((await as("analyst").overview({ range: "day" })).runs).toHaveLength(96);
    expect((await as("operator").overview({ range: "week" })).runs).toHaveLength(84);
    expect(await codeOf(as("viewer").overview({ range: "month" as "hour" }))).toBe("BAD_REQUEST");
  });
});

describe("no API response", () => {
  it("contains a webhook URL or its token", () => {
    expect(responses.length).toBeGreaterThan(20);
    const all = JSON.stringify(responses);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain("otherToken1234");
    expect(all).not.toContain("/services/T1/B1/");
  });
});
