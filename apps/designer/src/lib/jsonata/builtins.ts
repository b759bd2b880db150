/** What autocomplete shows for a function; the engine's library docs have the same shape. */
export interface FunctionInfo {
  name: string;
  signature: string;
  description: string;
  category?: string;
  example?: { expression: string; result: string };
}

/**
 * JSONata's own functions (the engine's library adds more, served by
 * mappings.functionDocs). Short on purpose: autocomplete info, not a manual.
 */
const table: Array<[name: string, args: string, description: string]> = [
  ["sum", "array", "Sum of an array of numbers."],
  ["count", "array", "Number of items in an array."],
  ["max", "array", "Largest number in an array."],
  ["min", "array", "Smallest number in an array."],
  ["average", "array", "Mean of an array of numbers."],
  ["string", "value, prettify?", "Casts a value to a string (objects become JSON)."],
  ["number", "value", "Casts a string or boolean to a number."],
  ["boolean", "value", "Casts a value to a boolean."],
  ["exists", "value", "True when the value is defined (the path matched something)."],
  ["length", "str", "Number of characters in a string."],
  ["substring", "str, start, length?", "Part of a string by position."],
  ["substringBefore", "str, chars", "Part of a string before the first occurrence of chars."],
  ["substringAfter", "str, chars", "Part of a string after the first occurrence of chars."],
  ["uppercase", "str", "Upper-cases a string."],
  ["lowercase", "str", "Lower-cases a string."],
  ["trim", "str", "Removes leading/trailing whitespace and collapses inner runs."],
  ["pad", "str, width, char?", "Pads a string to a width (negative width pads on the left)."],
  ["contains", "str, pattern", "True when the string contains the text or matches the regex."],
  ["split", "str, separator, limit?", "Splits a string into an array."],
  ["join", "array, separator?", "Joins an array of strings."],
  ["replace", "str, pattern, replacement, limit?", "Replaces text or regex matches."],
  ["match", "str, pattern, limit?", "Regex matches with their groups and positions."],
  ["formatNumber", "number, picture, options?", "Formats a number with an XPath picture string, e.g. '#,##0.00'."],
  ["round", "number, precision?", "Rounds half to even."],
  ["floor", "number", "Rounds down."],
  ["ceil", "number", "Rounds up."],
  ["abs", "number", "Absolute value."],
  ["now", "picture?, timezone?", "Current time as an ISO 8601 timestamp."],
  ["millis", "", "Current time in milliseconds since the epoch."],
  ["toMillis", "timestamp, picture?", "Parses a timestamp to epoch milliseconds."],
  ["fromMillis", "millis, picture?, timezone?", "Formats epoch milliseconds as a timestamp."],
  ["keys", "object", "The keys of an object."],
  ["lookup", "object, key", "The value of a key in an object."],
  ["merge", "array", "Merges an array of objects into one."],
  ["each", "object, function", "Calls function(value, key) for each field; returns an array."],
  ["map", "array, function", "Calls function(value, index) for each item; returns the results."],
  ["filter", "array, function", "Items for which function(value, index) is true."],
  ["reduce", "array, function, init?", "Folds an array with function(accumulator, value)."],
  ["sort", "array, function?", "Sorts an array (optionally by a comparator)."],
  ["reverse", "array", "Reverses an array."],
  ["distinct", "array", "Removes duplicate values."],
  ["append", "array1, array2", "Concatenates two arrays."],
  ["zip", "array1, …", "Convolves arrays into an array of tuples."],
  ["type", "value", "The JSON type of a value as a string."],
  ["not", "value", "Boolean negation."],
  ["error", "message", "Fails the mapping with a message."],
  ["assert", "condition, message", "Fails the mapping with a message unless the condition is true."],
];

export const builtinFunctions: FunctionInfo[] = table.map(([name, args, description]) => ({ name, signature: `$${name}(${args})`, description, category: "JSONata" }));

/** Variables a flow's `map` node binds (docs/architecture.md "Expressions and the sandbox"). */
export const flowVariables: Array<{ name: string; description: string }> = [
  { name: "trigger", description: "The trigger payload of the run." },
  { name: "steps", description: "Earlier outputs: $steps.<nodeName>." },
  { name: "run", description: "Run ids: runId, correlationId, businessKey." },
  { name: "env", description: "The environment's flow variables." },
];
