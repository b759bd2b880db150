import { NotFoundError, runSummaryColumns, schema, type Db } from "@ipaas/db";
import { and, asc, desc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";

/** Runs of the same order across flows: enough to follow it end to end, not an archive. */
const SAME_KEY_LIMIT = 20;
const CHILDREN_LIMIT = 100;
/** Resubmitting a resubmission of a resubmission…: a guard against a cycle, far above real chains. */
const CHAIN_DEPTH = 50;

const { runs, flows } = schema;

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
