import { limitsOf } from "@ipaas/db";
import type { Redis } from "ioredis";

export interface CircuitPolicy {
  /** Consecutive retryable failures that open the circuit. */
  failureThreshold: number;
  /** How long it stays open before one probe request may try (half-open). */
  cooldownMs: number;
}

export const DEFAULT_CIRCUIT: CircuitPolicy = { failureThreshold: 5, cooldownMs: 30_000 };

/** A connection's circuit policy: its `config.limits` over the defaults. */
export function circuitPolicyOf(config: Record<string, unknown>): CircuitPolicy {
  const { failureThreshold, cooldownMs } = limitsOf(config);
  return { failureThreshold: failureThreshold ?? DEFAULT_CIRCUIT.failureThreshold, cooldownMs: cooldownMs ?? DEFAULT_CIRCUIT.cooldownMs };
}

/** `offline`: the health monitor holds the circuit open until a connection test passes (no probes meanwhile). */
export type CircuitDecision = { allow: true; dirty: boolean } | { allow: false; retryInMs: number; offline?: boolean };

/** A hold outlives a stopped monitor by this much at least, then normal cooldowns and probes resume. */
const MIN_HOLD_TTL_MS = 3_600_000;

/**
 * Per-connection circuit breaker shared by all workers through Redis. While a
 * target is down, steps wait (DeferStep) instead of burning their attempts and
 * landing in the dead-letter queue; after the cooldown a single probe decides.
 * The health monitor (docs/architecture.md "Connection health") reads which
 * circuits opened, and holds the circuit of an offline connection open: its
 * connection test is then the only probe, so waiting steps spend no attempts.
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
    const [failures, until, held] = await this.redis.hmget(this.key(id), "failures", "openUntil", "held");
    if (held) return { allow: false, retryInMs: Number(held), offline: true };
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
    // A call that was in flight when the monitor held the circuit must not shorten the hold.
    if (await this.redis.hexists(key, "held")) return true;
    const failures = await this.redis.hincrby(key, "failures", 1);
    await this.redis.pexpire(key, policy.cooldownMs * 10);
    if (failures < policy.failureThreshold) return false;
    await this.redis.hset(key, "openUntil", String(Date.now() + policy.cooldownMs));
    await this.redis.del(`${key}:probe`);
    await this.redis.sadd(this.openedKey(), id);
    return true;
  }

  private openedKey() {
    return `${this.prefix}:cb:opened`;
  }

  /** Connections whose circuit opened since the last call (each reported once), for the health monitor. */
  async takeOpened(): Promise<string[]> {
    return this.redis.spop(this.openedKey(), 1000);
  }

  /**
   * Tripped and not closed since: open, half-open after its cooldown, or held.
   * What a failed connection test needs to know to call the connection offline.
   */
  async isOpen(id: string): Promise<boolean> {
    const [until, held] = await this.redis.hmget(this.key(id), "openUntil", "held");
    return Boolean(held) || Number(until) > 0;
  }

  /**
   * Holds the circuit open while the connection is offline: steps defer and look
   * again after `retryInMs`, none probes. Cleared by `success` (a passing test).
   */
  async hold(id: string, retryInMs: number): Promise<void> {
    const key = this.key(id);
    const ttl = Math.max(MIN_HOLD_TTL_MS, retryInMs * 10);
    await this.redis.multi().hset(key, "held", String(Math.max(1, retryInMs)), "openUntil", String(Date.now() + ttl)).pexpire(key, ttl).del(`${key}:probe`).exec();
  }
}
