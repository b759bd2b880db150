import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { GroupCommit } from "./group-commit";
import { fullJson } from "./payload";
import type { NewRun } from "./runs";

export interface RecordedRun {
  runId: string;
  created: boolean;
}

const q = (value: unknown) => JSON.stringify(value ?? null);

/**
 * Records runs before anything is enqueued ("nothing lost"), many in one multi-row
 * INSERT. `(flow, trigger event id)` is unique: a repeat — recorded earlier or in
 * the same batch — creates nothing and gets the first run's id ("nothing
 * duplicated"). Ids are made here so each item finds its own row.
 */
export async function insertRuns(db: Pick<Db, "execute">, batch: NewRun[]): Promise<RecordedRun[]> {
  const ids = batch.map(() => randomUUID());
  const rows = `[${batch
    .map(
      (run, i) =>
        `{"id":${q(ids[i])},"flow_id":${q(run.flowId)},"flow_version_id":${q(run.flowVersionId)},"trigger_type":${q(run.triggerType)},"trigger_event_id":${q(run.triggerEventId)},"correlation_id":${q(run.correlationId)},"business_key":${q(run.businessKey)},"trigger_payload":${fullJson(run.triggerPayload)},"parent_run_id":${q(run.parentRunId)},"resubmitted_from":${q(run.resubmittedFrom)}}`,
    )
    .join(",")}]`;
  const inserted = (await db.execute(sql`
    insert into runs (id, flow_id, flow_version_id, trigger_type, trigger_event_id, correlation_id, business_key, trigger_payload, parent_run_id, resubmitted_from)
    select x.id, x.flow_id, x.flow_version_id, x.trigger_type, x.trigger_event_id, x.correlation_id, x.business_key, x.trigger_payload, x.parent_run_id, x.resubmitted_from
    from jsonb_to_recordset(${rows}::jsonb) as x(id uuid, flow_id uuid, flow_version_id uuid, trigger_type text, trigger_event_id text, correlation_id text, business_key text, trigger_payload jsonb, parent_run_id uuid, resubmitted_from uuid)
    on conflict (flow_id, trigger_event_id) where trigger_event_id is not null do nothing
    returning id`)) as unknown as { rows: Array<{ id: string }> };
  const created = new Set(inserted.rows.map((r) => r.id));
  const repeats = batch.filter((_, i) => !created.has(ids[i]!));
  const existing = new Map<string, string>();
  if (repeats.length > 0) {
    const keys = `[${repeats.map((run) => `{"flow_id":${q(run.flowId)},"event":${q(run.triggerEventId)}}`).join(",")}]`;
    const found = (await db.execute(sql`
      select r.id, r.flow_id, r.trigger_event_id from runs r
      join jsonb_to_recordset(${keys}::jsonb) as k(flow_id uuid, event text) on r.flow_id = k.flow_id and r.trigger_event_id = k.event`)) as unknown as {
      rows: Array<{ id: string; flow_id: string; trigger_event_id: string }>;
    };
    for (const row of found.rows) existing.set(`${row.flow_id}|${row.trigger_event_id}`, row.id);
  }
  return batch.map((run, i) => {
    if (created.has(ids[i]!)) return { runId: ids[i]!, created: true };
    const runId = existing.get(`${run.flowId}|${run.triggerEventId}`);
    if (!runId) throw new Error("run insert conflicted but no existing run was found");
    return { runId, created: false };
  });
}

/** Ingress records runs by group commit (see GroupCommit): one INSERT for many webhooks. */
export class RunRecorder extends GroupCommit<NewRun, RecordedRun> {
  constructor(db: Db, options?: { maxBatch?: number; maxInFlight?: number }) {
    super((batch) => insertRuns(db, batch), { maxBatch: 200, ...options });
  }

  record(run: NewRun): Promise<RecordedRun> {
    return this.submit(run);
  }
}
