import { concurrencyLimit, nsError, type SimError } from "./errors";

/**
 * Fault injection: the next `count` requests whose method and path match answer
 * with the given status and NetSuite error (or are delayed / dropped), so tests can
 * reproduce governance rejections, outages and timeouts on demand.
 */
export interface FaultSpec {
  /** Substring of the request path (e.g. "/record/v1/salesOrder", "/query/v1/suiteql"); "*" matches all. */
  path: string;
  method?: string;
  /** HTTP status to answer; 429 answers NetSuite's concurrency-limit body. */
  status?: number;
  errorCode?: string;
  detail?: string;
  retryAfterSeconds?: number;
  /** Close the socket without answering (a network error for the client). */
  drop?: boolean;
  /** Delay before handling the request normally (with no status) or answering the fault. */
  delayMs?: number;
  /** How many matching requests it applies to (default 1). */
  count?: number;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

export class FaultBox {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** Takes the first matching fault (using up one of its count). */
  take(method: string, path: string): ActiveFault | undefined {
    const fault = this.faults.find((f) => (f.path === "*" || path.includes(f.path)) && (!f.method || f.method.toUpperCase() === method));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}

export function faultResponse(f: FaultSpec): SimError | undefined {
  if (f.status === undefined) return undefined;
  if (f.status === 429) return concurrencyLimit(f.retryAfterSeconds ?? 1);
  const e = nsError(f.status, f.errorCode ?? (f.status >= 500 ? "UNEXPECTED_ERROR" : "USER_ERROR"), f.detail ?? "An unexpected error occurred. Error ID: simulated-fault");
  if (f.retryAfterSeconds !== undefined) e.headers = { ...e.headers, "retry-after": String(f.retryAfterSeconds) };
  return e;
}
