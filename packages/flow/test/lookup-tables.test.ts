import { describe, expect, it } from "vitest";
import { lookupTablesOf } from "../src";

describe("lookupTablesOf", () => {
  it("finds lookup nodes' tables and string-literal $lookup/$lookupOr names in any expression, and counts dynamic names", () => {
    const definition = {
      nodes: [
        { type: "trigger.manual", config: {} },
        { type: "lookup", config: { table: "netsuite-location", key: "warehouse" } },
        {
          type: "map",
          config: {
            expression: `{ "item": $lookup("netsuite-item", sku), "unit": $lookupOr( 'netsuite-unit' , uom, "EA"), "other": $lookup(tableName, sku), "esc": $lookup("odd\\"name", k) }`,
          },
        },
        { type: "action", config: { input: "{ 'items': lines.{ 'item': $lookup(\"netsuite-item\", sku) } }", nested: { deeper: ["$lookupOr('netsuite-ship-method', carrier)"] } } },
        { type: "filter", config: { condition: "status = 'paid'" } },
      ],
    };
    expect(lookupTablesOf(definition)).toEqual({ tables: ['netsuite-item', "netsuite-location", "netsuite-ship-method", "netsuite-unit", 'odd"name'].sort(), dynamic: 1 });
  });

  it("finds nothing in a flow without lookups", () => {
    expect(lookupTablesOf({ nodes: [{ type: "map", config: { expression: "{ 'lookup': $string(x) }" } }] })).toEqual({ tables: [], dynamic: 0 });
  });
});
