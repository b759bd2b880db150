import type { FunctionDoc } from "../docs";
import { describeValue } from "../errors";
import { asList, define, Exact, fail, isMissing, readDecimal, text } from "./helpers";

/**
 * Units of measure. Built-in units convert through a base unit per dimension with
 * exact factors (1 lb = 0.45359237 kg by definition); item-specific packaging
 * (cases, packs) comes in the `conversions` argument as base units per unit, with
 * EA (each) as the implied base. Codes are matched case-insensitively.
 */

interface Unit {
  dimension: string;
  /** How many base units one of this unit holds. */
  factor: Exact;
}

const builtIn = new Map<string, Unit>();
function unit(dimension: string, factor: string, ...codes: string[]) {
  for (const code of codes) builtIn.set(code, { dimension, factor: new Exact(factor) });
}
unit("weight", "1", "KG", "KGS");
unit("weight", "0.001", "G", "GR", "GRAM", "GRAMS");
unit("weight", "0.45359237", "LB", "LBS");
unit("weight", "0.028349523125", "OZ");
unit("length", "1", "M");
unit("length", "0.01", "CM");
unit("length", "0.001", "MM");
unit("length", "0.0254", "IN");
unit("length", "0.3048", "FT");

function packaging(fn: string, conversions: unknown): Map<string, Unit> {
  const table = new Map<string, Unit>([["EA", { dimension: "count", factor: new Exact(1) }]]);
  for (const entry of asList(conversions)) {
    const record = typeof entry === "object" && entry !== null && !Array.isArray(entry) ? (entry as Record<string, unknown>) : undefined;
    if (!record || typeof record.uom !== "string" || record.uom.trim() === "") {
      return fail(fn, `each conversion must look like {"uom": "CS", "unitsPerUom": 12}, but one is ${describeValue(entry)}`);
    }
    const factor = readDecimal(fn, `unitsPerUom of ${record.uom}`, record.unitsPerUom);
    if (factor.lte(0)) return fail(fn, `unitsPerUom of ${record.uom} must be greater than 0`);
    table.set(record.uom.trim().toUpperCase(), { dimension: "count", factor });
  }
  return table;
}

function find(fn: string, code: string, table: Map<string, Unit>): Unit {
  const key = code.trim().toUpperCase();
  const found = table.get(key) ?? builtIn.get(key);
  if (!found) {
    return fail(fn, `unknown unit "${code}"; built-in units are kg, g, lb, oz, m, cm, mm, in, ft; others (cases, packs) need a conversion such as {"uom": "CS", "unitsPerUom": 12}`);
  }
  return found;
}

export const unitFunctions = {
  convertUom: define((quantity: unknown, from?: unknown, to?: unknown, conversions?: unknown) => {
    const fn = "convertUom";
    if (isMissing(quantity)) return undefined;
    const amount = readDecimal(fn, "the quantity", quantity);
    const fromCode = text(fn, "the unit to convert from", from);
    const toCode = text(fn, "the unit to convert to", to);
    if (fromCode.trim().toUpperCase() === toCode.trim().toUpperCase()) return amount.toNumber();
    const table = packaging(fn, conversions);
    const source = find(fn, fromCode, table);
    const target = find(fn, toCode, table);
    if (source.dimension !== target.dimension) {
      return fail(fn, `cannot convert ${fromCode} (${source.dimension}) to ${toCode} (${target.dimension})`);
    }
    return amount.times(source.factor).dividedBy(target.factor).toNumber();
  }),
};

export const unitDocs: FunctionDoc[] = [
  {
    name: "convertUom",
    signature: "$convertUom(quantity, fromUom, toUom, conversions?)",
    description:
      "Converts a quantity between units, exactly. Built in: kg, g, lb, oz (weight) and m, cm, mm, in, ft (length). Packaging units come from `conversions`, a list of {uom, unitsPerUom} giving how many base units (EA, each) one of that unit holds. Unit codes ignore case; an unknown unit or a weight-to-length conversion fails.",
    example: { expression: '$convertUom(3, "CS", "PK", [{"uom": "CS", "unitsPerUom": 12}, {"uom": "PK", "unitsPerUom": 6}])', result: "6" },
    category: "units",
  },
];
