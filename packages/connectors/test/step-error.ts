import { StepError } from "@ipaas/flow";
import { expect } from "vitest";

/** Awaits a rejection and checks it is a StepError of the given class; returns it for more checks. Shared by every connector's contract tests. */
export async function stepError(promise: Promise<unknown>, errorClass: "retryable" | "non_retryable"): Promise<StepError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StepError);
  const stepErr = err as StepError;
  expect(stepErr.errorClass, stepErr.message).toBe(errorClass);
  return stepErr;
}
