/**
 * A mapping failed to compile or evaluate. Carries the character position (and the
 * token found there) so the editor can underline the spot; `code` is JSONata's own
 * code (S0202, T2001, …) or one of ours (MAPPING_TIMEOUT, MAPPING_DEPTH,
 * MAPPING_SEQUENCE_LIMIT, MAPPING_STRING_LIMIT, MAPPING_OUTPUT_LIMIT, MAPPING_REGEX,
 * MAPPING_ARGUMENT, MAPPING_LOOKUP_UNAVAILABLE, LOOKUP_MISSING, MAPPING_INVALID, MAPPING_ERROR).
 *
 * The flow engine recognises it by `name === "MappingError"` (no instanceof across
 * package copies) and strips the trailing " at position N" the message ends with.
 */
export class MappingError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly position?: number,
    readonly token?: string,
  ) {
    super(message);
    this.name = "MappingError";
  }
}

/**
 * Thrown by a library function on bad input. JSONata stamps the position of the
 * call and the function's name on it as it propagates, and the evaluator turns it
 * into a MappingError; the message already names the function ("$parseDate: …").
 */
export class FunctionError extends Error {
  position?: number;
  token?: string;
  constructor(
    message: string,
    readonly code = "MAPPING_ARGUMENT",
  ) {
    super(message);
    this.name = "FunctionError";
  }
}

/**
 * Thrown by the evaluation hook when a limit is hit. Not a MappingError yet because
 * JSONata adds the position of the enclosing call while it unwinds.
 */
export class LimitError extends Error {
  constructor(
    message: string,
    readonly code: "MAPPING_TIMEOUT" | "MAPPING_DEPTH" | "MAPPING_SEQUENCE_LIMIT" | "MAPPING_STRING_LIMIT" | "MAPPING_OUTPUT_LIMIT",
    public position?: number,
  ) {
    super(message);
    this.name = "LimitError";
  }
}

/**
 * The lookup resolver failed (database down, …). That is not the mapping's fault:
 * the evaluator rethrows `cause` unchanged so the caller classifies it (the flow
 * engine retries unknown errors instead of dead-lettering them as mapping errors).
 */
export class ResolverFailure {
  constructor(readonly cause: unknown) {}
}

/** "the text "abc"", "the number 3", "nothing": how a value reads in a message for an analyst. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (the value is missing)";
  if (value === null) return "null";
  if (typeof value === "string") return `the text ${JSON.stringify(clip(value))}`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `the value ${value}`;
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "function" || (typeof value === "object" && "_jsonata_function" in value)) return "a function";
  return "an object";
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
