import type { Redis } from "ioredis";

/**
 * "Run finished" notices over Redis pub/sub, so an API trigger's HTTP request on
 * one replica learns that a worker on another replica finished its run without
 * polling Postgres.
 */
export class RunEvents {
  private readonly waiters = new Map<string, Set<() => void>>();
  private subscribed: Promise<unknown> | null = null;

  constructor(
    private readonly pub: Redis,
    /** A dedicated connection: a subscribed ioredis client can do nothing else. */
    private readonly sub: Redis,
    private readonly channel: string,
  ) {}

  static channelFor(prefix: string) {
    return `${prefix}:runs:finished`;
  }

  async publishFinished(runId: string): Promise<void> {
    await this.pub.publish(this.channel, runId);
  }

  private ensureSubscribed() {
    this.subscribed ??= this.sub.subscribe(this.channel).then(() =>
      this.sub.on("message", (_channel: string, runId: string) => {
        for (const wake of this.waiters.get(runId) ?? []) wake();
      }),
    );
    return this.subscribed;
  }

  /**
   * Resolves true when the run finishes within `timeoutMs`. `isFinished` is checked
   * after subscribing, so a run that finished just before the wait began is seen.
   */
  async waitFor(runId: string, timeoutMs: number, isFinished: () => Promise<boolean>): Promise<boolean> {
    await this.ensureSubscribed();
    let wake!: () => void;
    const notified = new Promise<void>((resolve) => (wake = resolve));
    const set = this.waiters.get(runId) ?? new Set();
    set.add(wake);
    this.waiters.set(runId, set);
    let timer: NodeJS.Timeout | undefined;
    try {
      if (await isFinished()) return true;
      const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      const woke = await Promise.race([notified.then(() => true as const), timedOut]);
      return woke || (await isFinished());
    } finally {
      clearTimeout(timer);
      set.delete(wake);
      if (set.size === 0) this.waiters.delete(runId);
    }
  }
}
