import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@ipaas/db/testing";
import { startRedis, type RedisServer } from "@ipaas/devstack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnRuntime, type RuntimeProcess } from "./helpers/process";

let t: TestDatabase;
let redis: RedisServer | undefined;
let runtime: RuntimeProcess | undefined;
let dataDir: string;
const TIMEOUT_MS = 2000;

beforeAll(async () => {
  t = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipaas-shutdown-"));
  // Its own redis-server, so stopping it does not disturb the other test files.
  redis = await startRedis({ dataDir });
});
afterAll(async () => {
  if (runtime?.child.exitCode === null) runtime.child.kill("SIGKILL");
  await redis?.stop();
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("stopping the runtime (a separate process)", () => {
  it("with Redis gone, SIGTERM ends the process within RUNTIME_SHUTDOWN_TIMEOUT_MS and says why", { timeout: 60_000 }, async () => {
    runtime = await spawnRuntime({ DATABASE_URL: t.url, REDIS_URL: redis!.url, RUNTIME_SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS) });
    await redis!.stop();
    redis = undefined;
    const exited = new Promise<number>((resolve) => runtime!.child.once("exit", () => resolve(Date.now())));
    const signalled = Date.now();
    runtime.child.kill("SIGTERM");
    // A generous bound for a loaded machine; before the deadline existed, the process stayed up for minutes.
    const tooLate = new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), TIMEOUT_MS + 8000).unref());
    const outcome = await Promise.race([exited, tooLate]);
    expect(outcome).not.toBe("still running");
    expect((outcome as number) - signalled).toBeLessThan(TIMEOUT_MS + 8000);
    const log = runtime.output.join("");
    expect(log).toContain("runtime stopping");
    expect(log).toMatch(/shutdown deadline reached: Postgres or Redis did not answer in time|in-flight steps did not finish in time/);
  });
});
