import { getRunWithSteps, listRunErrorClasses, listRuns, NotFoundError, schema, type Db, type ListRunsParams } from "@ipaas/db";
import { asc, eq } from "drizzle-orm";

/** Relative windows of the explorer's time filter, resolved on the server so a polled query keeps one key. */
export const RANGE_MS = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;
export type RunRange = keyof typeof RANGE_MS;

export interface ListRunsPageParams extends ListRunsParams {
  /** "last hour" etc.: `from` = now - range (an explicit `from` wins). */
  range?: RunRange;
}

/** One page of the runs explorer, newest first; `nextCursor` is null on the last page. */
export function listRunsPage(db: Db, { range, ...params }: ListRunsPageParams, now: Date = new Date()) {
  const from = params.from ?? (range ? new Date(now.getTime() - RANGE_MS[range]) : undefined);
  return listRuns(db, { ...params, ...(from ? { from } : {}) });
}

/** Error classes the explorer offers as a filter. */
export function listErrorClasses(db: Db) {
  return listRunErrorClasses(db);
}

async function findRun(db: Db, runId: string) {
  const found = await getRunWithSteps(db, runId);
  if (!found) throw new NotFoundError(`Run ${runId} does not exist`);
  return found;
}

/**
 * A run with its flow's name and version number (for the header), its steps in
 * execution order, and the dead letters it left (whose status changes when an
 * operator resubmits or discards them, so they come with every poll).
 */
export async function getRunDetail(db: Db, runId: string) {
  const found = await findRun(db, runId);
  const { flows, flowVersions, deadLetters } = schema;
  const [names] = await db
    .select({ flowName: flows.name, flowVersion: flowVersions.version })
    .from(flowVersions)
    .leftJoin(flows, eq(flows.id, flowVersions.flowId))
    .where(eq(flowVersions.id, found.run.flowVersionId))
    .limit(1);
  const letters = await db
    .select({
      id: deadLetters.id,
      status: deadLetters.status,
      nodeId: deadLetters.nodeId,
      nodeName: deadLetters.nodeName,
      lineage: deadLetters.lineage,
      errorClass: deadLetters.errorClass,
      errorMessage: deadLetters.errorMessage,
      attempts: deadLetters.attempts,
      createdAt: deadLetters.createdAt,
      resolvedAt: deadLetters.resolvedAt,
    })
    .from(deadLetters)
    .where(eq(deadLetters.runId, runId))
    .orderBy(asc(deadLetters.createdAt));
  return {
    run: { ...found.run, flowName: names?.flowName ?? "(deleted flow)", flowVersion: names?.flowVersion ?? null },
    steps: found.steps,
    deadLetters: letters,
  };
}

/**
 * The definition the run executed: the immutable version it was created with,
 * not the flow's current draft (which may have moved on since).
 */
export async function getRunGraph(db: Db, runId: string) {
  const { runs, flowVersions } = schema;
  const [row] = await db
    .select({ flowId: runs.flowId, flowVersionId: runs.flowVersionId, version: flowVersions.version, definition: flowVersions.definition })
    .from(runs)
    .innerJoin(flowVersions, eq(flowVersions.id, runs.flowVersionId))
    .where(eq(runs.id, runId))
    .limit(1);
  if (!row) throw new NotFoundError(`Run ${runId} does not exist`);
  return row;
}
