import { recordRefusedAttempt, type Db } from "@ipaas/db";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { RateLimiter, RatePolicy } from "../limits/rate-limiter";
import { fail } from "./replies";

/**
 * Failed signature / API-key attempts a source IP may make: 10 back to back, then one
 * every 6 s. Guessing a secret needs far more; a misconfigured sender sees 401s first
 * and only then 429s, so the cause stays visible.
 */
export const FAILED_AUTH_POLICY: RatePolicy = { requestsPerSecond: 10 / 60, burst: 10 };

export interface RefusalTarget {
  /** Audit action, e.g. `webhook.rejected`. */
  action: string;
  targetType: string;
  targetId: string | null;
}

/**
 * Refused authentication at the ingress: counted per source IP with the GCRA limiter
 * (429 + Retry-After past the budget) and audited as aggregated rows (packages/db
 * `recordRefusedAttempt`), so neither the runtime nor the audit log pays per try.
 */
export class Refusals {
  constructor(
    private readonly db: Db,
    private readonly rate: RateLimiter,
  ) {}

  /** False (and 429 sent) when the source has used up its failed attempts; nothing is verified then. */
  async admit(req: FastifyRequest, reply: FastifyReply, target: RefusalTarget): Promise<boolean> {
    const wait = await this.rate.peek(keyOf(req), FAILED_AUTH_POLICY);
    if (wait === 0) return true;
    await recordRefusedAttempt(this.db, { ...target, ip: req.ip, reason: "too many failed attempts" });
    await tooMany(reply, wait);
    return false;
  }

  /** Audits a refusal whose answer the caller sends itself (an AS2 negative MDN) and uses up the source's budget. */
  async note(req: FastifyRequest, target: RefusalTarget, reason: string): Promise<void> {
    await recordRefusedAttempt(this.db, { ...target, ip: req.ip, reason });
    await this.rate.acquire(keyOf(req), FAILED_AUTH_POLICY);
  }

  /** Audits the refusal and answers 401 (429 once this attempt used up the source's budget). */
  async refuse(req: FastifyRequest, reply: FastifyReply, target: RefusalTarget, refusal: { error: string; message: string; reason: string }) {
    await recordRefusedAttempt(this.db, { ...target, ip: req.ip, reason: refusal.reason });
    const wait = await this.rate.acquire(keyOf(req), FAILED_AUTH_POLICY);
    if (wait > 0) return tooMany(reply, wait);
    return fail(reply, 401, refusal.error, refusal.message);
  }
}

const keyOf = (req: FastifyRequest) => `authfail:${req.ip}`;

function tooMany(reply: FastifyReply, waitMs: number) {
  return reply
    .header("retry-after", String(Math.max(1, Math.ceil(waitMs / 1000))))
    .code(429)
    .send({ error: "TOO_MANY_FAILED_ATTEMPTS", message: "Too many failed authentication attempts from this address; retry after the time in Retry-After" });
}
