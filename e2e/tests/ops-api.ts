import { expect, type APIRequestContext, type Page } from "@playwright/test";

/*
 * Set-up through the product's own APIs (tRPC as the browser calls it, the
 * runtime's webhook ingress, the NetSuite simulator's control API), so the specs
 * spend their browser time on the story they test.
 */

/** The designer checks Origin on mutations (CSRF); the browser would send its own. */
const origin = () => new URL(process.env.E2E_BASE_URL!).origin;

/** A tRPC mutation with the page's session cookie (superjson wire format). */
export async function trpcMutation<T>(page: Page, path: string, input: unknown): Promise<{ status: number; body: T }> {
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input }, headers: { origin: origin() } });
  const json = (await res.json()) as { result?: { data?: { json?: T } } };
  return { status: res.status(), body: json.result?.data?.json as T };
}

export async function trpcQuery<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.ok(), `${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** A flow created in the sandbox and published from `definition`, through the calls the editor makes. */
export async function publishDefinition(page: Page, name: string, definition: unknown): Promise<string> {
  const created = await trpcMutation<{ flowId: string }>(page, "flows.create", { name, environment: "sandbox" });
  expect(created.status, `flows.create ${JSON.stringify(created.body)}`).toBe(200);
  const { flowId } = created.body;
  expect((await trpcMutation(page, "flows.saveDraft", { flowId, definition })).status).toBe(200);
  const published = await trpcMutation<{ published: boolean }>(page, "flows.publish", { flowId, message: "e2e" });
  expect(published.body, JSON.stringify(published.body)).toMatchObject({ published: true });
  return flowId;
}

/**
 * A published flow: webhook → NetSuite "Upsert sales order" on the simulator's
 * sandbox connection. The order's lines name NetSuite item ids directly, so an
 * order with an unknown item makes NetSuite answer 400 INVALID_KEY_OR_REF — a
 * failure no retry fixes, which dead-letters the step with its input kept.
 * `retry` replaces the flow's retry policy (2 quick attempts).
 */
export async function publishOrdersToNetSuiteFlow(page: Page, name: string, retry = { attempts: 2, backoffMs: 200, maxDelayMs: 1000 }): Promise<{ flowId: string; hookUrl: string }> {
  const definition = {
    schemaVersion: 1,
    nodes: [
      { id: "hook", type: "trigger.webhook", name: "Order received", position: { x: 0, y: 0 }, config: { verification: "public" } },
      {
        id: "upsert",
        type: "action",
        name: "Upsert sales order",
        position: { x: 300, y: 0 },
        config: {
          connectorId: "netsuite",
          operation: "upsertSalesOrder",
          connectionName: "NetSuite (simulator)",
          input:
            "{ 'externalId': externalId, 'record': { 'entity': { 'id': '1042' }, 'tranDate': '2026-11-25', 'otherRefNum': name, 'location': { 'id': '3' }, 'item': { 'items': [lines.{ 'item': { 'id': item }, 'quantity': quantity }] } } }",
        },
      },
    ],
    edges: [{ id: "e1", source: "hook", target: "upsert" }],
    settings: { retry, businessKey: "name" },
  };
  const flowId = await publishDefinition(page, name, definition);
  return { flowId, hookUrl: `${process.env.E2E_RUNTIME_URL!}/v1/hooks/${flowId}` };
}

export interface TestOrder {
  externalId: string;
  name: string;
  lines: Array<{ item: string; quantity: number }>;
}

export async function sendOrders(request: APIRequestContext, hookUrl: string, orders: TestOrder[]): Promise<void> {
  // A few at a time: ingress answers 202 once the run is recorded.
  for (let i = 0; i < orders.length; i += 20) {
    await Promise.all(
      orders.slice(i, i + 20).map(async (order) => {
        const res = await request.post(hookUrl, { data: order, headers: { "x-event-id": `evt-${order.externalId}` } });
        expect(res.status(), `webhook for ${order.name}: ${await res.text()}`).toBe(202);
      }),
    );
  }
}

/** Sales orders the NetSuite simulator holds for an external id. */
export async function salesOrdersFor(request: APIRequestContext, externalId: string): Promise<number> {
  const res = await request.get(`${process.env.E2E_NETSUITE_SIM_URL!}/__sim/records/salesOrder?externalId=${encodeURIComponent(externalId)}`);
  return ((await res.json()) as { items: unknown[] }).items.length;
}

/** Open dead letters of a flow, as the workbench counts them. */
export async function openDeadLetters(page: Page, flowId: string): Promise<number> {
  return (await trpcQuery<{ count: number }>(page, "deadLetters.countMatching", { filter: { flowId } })).count;
}
