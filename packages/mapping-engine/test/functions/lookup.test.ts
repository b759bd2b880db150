import { describe, expect, it, vi } from "vitest";
import { evaluateExpression, MappingError } from "../../src";
import { failure, run } from "../helpers";

const tables: Record<string, Record<string, unknown>> = {
  "sku-map": { "SHOP-1": "NS-1", "SHOP-2": "NS-2", "42": "NS-42" },
  warehouses: { east: { id: 7, name: "Newark" } },
};
const resolver = (table: string, key: string) => Promise.resolve(tables[table]?.[key]);

describe("$lookup", () => {
  it("reads a cross-reference table through the caller's resolver", async () => {
    expect(await run('$lookup("sku-map", "SHOP-1")', {}, { lookup: resolver })).toBe("NS-1");
    expect(await run('$lookup("warehouses", "east").name', {}, { lookup: resolver })).toBe("Newark");
    expect(await run('$lookup("sku-map", 42)', {}, { lookup: resolver })).toBe("NS-42");
  });

  it("gives the default for a key that is not in the table, and nothing for no key", async () => {
    expect(await run('$lookup("sku-map", "NOPE", "UNMAPPED")', {}, { lookup: resolver })).toBe("UNMAPPED");
    expect(await run('$lookup("sku-map", missing, "NONE")', {}, { lookup: resolver })).toBe("NONE");
    expect(await run('{ "sku": $lookup("sku-map", missing) }', {}, { lookup: resolver })).toEqual({});
  });

  it("fails with LOOKUP_MISSING naming the key and the table when a key is not in the table and no default is given", async () => {
    const err = await failure('{ "item": { "id": $lookup("sku-map", sku) } }', { sku: "SKU-1001" }, { lookup: resolver });
    expect(err.code).toBe("LOOKUP_MISSING");
    expect(err.message).toMatch(/^\$lookup: SKU-1001 not found in sku-map at position \d+$/);
    // A list of keys fails on the first one missing; so does a wrapper passing its own unset default on.
    const many = await failure('$lookup("sku-map", ["SHOP-1", "SKU-7"])', {}, { lookupMany: (t, keys) => new Map(keys.flatMap((k) => (tables[t]?.[k] ? [[k, tables[t][k]] as const] : []))) });
    expect([many.code, many.message]).toEqual(["LOOKUP_MISSING", expect.stringContaining("SKU-7 not found in sku-map")]);
    const wrapped = await failure('($wrap := function($t, $k, $d) { $lookup($t, $k, $d) }; $wrap("sku-map", "SKU-8"))', {}, { lookup: resolver });
    expect(wrapped.message).toContain("SKU-8 not found in sku-map");
  });

  it("$lookupOr gives the default, else nothing, where a missing key is expected", async () => {
    expect(await run('$lookupOr("sku-map", "SHOP-1", "X")', {}, { lookup: resolver })).toBe("NS-1");
    expect(await run('$lookupOr("sku-map", "NOPE", "UNMAPPED")', {}, { lookup: resolver })).toBe("UNMAPPED");
    expect(await run('{ "sku": $lookupOr("sku-map", "NOPE") }', {}, { lookup: resolver })).toEqual({});
    expect(await run('$lookupOr("sku-map", ["SHOP-2", "NOPE"], "?")', {}, { lookup: resolver })).toEqual(["NS-2", "?"]);
    expect((await failure('$lookupOr("sku-map", "X")')).code).toBe("MAPPING_LOOKUP_UNAVAILABLE");
  });

  it("maps over lines and over a list of keys", async () => {
    const input = { lines: [{ sku: "SHOP-1" }, { sku: "SHOP-2" }, { sku: "X" }] };
    expect(await run('lines.$lookup("sku-map", sku, "?")', input, { lookup: resolver })).toEqual(["NS-1", "NS-2", "?"]);
    expect(await run('$lookup("sku-map", lines.sku, "?")', input, { lookup: resolver })).toEqual(["NS-1", "NS-2", "?"]);
  });

  it("asks the resolver once per table and key within an evaluation", async () => {
    const spy = vi.fn(resolver);
    const input = { lines: [{ sku: "SHOP-1" }, { sku: "SHOP-1" }, { sku: "SHOP-1" }] };
    expect(await run('lines.$lookup("sku-map", sku)', input, { lookup: spy })).toEqual(["NS-1", "NS-1", "NS-1"]);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockClear();
    expect(await run('lines.$lookupOr("sku-map", "GONE")', input, { lookup: spy })).toBeUndefined();
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it("accepts a synchronous resolver", async () => {
    expect(await run('$lookup("sku-map", "SHOP-2")', {}, { lookup: (t, k) => tables[t]?.[k] })).toBe("NS-2");
  });

  it("fails clearly, with the position, when no resolver was given", async () => {
    const err = await failure('{ "sku": $lookup("sku-map", sku) }', { sku: "SHOP-1" });
    expect(err.code).toBe("MAPPING_LOOKUP_UNAVAILABLE");
    expect(err.message).toBe(
      '$lookup: the cross-reference table "sku-map" cannot be read here, because no lookup tables are available to this evaluation at position 17',
    );
    expect(err.position).toBe(17);
  });

  it("rethrows the resolver's own failure unchanged (retryable, not a mapping error)", async () => {
    const down = new Error("connection refused");
    const err = await evaluateExpression('$lookup("sku-map", "SHOP-1")', {}, { lookup: () => Promise.reject(down) }).catch((e: unknown) => e);
    expect(err).toBe(down);
    expect(err).not.toBeInstanceOf(MappingError);
  });

  it("keeps JSONata's built-in $lookup(object, field)", async () => {
    expect(await run('$lookup({"a": 1, "b": 2}, "b")')).toBe(2);
    expect(await run('$lookup([{"a": 1}, {"a": 2}, {}], "a")')).toEqual([1, 2]);
    expect(await run('$lookup("a")', { a: "from context" })).toBe("from context");
    expect((await failure('$lookup({"a": 1}, 5)')).message).toContain("the field name must be text");
  });

  it("refuses keys that are not text or numbers", async () => {
    expect((await failure('$lookup("sku-map", {"x": 1})', {}, { lookup: resolver })).message).toContain("the key must be text or a number");
  });
});
