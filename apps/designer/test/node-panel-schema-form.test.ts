import { expressionFields, nodeTypes } from "@ipaas/flow";
import { describe, expect, it } from "vitest";
import { EXPRESSION_KEYS } from "../src/components/node-panel/expression-keys";
import { checkBounds, deriveFields, formatFieldValue, labelOf, parseFieldValue } from "../src/components/node-panel/schema-form";
import { connectorCatalog, nodeTypeCatalog } from "../src/server/services/palette";

const schemaOf = (type: string) => nodeTypeCatalog().find((n) => n.type === type)!.configSchema;

describe("node panel: JSON Schema → form fields", () => {
  it("derives kinds, required flags and bounds from a node type's config schema", () => {
    const fields = deriveFields(schemaOf("lookup"), { expressions: EXPRESSION_KEYS.lookup });
    expect(fields).toEqual([
      { key: "table", label: "Table", kind: "string", required: true },
      { key: "key", label: "Key", kind: "expression", required: true },
      { key: "default", label: "Default", kind: "json", required: false },
      { key: "onMissing", label: "On missing", kind: "enum", options: ["default", "fail"], required: false },
    ]);
    const poll = deriveFields(schemaOf("trigger.poll"), { omit: ["connectorId", "connectionId", "connectionName", "operation"] });
    // zod's MAX_SAFE_INTEGER stand-in for "no maximum" is not shown as a limit.
    expect(poll).toEqual([{ key: "intervalSeconds", label: "Interval seconds", kind: "integer", required: true, minimum: 10 }]);
  });

  it("turns connector input enums into selects", () => {
    const request = connectorCatalog().find((c) => c.id === "http")!.actions.find((a) => a.key === "request")!;
    const method = deriveFields(request.inputSchema).find((f) => f.key === "method");
    expect(method).toMatchObject({ kind: "enum", options: ["GET", "POST", "PUT", "PATCH", "DELETE"], required: true });
  });

  it("handles booleans, anyOf-of-consts and missing schemas", () => {
    const schema = { type: "object", properties: { on: { type: "boolean" }, mode: { anyOf: [{ const: "a" }, { const: "b" }] } } };
    expect(deriveFields(schema).map((f) => [f.key, f.kind, f.options])).toEqual([
      ["on", "boolean", undefined],
      ["mode", "enum", ["a", "b"]],
    ]);
    expect(deriveFields(undefined)).toEqual([]);
    expect(deriveFields({})).toEqual([]);
  });

  it("keeps the panel's expression keys in step with the flow model's expressionFields", () => {
    for (const type of nodeTypes) {
      const topLevel = (expressionFields[type] ?? []).filter((f) => !f.includes("."));
      expect(EXPRESSION_KEYS[type] ?? [], type).toEqual(topLevel);
    }
  });

  it("parses and formats control text per kind", () => {
    expect(parseFieldValue({ kind: "integer" }, "15")).toEqual({ value: 15 });
    expect(parseFieldValue({ kind: "integer" }, "1.5")).toEqual({ error: "must be a whole number" });
    expect(parseFieldValue({ kind: "number" }, "abc")).toEqual({ error: "must be a number" });
    expect(parseFieldValue({ kind: "json" }, '{"a":1}')).toEqual({ value: { a: 1 } });
    expect(parseFieldValue({ kind: "json" }, "{a")).toEqual({ error: "must be valid JSON" });
    expect(parseFieldValue({ kind: "string" }, "  ")).toEqual({ value: undefined });
    expect(formatFieldValue({ kind: "json" }, { a: 1 })).toBe('{\n  "a": 1\n}');
    expect(formatFieldValue({ kind: "integer" }, 10)).toBe("10");
    expect(checkBounds({ key: "n", label: "N", kind: "integer", required: true, minimum: 10 }, 5)).toBe("must be at least 10");
    expect(labelOf("connection_name")).toBe("Connection name");
  });
});
