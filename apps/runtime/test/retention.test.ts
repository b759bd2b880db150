import { createTestDatabase, updateRows, type TestDatabase } from "@ipaas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expected, observe, seedRetention, type SeededRun } from "../../../packages/db/test/retention-fixture";
import type { Logger } from "../src/logger";
import { RETENTION_EVERY_MS, RETENTION_FULL_PASS_EVERY_MS, retentionTask } from "../src/maintenance/retention";

let t: TestDatabase;
let seeded: SeededRun[];
beforeAll(async () => {
  t = await createTestDatabase();
  seeded = await seedRetention(t.db, new Date());
});
afterAll(async () => t?.close());

describe("retention.prune task (real Postgres)", () => {
  it("prunes on each tick, logs the counts, and does a full pass every few hours", async () => {
    const logs: Array<{ fields: Record<string, unknown>; message: string }> = [];
    const logger = { info: (fields: Record<string, unknown>, message: string) => logs.push({ fields, message }) } as unknown as Logger;
    let clock = 0;
    const task = retentionTask({ db: t.db, logger, now: () => clock });
    expect([task.name, task.everyMs]).toEqual(["retention.prune", RETENTION_EVERY_MS]);

    const first = (await task.run()) as { done: boolean; runsDeleted: number; payloadsCleared: number };
    expect(first).toMatchObject({ done: true, runsDeleted: 5, payloadsCleared: 4 });
    expect(await observe(t.db, seeded)).toEqual(expected(seeded));
    expect(logs).toEqual([{ fields: expect.objectContaining({ task: "retention.prune", runsDeleted: 5, payloadsCleared: 4 }), message: "retention prune done" }]);

    // A run 40 days old finishes late: the next tick reads only newly due runs and misses it …
    const late = seeded.find((s) => s.label === "a-retrying")!;
    await updateRows(t.db, "runs", { id: late.id }, { status: "succeeded" });
    clock += RETENTION_EVERY_MS;
    expect(await task.run()).toMatchObject({ payloadsCleared: 0 });
    // … the first tick after the full-pass interval catches it.
    clock += RETENTION_FULL_PASS_EVERY_MS;
    expect(await task.run()).toMatchObject({ payloadsCleared: 1 });
    expect((await observe(t.db, [late]))["a-retrying"]).toBe("cleared");
  });
});
