import type { Redis } from "ioredis";

export interface CircuitPolicy {
  /** Consecutive retryable failures that open the circuit. */
  failureThreshold: number;
  /** How long it stays open before one probe request may try (half-open). */
  cooldownMs: number;
}

export const DEFAULT_CIRCUIT: CircuitPolicy = { failureThreshold: 5, cooldownMs: 30_000 };

export type CircuitDecision = { allow: true; dirty: boolean } | { allow: false; retryInMs: number };

/**
 * Per-connection circuit breaker shared by all workers through Redis. While a
 * target is down, steps wait (DeferStep) instead of burning their attempts and
 * landing in the dead-letter queue; after the cooldown a single probe decides.
 */
export class CircuitBreaker {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string) {
    return `${this.prefix}:cb:${id}`;
  }

  /** `dirty`: failures were counted, so a success must reset them. */
  async check(id: string, policy: CircuitPolicy): Promise<CircuitDecision> {
    const [failures, until] = await this.redis.hmget(this.key(id), "failures", "openUntil");
    const openUntil = Number(until);
    if (!openUntil) return { allow: true, dirty: Number(failures) > 0 };
    const now = Date.now();
    if (now < openUntil) return { allow: false, retryInMs: openUntil - now };
    // Half-open: exactly one worker gets to probe per cooldown.
    const probe = await this.redis.set(`${this.key(id)}:probe`, "1", "PX", policy.cooldownMs, "NX");
    return probe ? { allow: true, dirty: true } : { allow: false, retryInMs: Math.min(1000, policy.cooldownMs) };
  }

  async success(id: string): Promise<void> {
    await this.redis.del(this.key(id), `${this.key(id)}:probe`);
  }

  /** Counts a retryable failure; opens (or re-opens, after a failed probe) the circuit at the threshold. */
  async failure(id: string, policy: CircuitPolicy): Promise<boolean> {
    const key = this.key(id);
    const failures = await this.redis.hincrby(key, "failures", 1);
    await this.redis.pexpire(key, policy.cooldownMs * 10);
    if (failures < policy.failureThreshold) return false;
    await this.redis.hset(key, "openUntil", String(Date.now() + policy.cooldownMs));
    await this.redis.del(`${key}:probe`);
    return true;
  }
}
