/**
 * Caches in-flight and settled lookups by key, so concurrent callers share one
 * query. Failures are not cached (a fix shows up at once). Entries expire after
 * `ttlMs` (Infinity for immutable data) and the oldest go first beyond `limit`,
 * so a long-running process does not grow without bound.
 */
export class PromiseCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(private readonly options: { ttlMs: number; limit: number }) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.options.ttlMs) return hit.value;
    const value = load();
    const entry = { at: Date.now(), value };
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.delete(key); // re-insert: Map order is age order
    this.entries.set(key, entry);
    if (this.entries.size > this.options.limit) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** Forgets a key (e.g. its value changed), so the next get loads it again. */
  delete(key: string): void {
    this.entries.delete(key);
  }
}
