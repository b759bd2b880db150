/**
 * Documentation of the function library, shown by the mapping editor (autocomplete
 * and the functions panel). One entry per function registered on every expression.
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

export const functionDocs: FunctionDoc[] = [];
