/** Reading a recorded step error. Pure, so tests check it without a browser. */

export interface ErrorFacts {
  message: string | null;
  code: string | null;
  errorClass: string | null;
  status: number | null;
  body: unknown;
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** A text body that is JSON reads better as a tree. */
function parsedBody(body: unknown): unknown {
  if (typeof body !== "string" || !/^\s*[[{]/.test(body)) return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/**
 * A recorded StepError (`{ message, class, code, details: { status, body } }`, see
 * @ipaas/flow errors.ts). The target's status and body are looked up in `details`
 * first and at the top level as a fallback, so older or hand-made records show too.
 */
export function errorFacts(error: unknown): ErrorFacts {
  const e = record(error) ?? {};
  const details = record(e.details) ?? {};
  const response = record(details.response) ?? record(e.response) ?? {};
  const status = [details.status, e.status, response.status].find((s) => typeof s === "number");
  const body = [details.body, e.body, response.body].find((b) => b !== undefined);
  return {
    message: text(e.message) ?? (typeof error === "string" ? error : null),
    code: text(e.code),
    errorClass: text(e.class),
    status: typeof status === "number" ? status : null,
    body: parsedBody(body),
  };
}
