"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { JsonView } from "@/components/node-panel/json-view";
import "@/components/node-panel/node-panel.css";
import { StatusBadge } from "@/components/status-badge";
import { formatDuration } from "@/lib/format";
import type { RunDetail } from "@/trpc/types";
import { timelineBars } from "./run-path";
import { StepErrorView } from "./step-error";
import "./runs.css";

type Step = RunDetail["steps"][number];

/** A node picked on the graph: `n` changes with every click, so picking the same node again scrolls again. */
export interface StepFocus {
  nodeId: string;
  n: number;
}

/**
 * One row per executed step in execution order (a retry is its own row, "attempt
 * 2"), with a bar on the run's time axis. Failed steps, the last step and the
 * steps of a node picked on the graph start open: that is where people look first.
 */
export function RunTimeline(props: { steps: Step[]; runStart: Date; runEnd: Date | null; focus: StepFocus | null }) {
  const { steps, focus } = props;
  const bars = useMemo(() => timelineBars(steps, props.runStart, props.runEnd), [steps, props.runStart, props.runEnd]);
  // Only what the user toggled is state: the defaults follow the steps as a live run records more.
  const [toggled, setToggled] = useState<ReadonlyMap<number, boolean>>(new Map());
  const list = useRef<HTMLOListElement>(null);
  const lastId = steps.at(-1)?.id;

  useEffect(() => {
    // Only a new pick scrolls; new steps arriving while the run goes on must not yank the page.
    if (focus) list.current?.querySelector(`[data-node-id="${CSS.escape(focus.nodeId)}"]`)?.scrollIntoView({ behavior: "smooth", block: "center" });
  }, [focus]);

  if (steps.length === 0) return null;
  return (
    <ol className="run-timeline" ref={list} data-testid="run-timeline">
      {steps.map((step, i) => {
        const selected = focus?.nodeId === step.nodeId;
        const open = toggled.get(step.id) ?? (selected || step.status === "failed" || step.id === lastId);
        const bar = bars[i];
        return (
          <li
            key={step.id}
            className={`card run-step${selected ? " run-step-selected" : ""}`}
            data-testid="run-step"
            data-node-id={step.nodeId}
            data-step-status={step.status}
            data-attempt={step.attempt}
          >
            <button
              type="button"
              className="run-step-head"
              aria-expanded={open}
              onClick={() => setToggled((prev) => new Map(prev).set(step.id, !open))}
              data-testid="run-step-toggle"
            >
              <span className="run-step-caret" aria-hidden>
                {open ? "▾" : "▸"}
              </span>
              <span className="step-seq">#{step.seq}</span>
              <span className="run-step-name">
                <span className="strong">{step.nodeName}</span> <span className="mono muted small">{step.nodeType}</span>
                {step.connector && <span className="tag run-step-connector">{step.connector}</span>}
              </span>
              <StatusBadge status={step.status} testId="step-status" />
              {/* Always rendered (maybe empty): the header is a grid, so every row keeps the same columns. */}
              <span className="muted small" data-testid={step.attempt > 1 ? "step-attempt" : undefined}>
                {step.attempt > 1 ? `attempt ${step.attempt}` : ""}
              </span>
              <span className="muted small mono" title={step.lineage !== "0" ? "for-each item path" : undefined}>
                {step.lineage !== "0" ? `item ${step.lineage}` : ""}
              </span>
              <span className="run-step-track" title={bar ? `starts at +${formatDuration(bar.offsetMs)}, takes ${formatDuration(step.durationMs)}` : undefined}>
                {bar && <span className={`run-step-bar run-step-bar-${step.status}`} style={{ left: `${bar.left}%`, width: `${bar.width}%` }} />}
              </span>
              <span className="muted small run-step-offset">+{formatDuration(bar?.offsetMs ?? 0)}</span>
              <span className="muted small run-step-duration">{formatDuration(step.durationMs)}</span>
            </button>
            {open && (
              <div className="run-step-body">
                {step.truncated && <p className="muted small">Payload exceeded the size limit and was truncated.</p>}
                <div className="step-payloads">
                  {step.error !== null && step.error !== undefined && (
                    <div className="payload-block">
                      <h3>Error</h3>
                      <StepErrorView error={step.error} />
                    </div>
                  )}
                  <div className="payload-block">
                    <h3>Input</h3>
                    <JsonView value={step.input} testId="step-input" />
                  </div>
                  {step.status !== "failed" && (
                    <div className="payload-block">
                      <h3>Output</h3>
                      <JsonView value={step.output} testId="step-output" />
                    </div>
                  )}
                </div>
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
