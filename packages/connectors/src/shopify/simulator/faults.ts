/**
 * Fault injection: the next `count` GraphQL requests whose root fields match
 * `operation` ("*" = any, else a root field name such as "orders" or
 * "fulfillmentCreate") answer an HTTP status, a GraphQL error code, or wait.
 */
export interface Fault {
  operation: string;
  /** HTTP status to answer (e.g. 500, 503, 429). */
  status?: number;
  /** Top-level GraphQL error code with HTTP 200 (e.g. "THROTTLED", "INTERNAL_SERVER_ERROR"). */
  graphqlError?: string;
  /** Added latency before answering (or before the fault), in ms. */
  delayMs?: number;
  count?: number;
}

export class FaultBox {
  private faults: Array<Required<Pick<Fault, "operation" | "count">> & Fault> = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault, operation: fault.operation || "*", count: fault.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Takes the first fault that matches one of the request's root fields, using up one of its count. */
  take(rootFields: string[]): Fault | undefined {
    const index = this.faults.findIndex((f) => f.operation === "*" || rootFields.includes(f.operation));
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.faults.splice(index, 1);
    return fault;
  }
}
