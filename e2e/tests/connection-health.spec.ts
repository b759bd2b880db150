import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { openDeadLetters, publishDefinition, publishOrdersToNetSuiteFlow, salesOrdersFor, sendOrders, trpcMutation, trpcQuery, type TestOrder } from "./ops-api";

/*
 * Issue 15's connection health story (docs/architecture.md "Connection health"):
 * the NetSuite simulator goes down (every request 503); the connection turns
 * offline by itself, the poll flow on it is paused, webhook runs wait instead of
 * dead-lettering; the simulator recovers; a passing connection test makes the
 * connection healthy again, the poll flow resumes and every waiting run succeeds
 * exactly once. The global setup runs the health monitor every second.
 */
const CONNECTION = "NetSuite (simulator)";
const NETSUITE = () => process.env.E2E_NETSUITE_SIM_URL!;

interface Health {
  connectionId: string;
  name: string;
  status: string;
  lastError: string | null;
}

const healthOf = async (page: Page) => (await trpcQuery<Health[]>(page, "connections.health", undefined)).find((c) => c.name === CONNECTION);

const order = (n: number): TestOrder => ({ externalId: `health-${n}`, name: `#H${n}`, lines: [{ item: "1201", quantity: 1 }] });

test("NetSuite down: the connection goes offline, the poll flow pauses, webhook runs wait; back up: healthy by itself, each waiting run succeeds once", async ({ page, request }) => {
  test.setTimeout(240_000);
  const connection = await healthOf(page);
  expect(connection, "the simulator's NetSuite connection").toBeDefined();
  const connectionId = connection!.connectionId;
  // Re-test every 2 s while failing, and let two failed calls open the circuit: the story takes seconds, not minutes.
  expect((await trpcMutation(page, "connections.updateLimits", { id: connectionId, limits: { testIntervalSeconds: 2, failureThreshold: 2 } })).status).toBe(200);

  // Webhook → upsert sales order, with attempts to spare: waiting must not spend them.
  const { flowId: hookFlow, hookUrl } = await publishOrdersToNetSuiteFlow(page, "E2E health: orders to NetSuite", { attempts: 5, backoffMs: 200, maxDelayMs: 1000 });
  // NetSuite fulfillments → a map: the poll flow.
  const pollFlow = await publishDefinition(page, "E2E health: NetSuite fulfillments", {
    schemaVersion: 1,
    nodes: [
      {
        id: "poll",
        type: "trigger.poll",
        name: "Fulfillments",
        position: { x: 0, y: 0 },
        config: { connectorId: "netsuite", operation: "itemFulfillmentsSince", connectionName: CONNECTION, intervalSeconds: 10, options: {} },
      },
      { id: "map", type: "map", name: "Tracking", position: { x: 300, y: 0 }, config: { expression: "{ 'fulfillment': id }" } },
    ],
    edges: [{ id: "e1", source: "poll", target: "map" }],
    settings: {},
  });
  const pollRuns = async () => (await trpcQuery<{ items: unknown[] }>(page, "runs.list", { flowId: pollFlow, limit: 200 })).items.length;

  // Working: an order reaches NetSuite; its fulfillment is polled into a run.
  await sendOrders(request, hookUrl, [order(0), order(1)]);
  await expect.poll(() => salesOrdersFor(request, "health-1"), { timeout: 30_000 }).toBe(1);
  expect((await request.post(`${NETSUITE()}/__sim/fulfillments`, { data: { salesOrderExternalId: "health-0" } })).ok()).toBe(true);
  const before = await pollRuns();
  await expect.poll(pollRuns, { timeout: 60_000, intervals: [1000] }).toBeGreaterThan(before);

  // Down: every request answers 503. Webhook runs fail until the circuit opens; the monitor then finds the connection offline.
  expect((await request.post(`${NETSUITE()}/__sim/faults`, { data: { path: "*", status: 503, count: 1_000_000 } })).ok()).toBe(true);
  let pollRunsWhileDown = 0;
  try {
    const waiting = [2, 3, 4, 5, 6].map(order);
    await sendOrders(request, hookUrl, waiting);
    await expect.poll(async () => (await healthOf(page))?.status, { timeout: 60_000, intervals: [500] }).toBe("offline");

    // Seen by people: the connections page, the flow page ("paused"), the dashboard.
    await page.goto("/connections");
    const row = page.locator(`[data-testid="connection-row"][data-connection-name="${CONNECTION}"]`);
    await expect(row.getByTestId("connection-health")).toHaveText("offline");
    await page.goto(`/flows/${pollFlow}`);
    await expect(page.getByTestId("flow-paused")).toContainText(`connection ${CONNECTION} offline`);
    await page.screenshot({ path: "test-results/connection-health-paused.png", fullPage: true });
    await page.goto("/dashboard");
    await expect(page.locator(`[data-testid="dash-connection"][data-connection-name="${CONNECTION}"]`).getByTestId("connection-health")).toHaveText("offline");

    // While offline: a fulfillment made now is not polled, and the webhook runs wait — none dead-lettered, none finished.
    pollRunsWhileDown = await pollRuns();
    expect((await request.post(`${NETSUITE()}/__sim/fulfillments`, { data: { salesOrderExternalId: "health-1" } })).ok()).toBe(true);
    await page.waitForTimeout(12_000); // longer than the poll interval
    expect(await pollRuns()).toBe(pollRunsWhileDown);
    expect(await openDeadLetters(page, hookFlow)).toBe(0);
    const waitingRuns = await trpcQuery<{ items: Array<{ status: string }> }>(page, "runs.list", { flowId: hookFlow, status: ["queued", "failed", "running"], limit: 200 });
    expect(waitingRuns.items).toHaveLength(waiting.length);
    for (const o of waiting) expect(await salesOrdersFor(request, o.externalId)).toBe(0);
  } finally {
    // Up again (also when an assertion above failed, so the specs after this one find NetSuite working).
    await request.delete(`${NETSUITE()}/__sim/faults`);
  }

  // Healthy by itself (the next test passes), the poll flow resumes, every waiting run succeeds once.
  await expect.poll(async () => (await healthOf(page))?.status, { timeout: 60_000, intervals: [500] }).toBe("healthy");
  for (const o of [2, 3, 4, 5, 6].map(order)) await expect.poll(() => salesOrdersFor(request, o.externalId), { timeout: 60_000 }).toBe(1);
  await expect
    .poll(async () => (await trpcQuery<{ items: unknown[] }>(page, "runs.list", { flowId: hookFlow, status: "succeeded", limit: 200 })).items.length, { timeout: 30_000 })
    .toBe(7);
  expect(await openDeadLetters(page, hookFlow)).toBe(0);
  // The fulfillment made while NetSuite was down is polled now.
  await expect.poll(pollRuns, { timeout: 60_000, intervals: [1000] }).toBeGreaterThan(pollRunsWhileDown);
  await page.goto(`/flows/${pollFlow}`);
  await expect(page.getByTestId("flow-connection").filter({ hasText: CONNECTION }).getByTestId("connection-health")).toHaveText("healthy");
  await expect(page.getByTestId("flow-paused")).toHaveCount(0);

  // Leave the stack as it was: default limits, the flows off.
  expect((await trpcMutation(page, "connections.updateLimits", { id: connectionId, limits: {} })).status).toBe(200);
  for (const flowId of [hookFlow, pollFlow]) expect((await trpcMutation(page, "flows.setEnabled", { flowId, enabled: false })).status).toBe(200);
});
