export { compileExpression, evaluateExpression, MappingError, type EvaluateOptions } from "./evaluate";
export { functionDocs, type FunctionDoc } from "./docs";
