import { describe, expect, it } from "vitest";
import { z } from "zod";
import { mappingSchema, runMappingTests, structuralDiff, targetSchemaByName, type MappingInput } from "../src";

const toSalesOrder: MappingInput = {
  name: "Shopify order → SalesOrder",
  version: 1,
  targetSchema: "SalesOrder",
  expression: `{
    "externalId": "shopify-" & $string(id),
    "lines": [line_items.{ "sku": $lookup("sku-map", sku, sku), "quantity": quantity }]
  }`,
  tests: [
    {
      name: "two lines",
      input: { id: 1, line_items: [{ sku: "A", quantity: 2 }, { sku: "B", quantity: 1 }] },
      expected: { externalId: "shopify-1", lines: [{ sku: "NS-A", quantity: 2 }, { sku: "B", quantity: 1 }] },
    },
  ],
};
const targetSchemas = {
  SalesOrder: z.object({ externalId: z.string(), lines: z.array(z.object({ sku: z.string(), quantity: z.number().positive() })).min(1) }),
};
const lookup = (_table: string, key: string) => (key === "A" ? "NS-A" : undefined);

describe("mappingSchema", () => {
  it("accepts a saved mapping and defaults its tests", () => {
    const parsed = mappingSchema.parse({ name: "m", expression: "$", version: 3, targetSchema: { type: "object" } });
    expect(parsed.tests).toEqual([]);
    expect(mappingSchema.safeParse(toSalesOrder).success).toBe(true);
  });

  it("rejects a mapping without expression or with a fractional version", () => {
    expect(mappingSchema.safeParse({ name: "m", expression: "", version: 1 }).success).toBe(false);
    expect(mappingSchema.safeParse({ name: "m", expression: "$", version: 1.5 }).success).toBe(false);
  });
});

