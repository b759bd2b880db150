import { randomUUID } from "node:crypto";

/** The most orders one request may ask for: the simulator keeps every order in memory. */
export const GENERATE_LIMIT = 100_000;
/** Up to this many, POST /__sim/orders/generate answers with the orders; above, it generates in the background. */
export const GENERATE_INLINE_LIMIT = 500;
/** Orders made between two yields to the event loop, so the simulator keeps answering while a big job runs. */
const CHUNK = 100;

export interface GenerateJob {
  id: string;
  count: number;
  duplicateEvery?: number;
  generated: number;
  status: "running" | "done" | "cancelled";
  startedAt: string;
  finishedAt: string | null;
}

/** Why a count is not one the simulator generates, or null when it is (a whole number from 1 to GENERATE_LIMIT). */
export function badGenerateCount(count: unknown): string | null {
  return typeof count === "number" && Number.isInteger(count) && count >= 1 && count <= GENERATE_LIMIT ? null : `count must be a whole number from 1 to ${GENERATE_LIMIT}`;
}

/**
 * Background order generation for big counts: `makeOne(i, duplicateEvery)` builds, stores and announces order i;
 * between chunks the job waits for the event loop and for `ready()` (webhook backpressure), and
 * its progress is readable by id. reset() cancels what is running.
 */
export function createOrderJobs(makeOne: (index: number, duplicateEvery: number | undefined) => unknown, ready: () => Promise<void>) {
  const jobs = new Map<string, GenerateJob>();

  async function run(job: GenerateJob): Promise<void> {
    while (job.status === "running" && job.generated < job.count) {
      const end = Math.min(job.count, job.generated + CHUNK);
      for (; job.generated < end; job.generated++) makeOne(job.generated, job.duplicateEvery);
      await new Promise<void>((resolve) => setImmediate(resolve));
      await ready();
    }
    if (job.status === "running") job.status = "done";
    job.finishedAt = new Date().toISOString();
  }

  return {
    start(count: number, duplicateEvery?: number): GenerateJob {
      const job: GenerateJob = { id: randomUUID(), count, ...(duplicateEvery === undefined ? {} : { duplicateEvery }), generated: 0, status: "running", startedAt: new Date().toISOString(), finishedAt: null };
      jobs.set(job.id, job);
      void run(job);
      return { ...job };
    },
    /** A snapshot of the job's progress. */
    get(id: string): GenerateJob | undefined {
      const job = jobs.get(id);
      return job && { ...job };
    },
    list: (): GenerateJob[] => [...jobs.values()].map((job) => ({ ...job })),
    reset(): void {
      for (const job of jobs.values()) if (job.status === "running") job.status = "cancelled";
      jobs.clear();
    },
  };
}
