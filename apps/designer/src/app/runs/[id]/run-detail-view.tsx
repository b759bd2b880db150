"use client";

import type { FlowDefinition } from "@ipaas/flow";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { QueryError } from "@/components/query-error";
import { RelatedRuns } from "@/components/runs/related-runs";
import { RunGraph } from "@/components/runs/run-graph";
import { RunTimeline, type StepFocus } from "@/components/runs/run-timeline";
import { errorFacts } from "@/components/runs/error-facts";
import { StatusBadge } from "@/components/status-badge";
import { useMe } from "@/hooks/use-me";
import { formatDateTime, formatDuration, isActiveStatus, prettyJson } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { RunDetail } from "@/trpc/types";

/** Follow a run until it settles; a finished run never changes, so stop then (and on errors). */
function whileActive(ms: number) {
  return (query: { state: { status: string; data?: { run: { status: string } } } }) => {
    const status = query.state.data?.run.status;
    return query.state.status !== "error" && (status === undefined || isActiveStatus(status)) ? ms : false;
  };
}

export function RunDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.runs.byId.queryOptions({ id }, { refetchInterval: whileActive(1_000) }));

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

function RunBody({ detail }: { detail: RunDetail }) {
  const { run, steps, deadLetters } = detail;
  const trpc = useTRPC();
  const { canEditFlows } = useMe();
  const active = isActiveStatus(run.status);
  // The executed version never changes; related runs can (a resubmission), so they follow a live run.
  const graph = useQuery({ ...trpc.runs.graph.queryOptions({ id: run.id }), staleTime: Infinity });
  const related = useQuery(trpc.runs.related.queryOptions({ id: run.id }, { refetchInterval: active ? 5_000 : false }));
  const [focus, setFocus] = useState<StepFocus | null>(null);
  const error = run.error !== null && run.error !== undefined ? errorFacts(run.error) : null;
  // Type-only import of @ipaas/flow in the browser; the version was validated when it was published.
  const definition = graph.data?.definition as Partial<FlowDefinition> | undefined;
  const drawable = definition && Array.isArray(definition.nodes) && Array.isArray(definition.edges) ? (definition as FlowDefinition) : null;

  return (
    <>
      <header className="page-header">
        <h1 className="run-title">
          <Link href={`/flows/${run.flowId}`} data-testid="run-flow-link">
            {run.flowName}
          </Link>
          <StatusBadge status={run.status} testId="run-status" />
          {active && <span className="muted small">updating live</span>}
        </h1>
        <p className="muted mono">{run.id}</p>
      </header>
      {error?.message && (
        <p className="notice notice-error" role="alert" data-testid="run-error">
          {error.status !== null && <span className="strong">HTTP {error.status} · </span>}
          {error.message}
        </p>
      )}
      <dl className="card facts">
        <Fact label="Flow version">
          {run.flowVersion !== null ? `v${run.flowVersion}` : "—"}{" "}
          <Link href={`/flows/${run.flowId}?run=${run.id}`} className="small">
            open in editor
          </Link>
          {canEditFlows && (
            <>
              {" · "}
              <Link href={`/flows/${run.flowId}?replayRun=${run.id}`} className="small" data-testid="run-replay-in-editor">
                Open in editor with this data
              </Link>
            </>
          )}
        </Fact>
        <Fact label="Business key">
          <span data-testid="run-business-key">{run.businessKey ?? "—"}</span>
        </Fact>
        <Fact label="Correlation id">
          <span className="mono" data-testid="run-correlation-id">
            {run.correlationId}
          </span>
        </Fact>
        <Fact label="Trigger">
          <span className="mono">{run.triggerType}</span>
        </Fact>
        <Fact label="Created">{formatDateTime(run.createdAt)}</Fact>
        <Fact label="Started">{formatDateTime(run.startedAt)}</Fact>
        <Fact label="Finished">{formatDateTime(run.finishedAt)}</Fact>
        <Fact label="Duration">{formatDuration(run.durationMs)}</Fact>
        {run.resubmittedFrom && (
          <Fact label="Resubmission of">
            <RunLink id={run.resubmittedFrom} />
          </Fact>
        )}
        {run.parentRunId && (
          <Fact label="Parent run">
            <RunLink id={run.parentRunId} />
          </Fact>
        )}
      </dl>

      {deadLetters.length > 0 && <DeadLetters letters={deadLetters} />}

      <h2>Path</h2>
      <QueryError error={graph.error} />
      {graph.isPending && <p className="muted">Loading the flow…</p>}
      {graph.data && !drawable && <p className="notice notice-error">This run&apos;s flow version does not load.</p>}
      {drawable && (
        <>
          <p className="muted small">
            Version {graph.data?.version} as this run executed it. Green: succeeded, red: failed, grey: skipped, faded: not reached. Click a step to find it below.
          </p>
          <RunGraph definition={drawable} steps={steps} selectedNodeId={focus?.nodeId ?? null} onSelectNode={(nodeId) => setFocus((f) => ({ nodeId, n: (f?.n ?? 0) + 1 }))} />
        </>
      )}

      <h2>Steps</h2>
      {steps.length === 0 && <p className="muted">{active ? "No steps recorded yet." : "This run recorded no steps."}</p>}
      <RunTimeline steps={steps} runStart={run.startedAt ?? run.createdAt} runEnd={run.finishedAt} focus={focus} />

      <h2>Related runs</h2>
      <QueryError error={related.error} />
      {related.isPending && <p className="muted">Loading…</p>}
      {related.data && <RelatedRuns related={related.data} />}

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

function DeadLetters({ letters }: { letters: RunDetail["deadLetters"] }) {
  return (
    <section className="card run-dead-letters" data-testid="run-dead-letters">
      <h3>Dead letters</h3>
      <ul>
        {letters.map((letter) => (
          <li key={letter.id} data-testid="run-dead-letter" data-status={letter.status}>
            <StatusBadge status={letter.status} />
            <span className="strong">{letter.nodeName || letter.nodeId}</span>
            {letter.lineage !== "0" && <span className="muted small mono">item {letter.lineage}</span>}
            <span className="tag tag-error">{letter.errorClass}</span>
            <span className="run-dl-message" title={letter.errorMessage}>
              {letter.errorMessage}
            </span>
            <span className="muted small">after {letter.attempts} attempt{letter.attempts === 1 ? "" : "s"}</span>
            <Link href={`/dead-letters?letter=${letter.id}`} className="run-dl-link" data-testid="run-dead-letter-link">
              {letter.status === "open" ? "Fix in dead letters →" : "View dead letter →"}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RunLink({ id }: { id: string }) {
  return (
    <Link href={`/runs/${id}`} className="mono" title={id}>
      {id.slice(0, 8)}
    </Link>
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
