import { getRunWithSteps, listRuns, NotFoundError, type Db, type ListRunsParams } from "@ipaas/db";

/** One page of the runs explorer, newest first; `nextCursor` is null on the last page. */
export function listRunsPage(db: Db, params: ListRunsParams) {
  return listRuns(db, params);
}

/** A run with its flow's name (for the header) and its steps in execution order. */
export async function getRunDetail(db: Db, runId: string) {
  const found = await getRunWithSteps(db, runId);
  if (!found) throw new NotFoundError(`Run ${runId} does not exist`);
  const flow = await db.query.flows.findFirst({
    columns: { name: true },
    where: (f, { eq }) => eq(f.id, found.run.flowId),
  });
  return { run: { ...found.run, flowName: flow?.name ?? "(deleted flow)" }, steps: found.steps };
}
