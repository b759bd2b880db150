import { DASHBOARD_RANGES } from "@ipaas/db";
import { RUN_STATUSES, type RunStatus } from "@ipaas/db/enums";
import { z } from "zod";
import { dashboardOverview } from "../services/dashboard";
import { router, viewerProcedure } from "../trpc";

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();
const runCounts = Object.fromEntries(RUN_STATUSES.map((s) => [s, count])) as Record<RunStatus, typeof count>;

const overviewSchema = z.object({
  range: z.enum(DASHBOARD_RANGES),
  bucketMs: z.number().int().positive(),
  from: z.date(),
  to: z.date(),
  headline: z.object({
    runs: count,
    succeeded: count,
    /** (failed + dead) / finished runs in the window; null when none finished. */
    errorRate: z.number().nullable(),
    openDeadLetters: count,
    firingAlerts: count,
    /** Jobs in the runs queue now; null when Redis did not answer in time. */
    queue: z.object({ waiting: count, delayed: count, prioritized: count, active: count, total: count }).nullable(),
  }),
  runs: z.array(z.object({ t: z.date(), errorRate: z.number().nullable(), ...runCounts })),
  latency: z.object({
    byConnector: z.array(z.object({ connector: z.string(), steps: count, p50Ms: ms, p95Ms: ms })),
    overTime: z.array(z.object({ t: z.date(), connector: z.string(), p95Ms: ms })),
  }),
  queueDepth: z.array(z.object({ t: z.date(), max: z.number().nullable(), avg: z.number().nullable() })),
  deadLetters: z.object({
    open: count,
    byFlow: z.array(z.object({ flowId: z.string(), flowName: z.string(), count })),
    overTime: z.array(z.object({ t: z.date(), open: count })),
  }),
  syncLag: z.array(z.object({ flowId: z.string(), flowName: z.string(), runs: count, p50Ms: z.number(), p95Ms: z.number() })),
});

/** The operations dashboard: one read of every series, so a refresh is one round trip. */
export const dashboardRouter = router({
  overview: viewerProcedure
    .input(z.object({ range: z.enum(DASHBOARD_RANGES), flowId: z.uuid().optional() }))
    .output(overviewSchema)
    .query(({ ctx, input }) => dashboardOverview(ctx.db, ctx.queue, input)),
});
