/**
 * Fault injection on the simulator's AS2 endpoint: the next `count` messages get
 * HTTP `status` (e.g. 500, nothing processed), a negative MDN (`mdnError`, the payload
 * is dropped as a partner that cannot decrypt would), a closed socket (`drop`), or
 * wait `delayMs` first (slow responses; alone, the message is then processed normally).
 */
/** RFC 4130's processed/error descriptions, what a negative MDN may say. */
export const MDN_ERRORS = ["authentication-failed", "decompression-failed", "decryption-failed", "insufficient-message-security", "integrity-check-failed", "unexpected-processing-error"] as const;

export interface PartnerFault {
  status?: number;
  mdnError?: (typeof MDN_ERRORS)[number];
  drop?: boolean;
  delayMs?: number;
  /** How many messages it applies to (default 1). */
  count?: number;
}

export class PartnerFaults {
  private faults: Array<PartnerFault & { remaining: number }> = [];

  add(fault: PartnerFault): void {
    this.faults.push({ ...fault, remaining: Math.max(1, fault.count ?? 1) });
  }

  list(): PartnerFault[] {
    return this.faults.map(({ remaining, ...f }) => ({ ...f, count: remaining }));
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault, using up one of its count. */
  take(): PartnerFault | undefined {
    const fault = this.faults[0];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.shift();
    return fault;
  }
}
