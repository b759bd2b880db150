/**
 * The domain errors every service and query throws (docs/architecture.md "Errors and
 * transports"). They carry no transport: the designer maps them to tRPC codes in
 * `server/trpc.ts`, the runtime to HTTP statuses in `http/replies.ts`, each in one place.
 */

/** The thing asked for does not exist (or is not visible to the caller): 404 / NOT_FOUND. */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/** The request is sound but the thing's current state forbids it (not published, disabled, stale version): 409 / CONFLICT. */
export class ConflictError extends Error {
  override name = "ConflictError";
}

/** The caller's request is wrong in a way its schema could not say (a rule across fields, a reference to nothing): 400 / BAD_REQUEST. */
export class BadRequestError extends Error {
  override name = "BadRequestError";
}

/** The request is sound but the installation lacks what it needs (no encryption key configured): 412 / PRECONDITION_FAILED. */
export class PreconditionFailedError extends Error {
  override name = "PreconditionFailedError";
}

/** One problem of an edited input: the field's dotted path ("" for the whole input) and what is wrong. */
export interface InputIssue {
  path: string;
  message: string;
}

/** An input that fails its schema, field by field (an edited dead-letter input, a bulk selection): 400 / BAD_REQUEST. */
export class InvalidInputError extends BadRequestError {
  override name = "InvalidInputError";
  constructor(readonly issues: InputIssue[]) {
    super(`Edited input is invalid: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`);
  }
}
