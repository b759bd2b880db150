export {
  clearExpressionCache,
  compileExpression,
  evaluateExpression,
  EXPRESSION_CACHE_LIMIT,
  MappingError,
  type EvaluateOptions,
  type LookupManyResolver,
  type LookupResolver,
} from "./evaluate";
export { DEFAULT_MAX_DEPTH, DEFAULT_TIMEOUT_MS } from "./limits";
export { MAX_OUTPUT_LENGTH, MAX_SEQUENCE_LENGTH, MAX_STRING_LENGTH } from "./sandbox/caps";
export { evaluateIsolated, ExpressionSandbox, type IsolatedEvaluateOptions, type SandboxOptions } from "./sandbox/pool";
export { exampleLookupTables, functionDocs, type FunctionDoc } from "./docs";
export { validateOutput, type OutputIssue } from "./validate-output";
export { structuralDiff, type DiffEntry } from "./diff";
export {
  LIST_TARGET_SUFFIX,
  mappingSchema,
  mappingTestCaseSchema,
  targetSchemaByName,
  runMappingTests,
  type Mapping,
  type MappingInput,
  type MappingTestCase,
  type MappingTestCaseResult,
  type MappingTestError,
  type MappingTestOptions,
  type MappingTestReport,
} from "./mapping";
