import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * `npm run test:fuzz`: the long form of the fuzz suite. Runs vitest on every
 * `*.fuzz.test.ts` (the same files `npm test` runs in their short, deterministic
 * form) with FUZZ_MODE=long and a fresh FUZZ_REPORT_DIR, where tooling/fuzz.ts
 * records the cases each property really ran; then prints them per target and
 * in total. Exits non-zero when a test fails, when no case was recorded, or when
 * the whole suite ran fewer than MIN_TOTAL cases (issue 13's floor).
 *
 * Extra arguments narrow the run (`npm run test:fuzz -- designer`): only fuzz
 * files whose path contains them run, and the floor is not applied.
 */
const MIN_TOTAL = 10_000;
// A long property runs thousands of cases in one `it`; the unit suite's 20 s is for single tests.
const LONG_TIMEOUT_MS = 20 * 60_000;

const filters = process.argv.slice(2);
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipaas-fuzz-"));
const started = Date.now();

const files = fuzzFiles().filter((file) => filters.every((f) => file.includes(f)));
if (files.length === 0) {
  console.error(`test:fuzz: no *.fuzz.test.ts file${filters.length > 0 ? ` matches ${filters.join(" ")}` : ""}`);
  process.exit(1);
}
const vitest = spawnSync("npx", ["vitest", "run", `--testTimeout=${LONG_TIMEOUT_MS}`, ...files], {
  stdio: "inherit",
  env: { ...process.env, FUZZ_MODE: "long", FUZZ_REPORT_DIR: reportDir },
});

const counts = readCounts(reportDir);
fs.rmSync(reportDir, { recursive: true, force: true });
const total = [...counts.values()].reduce((a, b) => a + b, 0);
const width = Math.max(6, ...[...counts.keys()].map((t) => t.length));

console.log("\nFuzz cases per target (FUZZ_MODE=long)");
for (const [target, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${target.padEnd(width)}  ${String(count).padStart(7)}`);
console.log(`  ${"total".padEnd(width)}  ${String(total).padStart(7)}   in ${((Date.now() - started) / 1000).toFixed(0)} s`);

const problems: string[] = [];
if (vitest.error) problems.push(`vitest did not start: ${vitest.error.message}`);
else if (vitest.status !== 0) problems.push(`vitest failed (exit ${vitest.status ?? vitest.signal})`);
if (total === 0) problems.push("no fuzz case was recorded (are the targets using fuzzParams / recordCases?)");
else if (filters.length === 0 && total < MIN_TOTAL) problems.push(`only ${total} cases in all; the long form must run at least ${MIN_TOTAL}`);
for (const p of problems) console.error(`test:fuzz: ${p}`);
process.exit(problems.length > 0 ? 1 : 0);

/** Every fuzz target where vitest's include looks (the test folders of apps and packages), relative to the repo root. */
function fuzzFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".fuzz.test.ts")) found.push(full);
    }
  };
  for (const group of ["apps", "packages"]) {
    if (!fs.existsSync(group)) continue;
    for (const pkg of fs.readdirSync(group)) walk(path.join(group, pkg, "test"));
  }
  return found.sort();
}

/** Sums the `target\tcount` lines every test process appended. */
function readCounts(dir: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of fs.readdirSync(dir)) {
    for (const line of fs.readFileSync(path.join(dir, file), "utf8").split("\n")) {
      const [target, count] = line.split("\t");
      if (target && count) counts.set(target, (counts.get(target) ?? 0) + Number(count));
    }
  }
  return counts;
}
