export { compileExpression, evaluateExpression, MappingError, type EvaluateOptions } from "./evaluate";
