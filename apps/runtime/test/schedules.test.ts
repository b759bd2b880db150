import { getFlow, getFlowVersion, publishVersion, updateFlowEnabled } from "@ipaas/db";
import { selectRows } from "@ipaas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger";
import { createScheduleWorker, createTriggersQueue, syncSchedules } from "../src/triggers/schedules";
import { publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";

let h: Harness;
let triggers: ReturnType<typeof createTriggersQueue>;
const logger = createLogger("silent");

beforeAll(async () => {
  h = await startHarness();
  triggers = createTriggersQueue(h.redisUrl, h.prefix);
});
afterAll(async () => {
  await triggers?.close();
  await h?.close();
});

const map = { id: "map", type: "map" as const, name: "Map", config: { expression: "{ 'at': firedAt }" } };

describe("cron schedules (BullMQ job schedulers)", () => {
  it("a published schedule fires runs; disabling the flow removes it", async () => {
    const flowId = await publishFlow(h.db, "every second", [map], { trigger: { id: "trigger", type: "trigger.schedule", name: "Every second", config: { cron: "* * * * * *" } } });
    expect(await syncSchedules(h.db, triggers, logger)).toEqual({ upserted: 1, removed: 0 });
    expect(await syncSchedules(h.db, triggers, logger)).toEqual({ upserted: 0, removed: 0 }); // idempotent
    const worker = createScheduleWorker({ db: h.db, runs: h.queue, redisUrl: h.redisUrl, prefix: h.prefix, logger });
    try {
      const deadline = Date.now() + 10_000;
      let runs: Array<{ id: string }> = [];
      while (runs.length < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        runs = await selectRows(h.db, "runs", { flowId });
      }
      expect(runs.length).toBeGreaterThanOrEqual(2);
      const { run } = await waitForRun(h.db, runs[0]!.id);
      expect(run).toMatchObject({ status: "succeeded", triggerType: "trigger.schedule" });
      expect((run.output as { at: string }).at).toMatch(/^\d{4}-\d\d-\d\dT/);
    } finally {
      await worker.close();
    }
    await updateFlowEnabled(h.db, { flowId, enabled: false });
    expect(await syncSchedules(h.db, triggers, logger)).toEqual({ upserted: 0, removed: 1 });
    expect(await triggers.getJobSchedulers()).toHaveLength(0);
  });

  it("a new version's schedule replaces the old one: parsed versions are remembered by version, not by flow", async () => {
    const flowId = await publishFlow(h.db, "republished", [map], { trigger: { id: "trigger", type: "trigger.schedule", name: "Hourly", config: { cron: "0 * * * *" } } });
    await syncSchedules(h.db, triggers, logger);
    const first = (await getFlowVersion(h.db, (await getFlow(h.db, flowId)).publishedVersionId!)).definition as { nodes: Array<{ config: object }> };
    const definition = structuredClone(first);
    definition.nodes[0]!.config = { cron: "30 * * * *" };
    await publishVersion(h.db, { flowId, definition, message: "half past", actor: { id: null, email: null } });
    expect(await syncSchedules(h.db, triggers, logger)).toEqual({ upserted: 1, removed: 0 });
    const schedulers = (await triggers.getJobSchedulers()).filter((s) => s.key === `schedule:${flowId}`);
    expect(schedulers.map((s) => s.pattern)).toEqual(["30 * * * *"]);
    await updateFlowEnabled(h.db, { flowId, enabled: false });
    await syncSchedules(h.db, triggers, logger);
  });

  it("honours the trigger's time zone", async () => {
    await publishFlow(h.db, "new york morning", [map], {
      trigger: { id: "trigger", type: "trigger.schedule", name: "9am NY", config: { cron: "0 9 * * *", timezone: "America/New_York" } },
    });
    await syncSchedules(h.db, triggers, logger);
    const [scheduler] = await triggers.getJobSchedulers();
    expect(scheduler).toMatchObject({ pattern: "0 9 * * *", tz: "America/New_York" });
    const next = new Date(scheduler!.next!);
    const hourInNewYork = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", hour12: false }).format(next);
    expect(Number(hourInNewYork)).toBe(9);
    expect(next.getUTCMinutes()).toBe(0);
  });
});
