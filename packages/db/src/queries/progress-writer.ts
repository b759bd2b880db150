import type { Db } from "../client";
import { GroupCommit } from "./group-commit";
import { persistProgressBatch } from "./progress";
import type { Progress } from "./runs";

/** Run progress written by group commit (see GroupCommit): one statement for many runs. */
export class ProgressWriter extends GroupCommit<Progress, void> {
  constructor(db: Db, options?: { maxBatch?: number; maxInFlight?: number }) {
    super(async (batch) => {
      await persistProgressBatch(db, batch);
      return batch.map(() => undefined);
    }, options);
  }

  write(progress: Progress): Promise<void> {
    return this.submit(progress);
  }
}
