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

  it("gives the default, else nothing, for a key that is not in the table", async () => {
    expect(await run('$lookup("sku-map", "NOPE", "UNMAPPED")', {}, { lookup: resolver })).toBe("UNMAPPED");
    expect(await run('{ "sku": $lookup("sku-map", "NOPE") }', {}, { lookup: resolver })).toEqual({});
    expect(await run('$lookup("sku-map", missing, "NONE")', {}, { lookup: resolver })).toBe("NONE");
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
