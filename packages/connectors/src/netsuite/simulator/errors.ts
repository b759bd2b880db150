/** NetSuite REST error bodies (RFC 9457-style problem details with o:errorDetails). */
export interface SimError {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

const titles: Record<number, [string, string]> = {
  400: ["Bad Request", "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1"],
  401: ["Unauthorized", "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2"],
  403: ["Forbidden", "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.4"],
  404: ["Not Found", "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5"],
  405: ["Method Not Allowed", "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.6"],
  429: ["Too Many Requests", "https://www.rfc-editor.org/rfc/rfc6585.html#section-4"],
  500: ["Internal Server Error", "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.1"],
  503: ["Service Unavailable", "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.4"],
};

export function nsError(status: number, code: string, detail: string, extra: { path?: string; queryParam?: string; headers?: Record<string, string> } = {}): SimError {
  const [title, type] = titles[status] ?? ["Error", "https://www.rfc-editor.org/rfc/rfc9110.html"];
  const entry: Record<string, string> = { detail, "o:errorCode": code };
  if (extra.path) entry["o:errorPath"] = extra.path;
  if (extra.queryParam) entry["o:errorQueryParam"] = extra.queryParam;
  return { status, body: { type, title, status, "o:errorDetails": [entry] }, headers: extra.headers };
}

export class SimHttpError extends Error {
  constructor(readonly error: SimError) {
    super(String((error.body["o:errorDetails"] as Array<{ detail: string }>)[0]?.detail));
  }
}

export const invalidLogin = (realm: string, reason: string): SimError =>
  nsError(401, "INVALID_LOGIN", "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.", {
    headers: { "www-authenticate": `OAuth realm="${realm}", error="${reason}", error_description="Invalid login attempt."` },
  });

export const concurrencyLimit = (retryAfterSeconds: number): SimError =>
  nsError(429, "CONCURRENCY_LIMIT_EXCEEDED", "Concurrent request limit exceeded. Request blocked.", { headers: { "retry-after": String(retryAfterSeconds) } });

export const notFound = (type: string, ref: string): SimError =>
  nsError(404, "NONEXISTENT_ID", `The record instance does not exist. Provide a valid record instance ID. (${type} ${ref})`);

export const invalidRef = (path: string, value: unknown, field: string): SimError =>
  nsError(400, "INVALID_KEY_OR_REF", `Error while accessing a resource. You have entered an Invalid Field Value ${String(value)} for the following field: ${field}`, { path });

export const missingField = (path: string, label: string): SimError =>
  nsError(400, "USER_ERROR", `Error while accessing a resource. Please enter value(s) for: ${label}`, { path });

export const badQuery = (detail: string): SimError =>
  nsError(400, "INVALID_PARAMETER", `Invalid search query. Detailed unprocessed description follows. ${detail}`, { queryParam: "q" });
