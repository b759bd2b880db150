import type { Redis } from "ioredis";

/**
 * A counting semaphore with leases in a Redis sorted set (member → lease expiry),
 * shared by all workers: at most `limit` runs of a flow execute at once. Leases
 * expire, so a worker killed while holding one does not block the flow forever.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], lease)
  return 1
end
return 0
`;

export class FlowConcurrency {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly leaseMs = 60_000,
  ) {}

  private key(flowId: string) {
    return `${this.prefix}:flowconc:${flowId}`;
  }

  async acquire(flowId: string, holder: string, limit: number): Promise<boolean> {
    return Number(await this.redis.eval(ACQUIRE, 1, this.key(flowId), holder, String(this.leaseMs), String(limit))) === 1;
  }

  async release(flowId: string, holder: string): Promise<void> {
    await this.redis.zrem(this.key(flowId), holder);
  }
}
