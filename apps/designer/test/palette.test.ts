import { nodeTypes } from "@ipaas/flow";
import { describe, expect, it } from "vitest";
import { connectorCatalog, nodeTypeCatalog } from "../src/server/services/palette";

describe("palette", () => {
  it("lists every node type with a JSON Schema of its config", () => {
    const catalog = nodeTypeCatalog();
    expect(catalog.map((n) => n.type)).toEqual([...nodeTypes]);
    const map = catalog.find((n) => n.type === "map")!;
    expect(map.configSchema).toMatchObject({ type: "object", properties: { expression: expect.anything() } });
  });

  it("lists every registered connector's actions with input schemas and samples", () => {
    const connectors = connectorCatalog();
    expect(connectors.map((c) => c.id)).toEqual(expect.arrayContaining(["http", "shopify", "netsuite"]));
    const upsert = connectors.find((c) => c.id === "netsuite")!.actions.find((a) => a.key === "upsertSalesOrder")!;
    expect(upsert).toMatchObject({ sideEffect: true, inputSchema: { type: "object", properties: { externalId: expect.anything() } } });
    expect(upsert.sampleInput).toBeTruthy();
    const shopify = connectors.find((c) => c.id === "shopify")!;
    expect(shopify.webhookEvents.map((e) => e.topic)).toContain("orders/create");
  });
});
