import { describe, expect, it } from "vitest";
import { composeObjectExpression, fieldRows, parseObjectExpression, withFieldExpression } from "../src/components/node-panel/input-fields";

describe("node panel: action input fields ⇄ expression", () => {
  it("composes fields into an object expression and parses it back", () => {
    const fields = [
      { key: "externalId", expression: "name" },
      { key: "record", expression: '{ "lines": line_items.{ "sku": sku, "qty": quantity } }' },
      { key: "odd key", expression: "$exists(x) ? x : 'none'" },
    ];
    const text = composeObjectExpression(fields);
    expect(text).toBe('{\n  "externalId": name,\n  "record": { "lines": line_items.{ "sku": sku, "qty": quantity } },\n  "odd key": $exists(x) ? x : \'none\'\n}');
    expect(parseObjectExpression(text)).toEqual(fields);
  });

  it("skips blank fields and treats blank input as no fields", () => {
    expect(composeObjectExpression([{ key: "a", expression: "  " }])).toBe("{}");
    expect(parseObjectExpression("")).toEqual([]);
    expect(parseObjectExpression(" {  } ")).toEqual([]);
  });

  it("reads single-quoted keys, strings with commas/braces and comments", () => {
    expect(parseObjectExpression(`{'a': "x, }", "b": /* c, d */ f(1, 2)}`)).toEqual([
      { key: "a", expression: '"x, }"' },
      { key: "b", expression: "/* c, d */ f(1, 2)" },
    ]);
  });

  it("refuses expressions that are not one plain object", () => {
    for (const text of ["name", "$merge([{}, {}])", '{ "a": 1 }.a', '{ "a": 1 }{ "b": 2 }', "{ a: 1 }", '{ "a": }', '{ "a": 1, "a": 2 }', '{ "a": (1 }', '{ "a": "open }']) {
      expect(parseObjectExpression(text), text).toBeUndefined();
    }
  });

  it("lists schema fields first, then keys the schema does not know", () => {
    const rows = fieldRows(["id", "externalId"], [{ key: "extra", expression: "1" }, { key: "externalId", expression: "name" }]);
    expect(rows).toEqual([
      { key: "id", expression: "" },
      { key: "externalId", expression: "name" },
      { key: "extra", expression: "1" },
    ]);
  });

  it("sets one field and recomposes to what the form shows", () => {
    const next = withFieldExpression(["id", "externalId"], [{ key: "externalId", expression: "name" }], "id", "order.id");
    expect(next).toEqual([
      { key: "id", expression: "order.id" },
      { key: "externalId", expression: "name" },
    ]);
    expect(parseObjectExpression(composeObjectExpression(next))).toEqual(next);
  });
});
