import { createMapping, DEFAULT_LOOKUP_ENVIRONMENT, deleteMapping, getMapping, listMappings, lookupValue, lookupValues, updateMapping, type Db, type MappingTestCase } from "@ipaas/db";
import {
  evaluateIsolated,
  functionDocs,
  MappingError,
  runMappingTests,
  targetSchemaByName,
  validateOutput,
  type LookupManyResolver,
  type LookupResolver,
  type MappingTestReport,
} from "@ipaas/mapping-engine";
import { mappingTargetSchemas, targetJsonSchemas, type TargetSchemaInfo } from "@ipaas/standard-mappings";

// Plain CRUD needs no logic beyond the queries (which own the version check).
export { createMapping, deleteMapping, getMapping, listMappings, updateMapping };
export { isTargetSchemaName } from "@ipaas/standard-mappings";

/**
 * The editor evaluates on every pause in typing, so a runaway expression must
 * give up quickly; the runtime keeps its own, longer timeout. Preview and test
 * runs evaluate in the engine's sandbox threads (evaluateIsolated): whatever an
 * analyst types cannot hold the designer's event loop or exhaust its heap.
 */
const PREVIEW_TIMEOUT_MS = 2_000;

export interface PreviewError {
  message: string;
  code: string;
  position?: number;
  token?: string;
}

export type PreviewResult =
  | { ok: true; result: unknown; problems: Array<{ path: string; message: string }>; durationMs: number }
  | { ok: false; error: PreviewError; durationMs: number };

/**
 * Evaluates an expression against a sample for the live result pane. Mapping
 * errors (syntax or runtime) are a normal outcome here, returned with their
 * position so the editor can underline them; only unexpected failures throw.
 */
export async function previewMapping(db: Db, params: { expression: string; input: unknown; targetSchema?: string | null }): Promise<PreviewResult> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  // An empty editor is not an error: JSONata has no empty program, but there is nothing to report yet.
  if (params.expression.trim() === "") return { ok: true, result: undefined, problems: [], durationMs: 0 };
  let result: unknown;
  try {
    result = await evaluateIsolated(params.expression, params.input, { timeoutMs: PREVIEW_TIMEOUT_MS, ...lookupsIn(db) });
  } catch (err) {
    // By name as well: the engine's own convention, robust to duplicate package copies.
    if (!(err instanceof MappingError) && (err as Error | null)?.name !== "MappingError") throw err;
    const mappingError = err as MappingError;
    // JSONata reports a number literal's token as a number; the editor wants text.
    const token = mappingError.token === undefined ? undefined : String(mappingError.token);
    return { ok: false, error: { message: mappingError.message, code: mappingError.code, position: mappingError.position, token }, durationMs: elapsed() };
  }
  const schema = params.targetSchema ? targetSchemaByName(params.targetSchema, mappingTargetSchemas) : undefined;
  const problems = schema ? validateOutput(schema, result) : [];
  return { ok: true, result, problems, durationMs: elapsed() };
}

/** What runTests needs of a mapping, saved or still in the editor. */
export interface TestableMapping {
  expression: string;
  targetSchema?: string | null;
  tests: MappingTestCase[];
}

/**
 * `$lookup(table, key)` reads the lookup tables edited in the UI, like the runtime does; a list of keys in one query.
 * A mapping belongs to no environment: previews and mapping tests read the default (sandbox) entries.
 */
function lookupsIn(db: Db): { lookup: LookupResolver; lookupMany: LookupManyResolver } {
  const environment = DEFAULT_LOOKUP_ENVIRONMENT;
  return { lookup: (table, key) => lookupValue(db, { environment, table, key }), lookupMany: (table, keys) => lookupValues(db, { environment, table, keys }) };
}

/**
 * Runs a mapping's test cases with the engine's runner: output compared with the
 * expected value leaf by leaf, and validated against the target schema.
 */
export async function runTestsFor(db: Db, params: { id: string } | { mapping: TestableMapping }): Promise<MappingTestReport> {
  const saved = "id" in params ? await getMapping(db, params.id) : null;
  const mapping: TestableMapping = saved ?? ("mapping" in params ? params.mapping : { expression: "", tests: [] });
  // The runner refuses an empty expression as an invalid mapping; in the editor that
  // is just a state on the way, so every case fails with a plain explanation instead.
  if (mapping.expression.trim() === "") {
    const error = { message: "The expression is empty", code: "MAPPING_EMPTY" };
    return { passed: mapping.tests.length === 0, cases: mapping.tests.map((t) => ({ name: t.name, passed: false, actual: undefined, diff: [], issues: [], error })) };
  }
  return runMappingTests(
    // name and version identify a saved mapping; the runner only needs them to be present.
    { name: saved?.name ?? "(editor)", version: saved?.version ?? 0, expression: mapping.expression, targetSchema: mapping.targetSchema ?? undefined, tests: mapping.tests },
    { targetSchemas: mappingTargetSchemas, ...lookupsIn(db), evaluate: evaluateIsolated },
  );
}

let targetSchemaCache: TargetSchemaInfo[] | undefined;

/**
 * Target object schemas as JSON Schema (canonical objects, then Shopify/X12
 * documents); computed once, they only change with a deploy. A list target
 * ("X[]") is offered by the picker for each of them.
 */
export function listTargetSchemas(): TargetSchemaInfo[] {
  return (targetSchemaCache ??= targetJsonSchemas());
}

export function listFunctionDocs() {
  return functionDocs;
}
