"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { QueryError } from "@/components/query-error";
import { DataTable, type Column } from "@/components/ui/data-table";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { FlowRetentionRow } from "./flow-retention-row";
import { formatBytes, formatCount } from "./format";
import { PruneNowButton, PruneResult, usePruneNow } from "./prune-now";

export type RetentionOverview = RouterOutputs["retention"]["overview"];

/** What each table holds, for the storage list. */
const TABLE_LABELS: Record<string, string> = {
  runs: "Runs",
  run_steps: "Run steps",
  dead_letters: "Dead letters",
  dead_letter_comments: "Dead-letter comments",
  effect_ledger: "Effect ledger",
  audit_log: "Audit log (never pruned)",
  metric_samples: "Gauge samples",
  alerts: "Alerts",
  bulk_operations: "Bulk operations",
  bulk_operation_items: "Bulk operation items",
};

const RETENTION_COLUMNS: Column<RetentionOverview["flows"][number]>[] = [
  { header: "Flow" },
  { header: "Payloads (days)" },
  { header: "Run records (days)" },
  { header: "Runs", headerClassName: "num" },
  { header: "Oldest run" },
  { header: "Payloads ≈", headerClassName: "num", headerTitle: "Estimated from a sample of the stored (compressed) payloads" },
  { header: "Actions", srOnly: true, headerClassName: "actions" },
];

const STORAGE_COLUMNS: Column<RetentionOverview["tables"][number]>[] = [
  {
    header: "Table",
    cell: (t) => (
      <>
        {TABLE_LABELS[t.table] ?? t.table} <span className="muted mono small">{t.table}</span>
      </>
    ),
  },
  { header: "Size (with indexes)", headerClassName: "num", className: "num", cellProps: () => ({ "data-testid": "storage-bytes" }), cell: (t) => formatBytes(t.bytes) },
  { header: "Rows ≈", headerClassName: "num", headerTitle: "Postgres' planner statistics", className: "num muted", cell: (t) => (t.rowsEstimate === null ? "—" : formatCount(t.rowsEstimate)) },
];

/** Admin-only: how long run history is kept, per flow, and what it takes on disk. */
export function RetentionView() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.retention.overview.queryOptions());
  const prune = usePruneNow();
  const data = overview.data;

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>Data retention</h1>
          <p className="muted">How long finished runs keep their payloads and their records. A scheduled job prunes every 10 minutes, in small batches.</p>
        </div>
        <PruneNowButton prune={prune} />
      </header>
      <PruneResult prune={prune} />
      <QueryError error={overview.error} />
      {overview.isPending && <p className="muted">Loading…</p>}
      {data && (
        <>
          <Defaults defaults={data.defaults} />
          <h2>Storage used</h2>
          <StorageTable data={data} />
          <h2>Per flow</h2>
          <p className="muted small">Leave a field empty to use the default. Payloads are never kept longer than their run.</p>
          <DataTable
            columns={RETENTION_COLUMNS}
            rows={data.flows}
            rowKey={(flow) => flow.flowId}
            renderRow={(flow) => <FlowRetentionRow flow={flow} defaults={data.defaults} estimated={data.estimated} />}
            empty="No flows yet."
            testId="retention-flows"
            wrapperClassName="card"
          />
        </>
      )}
    </div>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <dt>{label}</dt>
      {/* .facts breaks anywhere (it is made for ids); these are sentences. */}
      <dd style={{ wordBreak: "normal" }}>{children}</dd>
    </div>
  );
}

function Defaults({ defaults }: { defaults: RetentionOverview["defaults"] }) {
  return (
    <dl className="card facts" data-testid="retention-defaults">
      <Fact label="Payloads" testId="default-payload-days">
        <span className="strong">{defaults.payloadDays} days</span> by default. Then the trigger payload, run output and every step&apos;s input and output
        are cleared; the run record, its status and errors stay.
      </Fact>
      <Fact label="Run records" testId="default-run-days">
        <span className="strong">{defaults.runDays} days</span> by default. Then the finished run is deleted with its steps and resolved dead letters.
      </Fact>
      <Fact label="Dead letters" testId="default-dead-letters">
        <span className="strong">Kept until resolved.</span> A run with an open dead letter, and a run still in progress, is never pruned, so its input can be
        fixed and resubmitted.
      </Fact>
      <Fact label="Ops data">
        Gauge samples {defaults.metricSampleDays} days, resolved alerts {defaults.resolvedAlertDays} days, finished bulk operations{" "}
        {defaults.bulkOperationDays} days. The audit log is never pruned.
      </Fact>
    </dl>
  );
}

function StorageTable({ data }: { data: RetentionOverview }) {
  return (
    <DataTable
      columns={STORAGE_COLUMNS}
      rows={data.tables}
      rowKey={(t) => t.table}
      rowProps={(t) => ({ "data-testid": "storage-row", "data-table": t.table })}
      after={
        <tr>
          <td className="strong">Whole database</td>
          <td className="num strong" data-testid="storage-database">
            {formatBytes(data.databaseBytes)}
          </td>
          <td />
        </tr>
      }
      testId="retention-storage"
      wrapperClassName="card"
    />
  );
}