describe("runMappingTests", () => {
  it("passes when every output equals the expected one and fits the target schema", async () => {
    const report = await runMappingTests(toSalesOrder, { targetSchemas, lookup });
    expect(report.passed).toBe(true);
    expect(report.cases).toEqual([
      { name: "two lines", passed: true, actual: toSalesOrder.tests?.[0]?.expected, diff: [], issues: [] },
    ]);
  });

  it("fails with a leaf-level diff: changed, missing and extra", async () => {
    const mapping: MappingInput = {
      ...toSalesOrder,
      tests: [
        {
          name: "wrong",
          input: { id: 2, line_items: [{ sku: "A", quantity: 3 }] },
          expected: { externalId: "shopify-2", channel: "web", lines: [{ sku: "NS-A", quantity: 2 }, { sku: "C", quantity: 1 }] },
        },
      ],
    };
    const [result] = (await runMappingTests(mapping, { targetSchemas, lookup })).cases;
    expect(result?.passed).toBe(false);
    expect(result?.diff).toEqual([
      { path: "channel", expected: "web", actual: undefined, kind: "missing" },
      { path: "lines.0.quantity", expected: 2, actual: 3, kind: "changed" },
      { path: "lines.1", expected: { sku: "C", quantity: 1 }, actual: undefined, kind: "missing" },
    ]);
  });

  it("reports an evaluation error with its position instead of a diff", async () => {
    const report = await runMappingTests({ ...toSalesOrder, expression: '{ "externalId": "x" + id }' }, { targetSchemas, lookup });
    expect(report.passed).toBe(false);
    expect(report.cases[0]).toMatchObject({ passed: false, diff: [], error: { code: "T2001", position: 21 } });
    expect(report.cases[0]?.error?.message).toMatch(/^The left side of the \+ operator must be a number/);
  });

  it("validates the output against the target schema", async () => {
    const mapping: MappingInput = {
      ...toSalesOrder,
      tests: [{ name: "no lines", input: { id: 3, line_items: [] }, expected: { externalId: "shopify-3", lines: [] } }],
    };
    const [result] = (await runMappingTests(mapping, { targetSchemas, lookup })).cases;
    expect(result).toMatchObject({ passed: false, diff: [], issues: [{ path: "lines" }] });
  });

  it("fails every case when the named target schema is unknown", async () => {
    const report = await runMappingTests(toSalesOrder, { lookup });
    expect(report.passed).toBe(false);
    expect(report.cases[0]?.error).toEqual({ code: "MAPPING_TARGET_SCHEMA", message: 'The target schema "SalesOrder" is not known' });
  });

  it("a list target (\"SalesOrder[]\") wants an array and validates each element, naming its index", async () => {
    const mapping: MappingInput = {
      ...toSalesOrder,
      targetSchema: "SalesOrder[]",
      expression: `[orders.{ "externalId": "shopify-" & $string(id), "lines": [line_items.{ "sku": sku, "quantity": quantity }] }]`,
      tests: [
        { name: "two", input: { orders: [{ id: 1, line_items: [{ sku: "A", quantity: 1 }] }, { id: 2, line_items: [] }] }, expected: [{ externalId: "shopify-1", lines: [{ sku: "A", quantity: 1 }] }, { externalId: "shopify-2", lines: [] }] },
      ],
    };
    const [listCase] = (await runMappingTests(mapping, { targetSchemas, lookup })).cases;
    expect(listCase).toMatchObject({ passed: false, diff: [], issues: [{ path: "1.lines" }] });
    // One object where a list is wanted fails as a whole, and an unknown element name is reported like any unknown target.
    const single = { ...mapping, expression: `{ "externalId": "x", "lines": [{ "sku": "A", "quantity": 1 }] }`, tests: [{ name: "one", input: {}, expected: { externalId: "x", lines: [{ sku: "A", quantity: 1 }] } }] };
    expect((await runMappingTests(single, { targetSchemas })).cases[0]?.issues).toEqual([{ path: "", message: expect.stringMatching(/array/) }]);
    expect((await runMappingTests({ ...single, targetSchema: "Nope[]" }, { targetSchemas })).cases[0]?.error?.code).toBe("MAPPING_TARGET_SCHEMA");
    expect(targetSchemaByName("SalesOrder", targetSchemas)).toBe(targetSchemas.SalesOrder);
    expect(targetSchemaByName("toString[]", targetSchemas)).toBeUndefined();
  });

  it("validates against a JSON Schema target", async () => {
    const mapping: MappingInput = {
      name: "json schema",
      version: 1,
      expression: '{ "id": $string(n) }',
      targetSchema: { type: "object", properties: { id: { type: "string", minLength: 2 } }, required: ["id"] },
      tests: [
        { name: "ok", input: { n: 10 }, expected: { id: "10" } },
        { name: "too short", input: { n: 1 }, expected: { id: "1" } },
      ],
    };
    const report = await runMappingTests(mapping);
    expect(report.cases.map((c) => [c.name, c.passed, c.issues.map((i) => i.path)])).toEqual([
      ["ok", true, []],
      ["too short", false, ["id"]],
    ]);
  });

  it("is vacuously passed without tests, and refuses an invalid mapping", async () => {
    expect(await runMappingTests({ name: "m", expression: "$", version: 1 })).toEqual({ passed: true, cases: [] });
    await expect(runMappingTests({ name: "", expression: "$", version: 1 })).rejects.toMatchObject({ name: "MappingError", code: "MAPPING_INVALID" });
  });
});

describe("structuralDiff", () => {
  it("reports extra fields and type changes", () => {
    expect(structuralDiff({ a: 1 }, { a: "1", b: true })).toEqual([
      { path: "a", expected: 1, actual: "1", kind: "changed" },
      { path: "b", expected: undefined, actual: true, kind: "extra" },
    ]);
    expect(structuralDiff([1], [1, 2])).toEqual([{ path: "1", expected: undefined, actual: 2, kind: "extra" }]);
    expect(structuralDiff({ a: [1] }, { a: { 0: 1 } })).toEqual([{ path: "a", expected: [1], actual: { 0: 1 }, kind: "changed" }]);
    expect(structuralDiff(null, null)).toEqual([]);
  });
});
