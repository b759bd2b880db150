import type { Db } from "../client";
import { persistProgress, persistProgressBatch } from "./progress";
import type { Progress } from "./runs";

interface Pending {
  progress: Progress;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for run progress. Every commit waits for a WAL flush, and on a small
 * machine those flushes were the hot path's bottleneck; so while a write is in
 * flight, the next ones queue and go together in one transaction — one flush for
 * many runs, and one statement (no transaction left open between statements). Under light load a write goes out at once (no added latency); under
 * heavy load batches grow by themselves. Each caller still learns its own outcome.
 */
export class ProgressWriter {
  private queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Db,
    private readonly options: { maxBatch?: number; maxInFlight?: number } = {},
  ) {}

  write(progress: Progress): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ progress, resolve, reject });
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

  private async flush(batch: Pending[]) {
    try {
      await persistProgressBatch(
        this.db,
        batch.map((b) => b.progress),
      );
      for (const item of batch) item.resolve();
    } catch {
      // One bad write must not fail its neighbours: retry each on its own.
      for (const item of batch) await persistProgress(this.db, item.progress).then(item.resolve, item.reject);
    }
  }
}
