import { dateDocs } from "./functions/dates";
import { identifierDocs } from "./functions/identifiers";
import { lookupDocs } from "./functions/lookup";
import { moneyDocs } from "./functions/money";
import { stringDocs } from "./functions/strings";
import { unitDocs } from "./functions/units";
import { valueDocs } from "./functions/values";

/**
 * Documentation of the function library, shown by the mapping editor (autocomplete
 * and the functions panel). One entry per function registered on every expression.
 * Each entry lives next to its implementation (src/functions/*.ts); a test runs
 * every example and compares it with the documented result, so docs cannot rot.
 */
export interface FunctionDoc {
  /** Without the $: "formatDate". */
  name: string;
  /** "$formatDate(value, format, timezone?)" */
  signature: string;
  description: string;
  /** A JSONata snippet and what it returns. */
  example: { expression: string; result: string };
  category: "dates" | "units" | "money" | "lookup" | "identifiers" | "strings" | "values";
}

export const functionDocs: FunctionDoc[] = [...dateDocs, ...unitDocs, ...moneyDocs, ...lookupDocs, ...identifierDocs, ...stringDocs, ...valueDocs];

/**
 * The cross-reference tables the documented examples read ($lookup's example runs
 * against these): an editor "try it" panel can use them too.
 */
export const exampleLookupTables: Record<string, Record<string, unknown>> = {
  "sku-map": { "SHOP-123": "NS-9001" },
};
