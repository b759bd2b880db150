"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { ChangeRow } from "@/components/versions/flow-diff-view";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { useStartBulk } from "./use-start-bulk";
import type { Selection } from "./procedure-types";

type DryRun = RouterOutputs["deadLetters"]["replayDryRun"];
type Preview = DryRun["items"][number];
type Mode = "rerun" | "resume";

const MODES: Record<Mode, { label: string; help: string }> = {
  rerun: { label: "Re-run from the trigger", help: "Same trigger payload and business key; effects the run already completed are not repeated and keep their idempotency keys." },
  resume: { label: "Resume at the failed step", help: "The failed step's input is computed again by the latest version's mapping; nothing before it runs again." },
};
const OUTCOMES: Record<Preview["outcome"], { label: string; tag: string }> = {
  ready: { label: "valid", tag: "tag-published" },
  invalid: { label: "still invalid", tag: "tag-error" },
  fails: { label: "fails", tag: "tag-error" },
  not_reached: { label: "not reached", tag: "" },
};

/** One letter of the dry run: its outcome and what changes in the step's input. */
function PreviewRow({ item }: { item: Preview }) {
  const outcome = OUTCOMES[item.outcome];
  return (
    <li className="dl-replay-item" data-testid="dl-replay-item" data-outcome={item.outcome}>
      <div>
        <span className="mono">{item.businessKey ?? item.runId.slice(0, 8)}</span> <span className={`tag ${outcome.tag}`}>{outcome.label}</span>
        {item.message && <span className="muted small"> {item.message}</span>}
      </div>
      {item.issues && item.issues.length > 0 && (
        <ul className="small" data-testid="dl-replay-issues">
          {item.issues.map((i) => (
            <li key={i.path + i.message}>
              <span className="mono">{i.path || "(input)"}</span>: {i.message}
            </li>
          ))}
        </ul>
      )}
      {item.after !== undefined && item.changes.length === 0 && <p className="muted small">The input does not change.</p>}
      {item.changes.length > 0 && (
        <ul className="dl-replay-diff" data-testid="dl-replay-diff">
          {item.changes.map((c) => (
            <ChangeRow key={c.path} change={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * "Replay on the latest version" (docs/architecture.md "Dead letters and bulk
 * operations"): pick how, dry-run the selection (per letter: the step's input as the
 * latest version computes it, diffed against the kept one, and whether it validates),
 * then confirm the stated number; it runs as a bulk operation with progress.
 */
export function ReplayDialog(props: { selection: Selection; count: number; onCancel: () => void; onStarted: (id: string) => void }) {
  const { count } = props;
  const trpc = useTRPC();
  const [mode, setMode] = useState<Mode>("rerun");
  const [sample, setSample] = useState("");
  const selection = props.selection.kind === "ids" ? { ids: [...props.selection.ids] } : { filter: props.selection.filter };
  const dryRun = useMutation(trpc.deadLetters.replayDryRun.mutationOptions());
  const start = useStartBulk(props.onStarted);
  const sampleSize = Number.parseInt(sample, 10);
  const result = dryRun.data;
  const pick = (next: Mode) => {
    setMode(next);
    dryRun.reset();
  };

  return (
    <div className="dl-modal-backdrop">
      <div className="card dl-modal dl-replay-modal" role="dialog" aria-modal="true" aria-labelledby="dl-replay-title" data-testid="dl-replay-dialog">
        <h2 id="dl-replay-title">Replay {count} on the latest version</h2>
        <fieldset className="dl-replay-modes">
          {(Object.keys(MODES) as Mode[]).map((m) => (
            <label key={m} className="small">
              <input type="radio" name="replay-mode" checked={mode === m} onChange={() => pick(m)} data-testid={`dl-replay-mode-${m}`} /> <span className="strong">{MODES[m].label}</span>
              <span className="muted"> — {MODES[m].help}</span>
            </label>
          ))}
        </fieldset>
        <div className="dl-modal-actions">
          <label className="small">
            Sample{" "}
            <input className="input input-small" inputMode="numeric" value={sample} onChange={(e) => setSample(e.target.value)} placeholder="all" style={{ width: 70 }} data-testid="dl-replay-sample" />
          </label>
          <button type="button" className="button button-secondary" disabled={dryRun.isPending} onClick={() => dryRun.mutate({ selection, mode, ...(sampleSize > 0 ? { sample: sampleSize } : {}) })} data-testid="dl-replay-dry-run">
            {dryRun.isPending ? "Dry-running…" : "Dry run"}
          </button>
        </div>
        <QueryError error={dryRun.error} />
        {result && (
          <section data-testid="dl-replay-result">
            <p className="small" data-testid="dl-replay-counts">
              Checked {result.checked} of {result.matched}: {result.counts.ready} valid · {result.counts.invalid} still invalid · {result.counts.fails} fail · {result.counts.not_reached} not reached. No connector was called.
            </p>
            <ul className="dl-replay-items">
              {result.items.map((item) => (
                <PreviewRow key={item.deadLetterId} item={item} />
              ))}
            </ul>
            {result.items.length < result.checked && <p className="muted small">Showing the first {result.items.length}.</p>}
          </section>
        )}
        <QueryError error={start.error} />
        <div className="dl-modal-actions">
          <button
            type="button"
            className="button"
            disabled={!result || start.isPending}
            title={result ? undefined : "Dry-run first"}
            onClick={() => start.mutate({ action: "replay", mode, selection, expectedCount: count })}
            data-testid="dl-replay-confirm"
          >
            {start.isPending ? "Starting…" : `Replay ${count}`}
          </button>
          <button type="button" className="button button-secondary" onClick={props.onCancel} data-testid="dl-replay-cancel">
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
