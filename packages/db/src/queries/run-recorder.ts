import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { capJson } from "./payload";
import type { NewRun } from "./runs";

interface Pending {
  id: string;
  run: NewRun;
  resolve: (r: { runId: string; created: boolean }) => void;
  reject: (err: unknown) => void;
}

const q = (value: unknown) => JSON.stringify(value ?? null);

/**
 * Group commit for ingress: runs recorded while an insert is in flight go out
 * together in one multi-row INSERT (one WAL flush for many webhooks). Ids are made
 * here so each caller finds its row; `(flow, trigger event id)` stays unique, and a
 * repeat — in an earlier batch or in the same one — gets the first run's id.
 */
export class RunRecorder {
  private queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Db,
    private readonly options: { maxBatch?: number; maxInFlight?: number } = {},
  ) {}

  record(run: NewRun): Promise<{ runId: string; created: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: randomUUID(), run, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.queue.length > 0 && this.inFlight < (this.options.maxInFlight ?? 2)) {
      const batch = this.queue.splice(0, this.options.maxBatch ?? 200);
      this.inFlight++;
      void this.flush(batch)
        .catch((err: unknown) => batch.forEach((p) => p.reject(err)))
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }

  private async flush(batch: Pending[]) {
    const rows = `[${batch
      .map(
        ({ id, run }) =>
          `{"id":${q(id)},"flow_id":${q(run.flowId)},"flow_version_id":${q(run.flowVersionId)},"trigger_type":${q(run.triggerType)},"trigger_event_id":${q(run.triggerEventId)},"correlation_id":${q(run.correlationId)},"business_key":${q(run.businessKey)},"trigger_payload":${capJson(run.triggerPayload).json},"parent_run_id":${q(run.parentRunId)},"resubmitted_from":${q(run.resubmittedFrom)}}`,
      )
      .join(",")}]`;
    const inserted = (await this.db.execute(sql`
      insert into runs (id, flow_id, flow_version_id, trigger_type, trigger_event_id, correlation_id, business_key, trigger_payload, parent_run_id, resubmitted_from)
      select x.id, x.flow_id, x.flow_version_id, x.trigger_type, x.trigger_event_id, x.correlation_id, x.business_key, x.trigger_payload, x.parent_run_id, x.resubmitted_from
      from jsonb_to_recordset(${rows}::jsonb) as x(id uuid, flow_id uuid, flow_version_id uuid, trigger_type text, trigger_event_id text, correlation_id text, business_key text, trigger_payload jsonb, parent_run_id uuid, resubmitted_from uuid)
      on conflict (flow_id, trigger_event_id) where trigger_event_id is not null do nothing
      returning id`)) as unknown as { rows: Array<{ id: string }> };
    const created = new Set(inserted.rows.map((r) => r.id));
    const repeats = batch.filter((p) => !created.has(p.id));
    const existing = new Map<string, string>();
    if (repeats.length > 0) {
      const keys = `[${repeats.map((p) => `{"flow_id":${q(p.run.flowId)},"event":${q(p.run.triggerEventId)}}`).join(",")}]`;
      const found = (await this.db.execute(sql`
        select r.id, r.flow_id, r.trigger_event_id from runs r
        join jsonb_to_recordset(${keys}::jsonb) as k(flow_id uuid, event text) on r.flow_id = k.flow_id and r.trigger_event_id = k.event`)) as unknown as {
        rows: Array<{ id: string; flow_id: string; trigger_event_id: string }>;
      };
      for (const row of found.rows) existing.set(`${row.flow_id}|${row.trigger_event_id}`, row.id);
    }
    for (const p of batch) {
      if (created.has(p.id)) p.resolve({ runId: p.id, created: true });
      else {
        const runId = existing.get(`${p.run.flowId}|${p.run.triggerEventId}`);
        if (runId) p.resolve({ runId, created: false });
        else p.reject(new Error("run insert conflicted but no existing run was found"));
      }
    }
  }
}
