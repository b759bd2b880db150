"use client";

/**
 * Shown while the editor holds a production run's data (`?replayRun=<id>`): test
 * runs of the draft use that run's trigger payload, and optionally its connector
 * steps' recorded outputs (pinned for the test only; the draft is not changed).
 */
export function ReplayBanner(props: { runId: string; version: number; pinnable: number; pin: boolean; onPin: (pin: boolean) => void; testing: boolean; onTest: () => void; onClose: () => void }) {
  return (
    <div className="notice editor-replay" data-testid="replay-banner" style={{ display: "flex", gap: 12, alignItems: "center", margin: "6px 12px" }}>
      <span>
        Test runs use the data of run <span className="mono">{props.runId.slice(0, 8)}</span> (v{props.version}).
      </span>
      <label className="small">
        <input type="checkbox" checked={props.pin} disabled={props.pinnable === 0} onChange={(e) => props.onPin(e.target.checked)} data-testid="replay-pin" /> Pin the recorded outputs of {props.pinnable} connector step
        {props.pinnable === 1 ? "" : "s"}
      </label>
      <button type="button" className="button button-small" disabled={props.testing} onClick={props.onTest} data-testid="replay-test">
        {props.testing ? "Testing…" : "Test with this data"}
      </button>
      <button type="button" className="link-button" onClick={props.onClose} data-testid="replay-close">
        Stop using this data
      </button>
    </div>
  );
}
