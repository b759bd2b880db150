"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatRelative, isActiveStatus } from "@/lib/format";
import { useTRPC } from "@/trpc/client";

/**
 * "From a run": takes a recorded step payload as the sample, so a mapping is built
 * against what the flow really receives. Rendered (and querying) only while open.
 */
export function RunSamplePicker({ onPick, onClose }: { onPick(value: unknown): void; onClose(): void }) {
  const trpc = useTRPC();
  const [runId, setRunId] = useState<string>("");
  const runs = useQuery(trpc.runs.list.queryOptions({ limit: 20 }));
  const detail = useQuery(
    trpc.runs.byId.queryOptions(
      { id: runId },
      // A run still going records more steps: follow it until it settles.
      { enabled: runId !== "", refetchInterval: (q) => (q.state.data && isActiveStatus(q.state.data.run.status) ? 1_000 : false) },
    ),
  );

  return (
    <div className="run-picker" data-testid="run-picker">
      <div className="run-picker-header">
        <span className="strong small">Sample from a recorded run</span>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <label className="field">
        Run
        <select value={runId} onChange={(e) => setRunId(e.target.value)} data-testid="sample-run-select">
          <option value="">{runs.isPending ? "Loading…" : runs.data?.items.length ? "Choose a recent run" : "No runs yet"}</option>
          {runs.data?.items.map((run) => (
            <option key={run.id} value={run.id}>
              {run.flowName} · {run.businessKey ?? run.id.slice(0, 8)} · {run.status} · {formatRelative(run.createdAt)}
            </option>
          ))}
        </select>
      </label>
      {detail.data && (
        <ul className="picker-steps">
          {detail.data.steps.length === 0 && <li className="muted small">This run recorded no steps.</li>}
          {detail.data.steps.map((step) => (
            <li key={step.id} data-testid="sample-run-step" data-node-type={step.nodeType}>
              <span className="picker-step-name">
                <span className="strong">{step.nodeName}</span> <span className="muted small mono">{step.nodeType}</span>
              </span>
              {/* A mapping after this step receives its output; one replacing it, its input. */}
              {(["input", "output"] as const).map((which) => (
                <button
                  key={which}
                  type="button"
                  className="button button-secondary button-small"
                  disabled={step.truncated || step[which] === null || step[which] === undefined}
                  title={step.truncated ? "This step's payloads were truncated when recorded" : undefined}
                  onClick={() => onPick(step[which])}
                >
                  {which === "input" ? "Use input" : "Use output"}
                </button>
              ))}
            </li>
          ))}
        </ul>
      )}
      {(runs.error ?? detail.error) && <p className="notice notice-error">{(runs.error ?? detail.error)?.message}</p>}
    </div>
  );
}
