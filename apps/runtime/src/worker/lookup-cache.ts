import { listenChannel, LOOKUP_CHANGED_CHANNEL, lookupValues, parseLookupChange, type ChannelListener, type Db, type LookupChange } from "@ipaas/db";

/** How many (environment, table, key) answers a process keeps by default: a few MB, far more SKUs than most catalogues. */
export const DEFAULT_LOOKUP_CACHE_ENTRIES = 50_000;

/**
 * The per-process cache of cross-reference answers (docs/architecture.md "Cross-reference
 * tables"): a hot flow reads each (environment, table, key) once, not once per order. Keys
 * not in the cache are read in one query per table and batch (`key = ANY(...)`), and concurrent
 * runs asking for the same key share that query. "Not in the table" is cached too, so an
 * order with an unknown SKU does not query again on every retry; the entry is added later
 * through the Lookups page, which announces it.
 *
 * Freshness: every write to a table sends a NOTIFY when it commits; the cache LISTENs and
 * forgets that table's entries of the changed environment (all of them for a rename or delete). While the LISTEN connection is down (or not yet up) a change could go
 * unnoticed, so the cache then holds nothing and reads go straight to the database.
 */
export class LookupCache {
  /** `environment\ntable` → key → the answer (undefined: not in the table), settled or still being read. */
  private readonly tables = new Map<string, Map<string, Promise<unknown>>>();
  private size = 0;
  private live = false;

  constructor(
    private readonly db: Db,
    private readonly maxEntries = DEFAULT_LOOKUP_CACHE_ENTRIES,
  ) {}

  /** Starts caching once the LISTEN on `url` is in place; close the listener on shutdown. */
  listen(url: string, options: { retryMs?: number } = {}): ChannelListener {
    return listenChannel(
      url,
      LOOKUP_CHANGED_CHANNEL,
      {
        onNotify: (payload) => this.forget(parseLookupChange(payload)),
        onLive: (live) => {
          this.live = live;
          this.tables.clear();
          this.size = 0;
        },
      },
      options,
    );
  }

  async lookup(environment: string, table: string, key: string): Promise<unknown> {
    return (await this.lookupMany(environment, table, [key])).get(key);
  }

  async lookupMany(environment: string, table: string, keys: readonly string[]): Promise<Map<string, unknown>> {
    if (!this.live) return lookupValues(this.db, { environment, table, keys });
    // Environment names are slugs and table names have no line breaks: the pair is unambiguous.
    const id = `${environment}\n${table}`;
    let entries = this.tables.get(id);
    if (!entries) this.tables.set(id, (entries = new Map()));
    const unique = [...new Set(keys)];
    const missing = unique.filter((key) => !entries.has(key));
    if (missing.length > 0) this.read({ environment, table, id }, entries, missing);
    // Taken before evict() may drop some of them again (a batch larger than the bound).
    const answers = unique.map((key) => entries.get(key));
    this.evict();
    const values = await Promise.all(answers);
    return new Map(unique.flatMap((key, i) => (values[i] === undefined ? [] : [[key, values[i]] as const])));
  }

  private read(source: { environment: string; table: string; id: string }, entries: Map<string, Promise<unknown>>, keys: string[]): void {
    const batch = lookupValues(this.db, { environment: source.environment, table: source.table, keys });
    for (const key of keys) {
      const answer = batch.then((found) => found.get(key));
      entries.set(key, answer);
      // A failed read is not an answer: the next call asks again.
      answer.catch(() => {
        if (this.tables.get(source.id) !== entries || entries.get(key) !== answer) return;
        entries.delete(key);
        this.size--;
      });
    }
    this.size += keys.length;
  }

  /**
   * Drops what changed: a table's entries in one environment, or in all (rename, delete,
   * an unreadable payload: everything). Reads still in flight answer their callers but are not kept.
   */
  private forget(change: LookupChange | null): void {
    for (const [id, entries] of this.tables) {
      const [environment, table] = id.split("\n");
      if (change && (table !== change.table || (change.environment !== undefined && environment !== change.environment))) continue;
      this.size -= entries.size;
      this.tables.delete(id);
    }
  }

  /** Oldest first, beyond the bound. */
  private evict(): void {
    for (const [table, entries] of this.tables) {
      for (const key of entries.keys()) {
        if (this.size <= this.maxEntries) return;
        entries.delete(key);
        this.size--;
      }
      if (entries.size === 0) this.tables.delete(table);
    }
  }
}
