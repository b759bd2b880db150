import fs from "node:fs";
import path from "node:path";
import type { Parameters, Plugin } from "fast-check";
import { loadFuzzEnv } from "@ipaas/env";

/**
 * One contract for every fuzz target (`*.fuzz.test.ts` beside the code it attacks):
 *
 *   fc.assert(property, fuzzParams("ingress.webhook-body", { short: 60, long: 2000 }));
 *
 * The short form is deterministic (fixed seed per target, derived from its name) so
 * `npm test` never flakes; the long form draws a fresh seed per run and records how
 * many cases it ran, which `npm run test:fuzz` (tooling/fuzz-run.ts) sums up per
 * target. A failure prints fast-check's seed and path; FUZZ_SEED=<seed> replays it.
 */
const env = loadFuzzEnv();

export const fuzzMode = env.FUZZ_MODE;

export function fuzzParams<T>(target: string, runs: { short: number; long: number }): Parameters<T> {
  const numRuns = env.FUZZ_MODE === "long" ? runs.long : runs.short;
  const seed = env.FUZZ_SEED ?? (env.FUZZ_MODE === "short" ? seedOf(target) : undefined);
  // Counted when the property ends, so the summary shows the cases that really ran
  // (a property that fails after 12 of 2000 runs reports 12, not 2000).
  const countRuns: Plugin<T> = () => ({ onAllRunsComplete: (details) => recordCases(target, details.numRuns) });
  return { numRuns, ...(seed === undefined ? {} : { seed }), endOnFailure: true, plugins: [countRuns] };
}

/**
 * Appends `target\tcount` to the report directory of `npm run test:fuzz` (no-op
 * otherwise). Targets that loop over a fixed corpus instead of fc.assert call it
 * themselves with the number of cases they ran.
 */
export function recordCases(target: string, count: number): void {
  if (!env.FUZZ_REPORT_DIR) return;
  fs.mkdirSync(env.FUZZ_REPORT_DIR, { recursive: true });
  fs.appendFileSync(path.join(env.FUZZ_REPORT_DIR, `${process.pid}.tsv`), `${target}\t${count}\n`);
}

function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h | 0;
}
