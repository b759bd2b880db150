import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifySimulator } from "../../src/shopify/simulator";

/** The /__sim control API over HTTP (what the devstack and demos use) and Shopify's error shapes. */
describe("Shopify simulator HTTP surface", () => {
  let sim: Awaited<ReturnType<typeof startShopifySimulator>>;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${sim.url}${path}`, { method, headers: { "content-type": "application/json", ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const gql = (query: string) => call("POST", "/admin/api/2025-01/graphql.json", { query }, { "x-shopify-access-token": sim.control.accessToken });
  beforeAll(async () => {
    sim = await startShopifySimulator({ port: 0 });
  });
  afterAll(() => sim.close());

  it("generates orders, lists them, injects faults over HTTP and resets", async () => {
    const gen = await call("POST", "/__sim/orders/generate", { count: 3 });
    expect((gen.body.orders as unknown[]).length).toBe(3);
    expect(((await call("GET", "/__sim/orders")).body.orders as unknown[]).length).toBe(3);
    await call("POST", "/__sim/faults", { operation: "orders", status: 500, count: 1 });
    expect((await gql("{ orders(first: 1) { nodes { id } } }")).status).toBe(500);
    expect((await gql("{ orders(first: 1) { nodes { id } } }")).status).toBe(200);
    expect((await call("GET", "/__sim/inventory?sku=GAD-200")).body.levels).toHaveLength(2);
    await call("POST", "/__sim/reset");
    expect((await call("GET", "/__sim/orders")).body.orders).toEqual([]);
  });

  it("answers like Shopify: 401 body, missing query, first required, max cost, cost extensions", async () => {
    const unauth = await call("POST", "/admin/api/2025-01/graphql.json", { query: "{ shop { name } }" });
    expect(unauth).toEqual({ status: 401, body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" } });
    expect((await call("POST", "/admin/api/2025-01/graphql.json", {}, { "x-shopify-access-token": sim.control.accessToken })).status).toBe(400);
    expect((await gql("{ orders { nodes { id } } }")).body.errors).toEqual([expect.objectContaining({ message: "you must provide one of first or last" })]);
    const tooBig = await gql("{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id variant { id } } } } } }");
    expect(tooBig.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "MAX_COST_EXCEEDED" }) })]);
    const ok = await gql("{ shop { name myshopifyDomain } }");
    expect(ok.body.extensions).toEqual({ cost: { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: expect.any(Number), restoreRate: 100 } } });
    expect((await call("GET", "/admin/api/2025-01/products.json")).status).toBe(404);
  });
});
