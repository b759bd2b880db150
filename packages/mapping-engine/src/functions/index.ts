import { dateFunctions } from "./dates";
import type { LibraryFunction } from "./helpers";
import { identifierFunctions } from "./identifiers";
import { lookupFunctions } from "./lookup";
import { moneyFunctions } from "./money";
import { stringFunctions } from "./strings";
import { unitFunctions } from "./units";
import { valueFunctions } from "./values";

/**
 * Every library function by name (without the $). Bound into each evaluation under
 * the caller's bindings; the objects are immutable and stateless, so one set
 * serves all evaluations and the compiled-expression cache stays shared.
 */
export const library: Readonly<Record<string, LibraryFunction>> = Object.freeze({
  ...dateFunctions,
  ...unitFunctions,
  ...moneyFunctions,
  ...lookupFunctions,
  ...identifierFunctions,
  ...stringFunctions,
  ...valueFunctions,
});
