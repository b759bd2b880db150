"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { QueryError } from "@/components/query-error";
import { StatusBadge } from "@/components/status-badge";
import { errorMessage, formatDateTime, formatDuration, isActiveStatus, prettyJson } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { RunDetail } from "@/trpc/types";

export function RunDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const detail = useQuery(
    trpc.runs.byId.queryOptions(
      { id },
      {
        // Follow the run until it settles; a finished run never changes, so stop then (and on errors).
        refetchInterval: (query) => {
          const status = query.state.data?.run.status;
          return query.state.status !== "error" && (status === undefined || isActiveStatus(status)) ? 1_000 : false;
        },
      },
    ),
  );

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/runs">← Runs</Link>
      </p>
      <QueryError error={detail.error} />
      {detail.isPending && <p className="muted">Loading…</p>}
      {detail.data && <RunBody detail={detail.data} />}
    </div>
  );
}

function RunBody({ detail: { run, steps } }: { detail: RunDetail }) {
  const message = errorMessage(run.error);
  return (
    <>
      <header className="page-header">
        <h1 className="run-title">
          {run.flowName} <StatusBadge status={run.status} testId="run-status" />
        </h1>
        <p className="muted mono">{run.id}</p>
      </header>
      {message && (
        <p className="notice notice-error" role="alert" data-testid="run-error">
          {message}
        </p>
      )}
      <dl className="card facts">
        <Fact label="Business key">{run.businessKey ?? "—"}</Fact>
        <Fact label="Correlation id">
          <span className="mono">{run.correlationId}</span>
        </Fact>
        <Fact label="Trigger">
          <span className="mono">{run.triggerType}</span>
        </Fact>
        <Fact label="Created">{formatDateTime(run.createdAt)}</Fact>
        <Fact label="Finished">{formatDateTime(run.finishedAt)}</Fact>
        <Fact label="Duration">{formatDuration(run.durationMs)}</Fact>
      </dl>

      <h2>Steps</h2>
      {steps.length === 0 && <p className="muted">{isActiveStatus(run.status) ? "No steps recorded yet." : "This run recorded no steps."}</p>}
      <ol className="steps">
        {steps.map((step) => (
          <li key={step.id} className="card step" data-testid="run-step" data-node-id={step.nodeId}>
            <div className="step-header">
              <span className="step-seq">#{step.seq}</span>
              <span className="strong">{step.nodeName}</span>
              <span className="mono muted">{step.nodeType}</span>
              <StatusBadge status={step.status} testId="step-status" />
              {step.attempt > 1 && <span className="muted">attempt {step.attempt}</span>}
              {step.lineage !== "0" && <span className="muted">lineage {step.lineage}</span>}
              <span className="spacer" />
              <span className="muted">{formatDuration(step.durationMs)}</span>
            </div>
            {step.truncated && <p className="muted small">Payload exceeded the size limit and was truncated.</p>}
            <div className="step-payloads">
              <Payload label="Input" value={step.input} />
              <Payload label="Output" value={step.output} />
              {step.error !== null && <Payload label="Error" value={step.error} error />}
            </div>
          </li>
        ))}
      </ol>

      {/* Below the steps and collapsed: the steps already show every payload in context. */}
      <h2>Run payloads</h2>
      <details className="card payload">
        <summary>Trigger payload</summary>
        <pre>{prettyJson(run.triggerPayload)}</pre>
      </details>
      {run.output !== null && (
        <details className="card payload">
          <summary>Run output</summary>
          <pre>{prettyJson(run.output)}</pre>
        </details>
      )}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Payload({ label, value, error = false }: { label: string; value: unknown; error?: boolean }) {
  return (
    <div className={error ? "payload-block payload-error" : "payload-block"}>
      <h3>{label}</h3>
      <pre>{prettyJson(value)}</pre>
    </div>
  );
}
