import { evaluateExpression, MappingError, type EvaluateOptions } from "../src";

export const run = (expression: string, input: unknown = {}, options?: EvaluateOptions) => evaluateExpression(expression, input, options);

/** The MappingError an evaluation fails with (fails the test if it succeeds or throws something else). */
export async function failure(expression: string, input: unknown = {}, options?: EvaluateOptions): Promise<MappingError> {
  const outcome = await evaluateExpression(expression, input, options).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected ${expression} to fail, but it returned ${JSON.stringify(outcome.value)}`);
  if (!(outcome.error instanceof MappingError)) throw new Error(`expected a MappingError, got ${String(outcome.error)}`);
  return outcome.error;
}
