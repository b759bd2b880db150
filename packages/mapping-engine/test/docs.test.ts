import { describe, expect, it } from "vitest";
import { evaluateExpression, exampleLookupTables, functionDocs } from "../src";
import { library } from "../src/functions";

const lookup = (table: string, key: string) => exampleLookupTables[table]?.[key];

describe("functionDocs", () => {
  it("documents every library function exactly once, and nothing else", () => {
    const names = functionDocs.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(Object.keys(library).sort());
  });

  it("gives every entry a signature starting with its name, a description and a category", () => {
    for (const doc of functionDocs) {
      expect(doc.signature.startsWith(`$${doc.name}(`), doc.name).toBe(true);
      expect(doc.description.length, doc.name).toBeGreaterThan(20);
      expect(["dates", "units", "money", "lookup", "identifiers", "strings", "values"]).toContain(doc.category);
    }
  });

  // Docs cannot rot: every example runs and must produce the documented result.
  it.each(functionDocs.map((d) => [d.name, d] as const))("example of $%s produces the documented result", async (_name, doc) => {
    expect(doc.example.expression).toContain(`$${doc.name}(`);
    const actual = await evaluateExpression(doc.example.expression, {}, { lookup });
    expect(actual).toEqual(JSON.parse(doc.example.result));
  });
});
