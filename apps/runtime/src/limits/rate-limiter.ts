import type { Redis } from "ioredis";

/**
 * GCRA (the generic cell rate algorithm, a.k.a. a virtual-scheduling token bucket)
 * in one Lua script, on Redis' clock: every worker on every machine shares one
 * schedule per connection, smoothly spaced. Libraries with fixed one-second
 * windows let 2× the limit through around a window boundary, which is exactly
 * what gets an ERP integration user throttled; this is exact to the millisecond.
 *
 * Returns 0 when the request may go now, else the milliseconds to wait.
 */
const GCRA = `
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local allowAt = tat - tolerance
if now < allowAt then return allowAt - now end
if ARGV[3] == 'peek' then return 0 end
local nextTat = tat + interval
redis.call('SET', KEYS[1], nextTat, 'PX', math.ceil(nextTat - now) + 1000)
return 0
`;

export interface RatePolicy {
  requestsPerSecond: number;
  /** Requests that may go back to back before spacing applies (default 1: evenly spaced). */
  burst?: number;
}

export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** 0 if a request may start now (and it is counted), else how long to wait before asking again. */
  async acquire(key: string, policy: RatePolicy, mode: "count" | "peek" = "count"): Promise<number> {
    const interval = 1000 / policy.requestsPerSecond;
    const tolerance = interval * (Math.max(1, policy.burst ?? 1) - 1);
    const wait = await this.redis.eval(GCRA, 1, `${this.prefix}:rl:${key}`, String(interval), String(tolerance), mode);
    return Number(wait);
  }

  /** Like `acquire`, without counting a request: is the key over its limit right now? */
  peek(key: string, policy: RatePolicy): Promise<number> {
    return this.acquire(key, policy, "peek");
  }
}
