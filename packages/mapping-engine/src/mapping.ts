import { z } from "zod";
import { structuralDiff, type DiffEntry } from "./diff";
import { MappingError } from "./errors";
import { evaluateExpression, type EvaluateOptions, type LookupManyResolver, type LookupResolver } from "./evaluate";
import { validateOutput, type OutputIssue } from "./validate-output";

/** A JSON Schema document, kept as data (it is shown and edited, not interpreted here beyond validation). */
const jsonSchemaDocument = z.record(z.string(), z.unknown());

export const mappingTestCaseSchema = z.object({
  name: z.string().min(1),
  input: z.unknown(),
  expected: z.unknown(),
});

/**
 * A saved mapping: a JSONata expression with the samples and tests that pin its
 * behaviour. `targetSchema` names a canonical object ("SalesOrder") or is a JSON
 * Schema document; test outputs are validated against it.
 */
export const mappingSchema = z.object({
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  sourceSample: z.unknown().optional(),
  sourceSchema: jsonSchemaDocument.optional(),
  targetSchema: z.union([z.string().min(1), jsonSchemaDocument]).optional(),
  expression: z.string().min(1),
  tests: z.array(mappingTestCaseSchema).default([]),
  version: z.number().int().nonnegative(),
});
export type Mapping = z.output<typeof mappingSchema>;
export type MappingInput = z.input<typeof mappingSchema>;
export type MappingTestCase = z.output<typeof mappingTestCaseSchema>;

export interface MappingTestOptions {
  /** Zod schemas of the canonical objects by name, for a `targetSchema` given by name. */
  targetSchemas?: Record<string, z.ZodType>;
  lookup?: LookupResolver;
  lookupMany?: LookupManyResolver;
  /** Extra `$variables` (e.g. sample `$trigger`, `$env`) the expression expects. */
  bindings?: Record<string, unknown>;
  timeoutMs?: number;
  /** Evaluates each case; default evaluateExpression (in-process). The editor passes the sandbox pool's evaluateIsolated. */
  evaluate?: (text: string, input: unknown, options: EvaluateOptions) => Promise<unknown>;
}

export interface MappingTestError {
  message: string;
  code: string;
  position?: number;
  token?: string;
}

export interface MappingTestCaseResult {
  name: string;
  passed: boolean;
  actual: unknown;
  /** Expected vs actual, leaf by leaf; empty when they are equal or the evaluation failed. */
  diff: DiffEntry[];
  /** Problems of the actual output against the target schema. */
  issues: OutputIssue[];
  error?: MappingTestError;
}

export interface MappingTestReport {
  /** Every case passed (true for a mapping without tests). */
  passed: boolean;
  cases: MappingTestCaseResult[];
}

/** The suffix of a target schema name meaning "a list of" the named object: "InventoryPosition[]". */
export const LIST_TARGET_SUFFIX = "[]";

/**
 * A target schema by name: an object's schema, or for "X[]" a list of X (a WMS
 * snapshot maps to many InventoryPositions). The name stays one string so a
 * saved mapping stores it as it stores any other target.
 */
export function targetSchemaByName(name: string, schemas: Record<string, z.ZodType> | undefined): z.ZodType | undefined {
  const list = name.endsWith(LIST_TARGET_SUFFIX);
  const objectName = list ? name.slice(0, -LIST_TARGET_SUFFIX.length) : name;
  const schema = schemas && Object.hasOwn(schemas, objectName) ? schemas[objectName] : undefined;
  return schema && list ? z.array(schema) : schema;
}

type Target = { schema?: z.ZodType; error?: MappingTestError };

function resolveTarget(target: Mapping["targetSchema"], schemas: Record<string, z.ZodType> | undefined): Target {
  if (target === undefined) return {};
  if (typeof target === "string") {
    const schema = targetSchemaByName(target, schemas);
    // Skipping the check would let a test pass with output the target rejects.
    if (!schema) return { error: { message: `The target schema "${target}" is not known`, code: "MAPPING_TARGET_SCHEMA" } };
    return { schema };
  }
  try {
    return { schema: z.fromJSONSchema(target as Parameters<typeof z.fromJSONSchema>[0]) };
  } catch (err) {
    return { error: { message: `The target JSON Schema cannot be used: ${err instanceof Error ? err.message : String(err)}`, code: "MAPPING_TARGET_SCHEMA" } };
  }
}

function asTestError(err: unknown): MappingTestError {
  if (err instanceof MappingError) return { message: err.message, code: err.code, position: err.position, token: err.token };
  // A failing lookup resolver: not the mapping's fault, but the case still did not pass.
  return { message: err instanceof Error ? err.message : String(err), code: "MAPPING_ERROR" };
}

/** Runs every test of a mapping: sample input in, compare with the expected output, validate against the target. */
export async function runMappingTests(mapping: MappingInput, options: MappingTestOptions = {}): Promise<MappingTestReport> {
  const parsed = mappingSchema.safeParse(mapping);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "(mapping)"}: ${i.message}`).join("; ");
    throw new MappingError(`The mapping is invalid: ${detail}`, "MAPPING_INVALID");
  }
  const { expression, tests, targetSchema } = parsed.data;
  const target = resolveTarget(targetSchema, options.targetSchemas);
  const cases: MappingTestCaseResult[] = [];
  const evaluate = options.evaluate ?? evaluateExpression;
  // One after another: the report is deterministic and a slow lookup is not hammered.
  for (const test of tests) {
    let actual: unknown;
    try {
      actual = await evaluate(expression, test.input, { bindings: options.bindings, lookup: options.lookup, lookupMany: options.lookupMany, timeoutMs: options.timeoutMs });
    } catch (err) {
      cases.push({ name: test.name, passed: false, actual: undefined, diff: [], issues: [], error: asTestError(err) });
      continue;
    }
    const diff = structuralDiff(test.expected, actual);
    const issues = target.schema ? validateOutput(target.schema, actual) : [];
    const passed = diff.length === 0 && issues.length === 0 && !target.error;
    cases.push({ name: test.name, passed, actual, diff, issues, ...(target.error ? { error: target.error } : {}) });
  }
  return { passed: cases.every((c) => c.passed), cases };
}
