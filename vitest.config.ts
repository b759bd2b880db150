import { defineConfig } from "vitest/config";

// One vitest run for the whole repo: one real Postgres and one real Redis are
// started by the global setup (or taken from DATABASE_URL / REDIS_URL) and every
// test file gets its own database and queue prefix.
export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts"],
    globalSetup: ["./tooling/vitest.global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
