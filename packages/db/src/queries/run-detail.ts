import { and, asc, desc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { NotFoundError } from "../errors";
import { deadLetters, flows, flowVersions, runs } from "../schema";
import { getRunWithSteps, runSummaryColumns } from "./runs";

/*
 * What the run page reads: the run with its steps and dead letters, the version
 * it executed, and the runs related to it.
 */

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
  const [row] = await db
    .select({ flowId: runs.flowId, flowVersionId: runs.flowVersionId, version: flowVersions.version, definition: flowVersions.definition })
    .from(runs)
    .innerJoin(flowVersions, eq(flowVersions.id, runs.flowVersionId))
    .where(eq(runs.id, runId))
    .limit(1);
  if (!row) throw new NotFoundError(`Run ${runId} does not exist`);
  return row;
}

/** Runs of the same order across flows: enough to follow it end to end, not an archive. */
const SAME_KEY_LIMIT = 20;
const CHILDREN_LIMIT = 100;
/** Resubmitting a resubmission of a resubmission…: a guard against a cycle, far above real chains. */
const CHAIN_DEPTH = 50;

function runLinks(db: Db, where: SQL, order: "newest" | "oldest", limit: number) {
  return db
    .select(runSummaryColumns)
    .from(runs)
    .innerJoin(flows, eq(flows.id, runs.flowId))
    .where(where)
    .orderBy(order === "newest" ? desc(runs.createdAt) : asc(runs.createdAt), asc(runs.id))
    .limit(limit);
}

/** Ids along resubmitted_from, towards the original run ("up") or towards later resubmissions ("down"). */
async function chainIds(db: Db, runId: string, direction: "up" | "down"): Promise<string[]> {
  const query =
    direction === "up"
      ? sql`with recursive chain(id, depth) as (
          select resubmitted_from, 1 from runs where id = ${runId} and resubmitted_from is not null
          union all
          select r.resubmitted_from, chain.depth + 1 from runs r join chain on r.id = chain.id
          where r.resubmitted_from is not null and chain.depth < ${CHAIN_DEPTH}
        ) select id from chain`
      : sql`with recursive chain(id, depth) as (
          select id, 1 from runs where resubmitted_from = ${runId}
          union all
          select r.id, chain.depth + 1 from runs r join chain on r.resubmitted_from = chain.id
          where chain.depth < ${CHAIN_DEPTH}
        ) select id from chain`;
  const result = (await db.execute(query)) as unknown as { rows: Array<{ id: string }> };
  return [...new Set(result.rows.map((r) => r.id))].filter((id) => id !== runId);
}

/**
 * Everything an operator follows from one run: the same business key in other
 * runs (any flow), the parent and children (subflows), and the resubmission chain
 * both ways. Each lookup is an indexed equality (business key, parent, resubmitted_from).
 */
export async function getRelatedRuns(db: Db, runId: string) {
  const [run] = await db
    .select({ businessKey: runs.businessKey, parentRunId: runs.parentRunId })
    .from(runs)
    .where(eq(runs.id, runId))
    .limit(1);
  if (!run) throw new NotFoundError(`Run ${runId} does not exist`);

  const [up, down] = await Promise.all([chainIds(db, runId, "up"), chainIds(db, runId, "down")]);
  const [sameBusinessKey, parent, children, chain] = await Promise.all([
    run.businessKey ? runLinks(db, and(eq(runs.businessKey, run.businessKey), ne(runs.id, runId))!, "newest", SAME_KEY_LIMIT) : [],
    run.parentRunId ? runLinks(db, eq(runs.id, run.parentRunId), "newest", 1) : [],
    runLinks(db, eq(runs.parentRunId, runId), "oldest", CHILDREN_LIMIT),
    up.length + down.length > 0 ? runLinks(db, inArray(runs.id, [...up, ...down]), "oldest", 2 * CHAIN_DEPTH) : [],
  ]);
  const upSet = new Set(up);
  return {
    sameBusinessKey,
    parent: parent[0] ?? null,
    children,
    /** Oldest first: the runs this one was resubmitted from (its originals). */
    resubmittedFrom: chain.filter((r) => upSet.has(r.id)),
    /** Oldest first: resubmissions of this run and of those. */
    resubmissions: chain.filter((r) => !upSet.has(r.id)),
  };
}
