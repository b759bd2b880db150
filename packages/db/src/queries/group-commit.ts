interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: items submitted while a write is in flight queue up and go out
 * together in the next one. Every commit waits for a WAL flush, and on a small
 * machine those flushes were the hot path's bottleneck; batching makes it one flush
 * for many runs. Under light load an item goes out at once (no added latency);
 * under heavy load batches grow by themselves. Each caller learns its own outcome:
 * when a batch fails, its items are retried one by one, so one bad item does not
 * fail its neighbours.
 */
export class GroupCommit<T, R> {
  private queue: Array<Pending<T, R>> = [];
  private inFlight = 0;

  constructor(
    /** Writes a batch; returns one result per item, in order. */
    private readonly writeBatch: (items: T[]) => Promise<R[]>,
    private readonly options: { maxBatch?: number; maxInFlight?: number } = {},
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.queue.length > 0 && this.inFlight < (this.options.maxInFlight ?? 2)) {
      const batch = this.queue.splice(0, this.options.maxBatch ?? 100);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(batch: Array<Pending<T, R>>) {
    try {
      const results = await this.writeBatch(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i] as R));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      for (const p of batch) await this.writeBatch([p.item]).then((r) => p.resolve(r[0] as R), p.reject);
    }
  }
}
