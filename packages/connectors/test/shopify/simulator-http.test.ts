import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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

  it("refuses a count it will not generate with 400 naming the limit, instead of quietly making fewer", async () => {
    for (const count of [0, -3, 1.5, "many", 100_001]) {
      expect(await call("POST", "/__sim/orders/generate", { count })).toEqual({ status: 400, body: { errors: "count must be a whole number from 1 to 100000" } });
    }
    expect((await call("GET", "/__sim/orders")).body.orders).toEqual([]);
  });

  it("generates every order of a big count in the background, each announced once, with progress until done", async () => {
    // A subscriber that counts orders/create deliveries by event id.
    const events = new Map<string, number>();
    const receiver = createServer((req, res) => {
      const id = String(req.headers["x-shopify-event-id"]);
      events.set(id, (events.get(id) ?? 0) + 1);
      req.resume().on("end", () => res.writeHead(200).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      await call("POST", "/__sim/webhooks", { topic: "orders/create", callbackUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` });
      const started = await call("POST", "/__sim/orders/generate", { count: 750 });
      expect(started.status).toBe(202);
      const job = started.body.job as { id: string; count: number; status: string };
      expect(job).toMatchObject({ count: 750, status: "running" });
      expect(started.body.progressUrl).toBe(`/__sim/orders/generate/${job.id}`);
      let progress: { generated: number; status: string; finishedAt: string | null } | undefined;
      await expect
        .poll(async () => {
          progress = (await call("GET", started.body.progressUrl as string)).body.job as typeof progress;
          return progress?.status;
        }, { timeout: 60_000 })
        .toBe("done");
      expect(progress).toMatchObject({ generated: 750, finishedAt: expect.any(String) });
      expect(((await call("GET", "/__sim/orders")).body.orders as unknown[]).length).toBe(750);
      await sim.control.webhooksIdle();
      expect(events.size).toBe(750);
      expect([...events.values()].every((n) => n === 1)).toBe(true);
      expect((await call("GET", "/__sim/orders/generate")).body.jobs).toEqual([expect.objectContaining({ id: job.id, status: "done" })]);
    } finally {
      receiver.close();
      await call("POST", "/__sim/reset");
    }
  }, 90_000);

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
