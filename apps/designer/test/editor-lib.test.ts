import { describe, expect, it } from "vitest";
import { collectPaths, jsonLines, nearestPath, pathSegments } from "../src/lib/json-paths";
import { errorRange } from "../src/lib/jsonata/error-range";
import { buildExpression, parseFields, rowProblem } from "../src/lib/jsonata/object-constructor";
import { listTargetName, targetFieldsFor, targetLabel } from "../src/lib/target-fields";

// The editor's pure helpers: no browser needed, so they are tested here in detail
// and the e2e test only checks that the pieces are wired together.

describe("field mapping round trip", () => {
  const expression = `{
  "orderNumber": name,
  "total": $sum(line_items.(quantity * $number(price))), /* exact later */
  'channel': "shop, online",
  "lines": line_items.{ "sku": sku, "qty": quantity },
  "flag": a ? b : c
}`;

  it("cuts an object constructor into rows with values exactly as written", () => {
    const parsed = parseFields(expression);
    expect(parsed).toEqual({
      ok: true,
      droppedComments: true,
      rows: [
        { field: "orderNumber", expression: "name" },
        { field: "total", expression: "$sum(line_items.(quantity * $number(price)))" },
        { field: "channel", expression: '"shop, online"' },
        { field: "lines", expression: 'line_items.{ "sku": sku, "qty": quantity }' },
        { field: "flag", expression: "a ? b : c" },
      ],
    });
  });

  it("builds rows back into one expression that parses to the same rows", () => {
    const rows = [
      { field: "a b", expression: "x.`weird name`" },
      { field: 'quote"d', expression: "$match(s, /[,{]/)" },
      { field: "empty", expression: "" },
    ];
    const built = buildExpression(rows);
    expect(built).toBe('{\n  "a b": x.`weird name`,\n  "quote\\"d": $match(s, /[,{]/),\n  "empty": null\n}');
    expect(parseFields(built)).toEqual({ ok: true, droppedComments: false, rows: [rows[0], rows[1], { field: "empty", expression: "null" }] });
    expect(parseFields("{}")).toEqual({ ok: true, droppedComments: false, rows: [] });
  });

  it("refuses expressions that are not a plain object constructor", () => {
    for (const text of ["name", '{ "a": 1 }.a', '{ "a": 1 } ~> $merge', "( $x := 1; { \"a\": $x } )", '{ "a": 1 }{ "b": 2 }', "[{ \"a\": 1 }]"]) {
      expect(parseFields(text).ok, text).toBe(false);
    }
    expect(parseFields("{ $key: 1 }")).toMatchObject({ ok: false, reason: expect.stringMatching(/quoted names/) });
  });

  it("flags rows that would break the object", () => {
    expect(rowProblem({ field: "a", expression: "x, y" })).toMatch(/comma/);
    expect(rowProblem({ field: "a", expression: "(x" })).toMatch(/Unclosed/);
    expect(rowProblem({ field: "a", expression: "x)" })).toMatch(/Unbalanced/);
    expect(rowProblem({ field: "", expression: "x" })).toMatch(/Name/);
    expect(rowProblem({ field: "a", expression: "[x, y]" })).toBeNull();
  });
});

describe("errorRange", () => {
  it("covers the offending token, not the character after it", () => {
    expect(errorRange(`"abc" + 1`, { position: 7, token: "+" })).toEqual({ from: 6, to: 7 });
    expect(errorRange(`{ "a": 1, "b" 2 }`, { position: 15, token: "2" })).toEqual({ from: 14, to: 15 });
    // JSONata reports a function's name without "$" and just past the "(".
    expect(errorRange("$foo()", { position: 5, token: "foo" })).toEqual({ from: 0, to: 4 });
  });

  it("underlines the last character when the expression ends too early", () => {
    expect(errorRange("$sum(1,", { position: 7, token: "(end)" })).toEqual({ from: 6, to: 7 });
    expect(errorRange("a + \n", { position: 5 })).toEqual({ from: 2, to: 3 });
  });

  it("never returns an empty range and has nothing to say without a position", () => {
    expect(errorRange("abc", { position: 0 })).toEqual({ from: 0, to: 1 });
    expect(errorRange("abc", { position: 99, token: "zzz" })).toEqual({ from: 0, to: 3 });
    expect(errorRange("abc", {})).toBeNull();
  });
});

describe("json paths", () => {
  const sample = { name: "#1", customer: { email: "a@b", "first name": "Ada" }, line_items: [{ sku: "A" }, { sku: "B", qty: 2 }] };

  it("collects JSONata paths, mapping over arrays without indexes", () => {
    expect(collectPaths(sample).map((p) => p.path)).toEqual(["name", "customer", "customer.email", "customer.`first name`", "line_items", "line_items.sku", "line_items.qty"]);
  });

  it("pretty-prints with a path per line and finds the nearest existing path", () => {
    const lines = jsonLines({ lines: [{ sku: "A" }] });
    expect(lines.map((l) => [l.path, l.text])).toEqual([
      ["", "{"],
      ["lines", '"lines": ['],
      ["lines.0", "{"],
      ["lines.0.sku", '"sku": "A"'],
      ["lines.0", "}"],
      ["lines", "]"],
      ["", "}"],
    ]);
    expect(nearestPath(lines, "lines[0].quantity")).toBe("lines.0");
    expect(nearestPath(lines, "channel")).toBe("");
    expect(pathSegments("$.lines[0].sku")).toEqual(["lines", "0", "sku"]);
  });
});

describe("list targets in the editor", () => {
  const schemas = [{ name: "InventoryPosition", jsonSchema: { type: "object", required: ["sku"], properties: { sku: { description: "SKU" }, onHand: {} } } }];

  it("shows X[] as a list of X and offers the element's fields for it", () => {
    expect([targetLabel("InventoryPosition[]"), targetLabel("SalesOrder"), listTargetName("Shipment")]).toEqual(["list of InventoryPosition", "SalesOrder", "Shipment[]"]);
    const fields = [{ name: "sku", description: "SKU", required: true }, { name: "onHand", description: undefined, required: false }];
    expect(targetFieldsFor("InventoryPosition[]", schemas)).toEqual(fields);
    expect(targetFieldsFor("InventoryPosition", schemas)).toEqual(fields);
    expect([targetFieldsFor(null, schemas), targetFieldsFor("Nope[]", schemas)]).toEqual([[], []]);
  });
});
