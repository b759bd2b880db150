import { listLiveVersions, offlineConnectionsOfFlow, type Db } from "@ipaas/db";
import { configOf, isTriggerType, parseVersion } from "@ipaas/flow";
import { createRedisConnection, dispatchRun, QUEUES, type RunJob } from "@ipaas/jobs";
import { Queue, Worker, type Job } from "bullmq";
import { z } from "zod";
import type { Logger } from "../logger";

export const scheduleJobSchema = z.object({ flowId: z.string().uuid(), kind: z.enum(["schedule", "poll"]).default("schedule") });
type ScheduleJob = z.input<typeof scheduleJobSchema>;

const PREFIXES = ["schedule:", "poll:"];

interface Desired {
  flowId: string;
  kind: "schedule" | "poll";
  pattern?: string;
  tz?: string;
  every?: number;
}

export function createTriggersQueue(redisUrl: string, prefix: string) {
  return new Queue<ScheduleJob>(QUEUES.triggers, {
    connection: createRedisConnection(redisUrl),
    prefix,
    defaultJobOptions: { removeOnComplete: { count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } },
  });
}

/**
 * Cron and poll triggers of every published, enabled flow, by scheduler id. Each
 * version is parsed once per process (parseVersion), not on every 15 s sync.
 */
export async function desiredSchedules(db: Db): Promise<Map<string, Desired>> {
  const desired = new Map<string, Desired>();
  for (const row of await listLiveVersions(db)) {
    const parsed = (() => {
      try {
        return parseVersion({ id: row.versionId, definition: row.definition });
      } catch {
        return null; // an unparseable version cannot run anyway; publish validation prevents it
      }
    })();
    const trigger = parsed?.nodes.find((n) => isTriggerType(n.type));
    if (!parsed || !trigger) continue;
    // typeof: a version published before the gate checked cron is skipped, as it always was.
    const schedule = trigger.type === "trigger.schedule" ? configOf(trigger, "trigger.schedule") : undefined;
    if (schedule && typeof schedule.cron === "string") {
      const tz = schedule.timezone ?? parsed.settings.timezone ?? "UTC";
      desired.set(`schedule:${row.flowId}`, { flowId: row.flowId, kind: "schedule", pattern: schedule.cron, tz });
    } else if (trigger.type === "trigger.poll") {
      const seconds = Math.max(10, Number(configOf(trigger, "trigger.poll").intervalSeconds ?? 60));
      desired.set(`poll:${row.flowId}`, { flowId: row.flowId, kind: "poll", every: seconds * 1000 });
    }
  }
  return desired;
}

/**
 * Makes BullMQ's job schedulers match the published flows. Every replica runs it;
 * it is idempotent, so publish/enable/disable is picked up within one interval
 * without a restart, and a schedule fires once per tick however many replicas run.
 */
export async function syncSchedules(db: Db, queue: Queue<ScheduleJob>, logger: Logger): Promise<{ upserted: number; removed: number }> {
  const desired = await desiredSchedules(db);
  const existing = await queue.getJobSchedulers(0, -1);
  let upserted = 0;
  let removed = 0;
  for (const s of existing) {
    const id = s.key;
    if (!PREFIXES.some((p) => id.startsWith(p))) continue;
    const want = desired.get(id);
    if (!want) {
      await queue.removeJobScheduler(id);
      removed++;
    } else if (want.kind === "poll" ? Number(s.every) === want.every : want.pattern === s.pattern && want.tz === (s.tz ?? "UTC")) {
      desired.delete(id); // unchanged
    }
  }
  for (const [id, s] of desired) {
    const repeat = s.kind === "poll" ? { every: s.every } : { pattern: s.pattern, tz: s.tz };
    await queue.upsertJobScheduler(id, repeat, { name: s.kind, data: { flowId: s.flowId, kind: s.kind } });
    upserted++;
  }
  if (upserted || removed) logger.info({ upserted, removed }, "schedules synced");
  return { upserted, removed };
}

/**
 * A cron firing becomes a run (the job id, one per scheduler tick, is the trigger
 * event id, so a tick runs once); a poll firing fetches changes (see polls.ts).
 * Neither fires while a connection the flow calls is offline.
 */
export function createScheduleWorker(deps: { db: Db; runs: Queue<RunJob>; redisUrl: string; prefix: string; logger: Logger; poll?: (flowId: string) => Promise<unknown> }) {
  const worker = new Worker<ScheduleJob>(
    QUEUES.triggers,
    async (job: Job<ScheduleJob>) => {
      const { flowId, kind } = scheduleJobSchema.parse(job.data);
      // A flow calling an offline connection is paused: its ticks are skipped, not queued up
      // (docs/architecture.md "Connection health"); the next tick after recovery fires as usual.
      const offline = await offlineConnectionsOfFlow(deps.db, flowId);
      if (offline.length > 0) return `paused: ${offline.map((c) => `connection "${c.name}"`).join(", ")} offline`;
      if (kind === "poll") return deps.poll?.(flowId);
      const firedAt = new Date(job.opts.prevMillis ?? job.timestamp).toISOString();
      const result = await dispatchRun({ db: deps.db, queue: deps.runs }, { flowId, triggerType: "trigger.schedule", payload: { firedAt }, triggerEventId: `tick:${job.id}` });
      return result.runId;
    },
    { connection: createRedisConnection(deps.redisUrl), prefix: deps.prefix, concurrency: 5 },
  );
  worker.on("error", (err) => deps.logger.error({ err: err.message }, "schedule worker error"));
  worker.on("failed", (job, err) => deps.logger.warn({ jobId: job?.id, err: err.message }, "scheduled run not dispatched"));
  return worker;
}

export function startScheduleSync(db: Db, queue: Queue<ScheduleJob>, logger: Logger, everyMs = 15_000): () => void {
  const run = () => syncSchedules(db, queue, logger).catch((err: unknown) => logger.error({ err: String(err) }, "schedule sync failed"));
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
