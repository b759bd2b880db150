import jsonata from "jsonata";

type Expression = ReturnType<typeof jsonata>;

/** A mapping failed to compile or evaluate; carries the position for the editor. */
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

interface JsonataError {
  code?: string;
  position?: number;
  token?: string;
  message?: string;
}

function toMappingError(err: unknown): MappingError {
  if (err instanceof MappingError) return err;
  const e = (err ?? {}) as JsonataError;
  const at = e.position !== undefined ? ` at position ${e.position}` : "";
  return new MappingError(`${e.message ?? String(err)}${at}`, e.code ?? "MAPPING_ERROR", e.position, e.token);
}

/**
 * Compile once, evaluate many: expressions are cached by text. Map keeps insertion
 * order, so deleting and re-inserting on hit makes it a small LRU.
 */
const CACHE_LIMIT = 1000;
const cache = new Map<string, Expression>();

export function compileExpression(text: string): Expression {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  let compiled: Expression;
  try {
    compiled = jsonata(text);
  } catch (err) {
    throw toMappingError(err);
  }
  cache.set(text, compiled);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return compiled;
}

export interface EvaluateOptions {
  /** Variables bound as `$name` inside the expression. */
  bindings?: Record<string, unknown>;
  /** A runaway expression fails the step instead of blocking the worker. */
  timeoutMs?: number;
}

export async function evaluateExpression(text: string, input: unknown, options: EvaluateOptions = {}): Promise<unknown> {
  const expression = compileExpression(text);
  const timeoutMs = options.timeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MappingError(`Mapping did not finish within ${timeoutMs} ms`, "MAPPING_TIMEOUT")), timeoutMs);
  });
  try {
    const result: unknown = await Promise.race([expression.evaluate(input, options.bindings), timeout]);
    return toPlainJson(result);
  } catch (err) {
    throw toMappingError(err);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * JSONata returns arrays tagged as "sequences" and may return functions or
 * undefined; a mapping's output is data that gets persisted and sent on, so it
 * is normalised to plain JSON here once.
 */
function toPlainJson(value: unknown): unknown {
  if (value === undefined || typeof value === "function") return undefined;
  return JSON.parse(JSON.stringify(value)) as unknown;
}
