"use client";

import { JsonView } from "./json-view";
import { issuesOf, type NodeTestResult } from "@/components/canvas/test-results";

/**
 * The node's data: what it received and produced in the last test (or the sample
 * its expressions are completed against), with pinning of the output as sample
 * data for the next steps. "Test step" is in the panel header.
 */
export function DataTab(props: {
  input: unknown;
  testResult: NodeTestResult | undefined;
  pinned: unknown;
  readOnly: boolean;
  onPin(output: unknown): void;
  onUnpin(): void;
}) {
  const { testResult } = props;
  const output = testResult?.output;
  return (
    <div className="np-data" data-testid="node-data">
      {testResult && (
        <div className="np-data-actions">
          <span className={`badge badge-${testResult.status}`} data-testid="test-status">
            {testResult.status}
            {testResult.status === "succeeded" ? ` · ${testResult.itemCount} item${testResult.itemCount === 1 ? "" : "s"}` : ""}
          </span>
        </div>
      )}
      {testResult?.error && (
        <p className="notice notice-error" data-testid="test-error">
          {testResult.error.message}
        </p>
      )}
      {issuesOf(testResult?.error).length > 0 && (
        <ul className="test-issues" data-testid="test-error-issues">
          {issuesOf(testResult?.error).map((issue, i) => (
            <li key={`${i}:${issue.path}`}>
              <code>{issue.path || "(input)"}</code> {issue.message}
            </li>
          ))}
        </ul>
      )}
      <section>
        <h3 className="np-heading">Input</h3>
        {props.input === undefined ? <p className="muted small">No input yet: test an earlier step or pin sample data there.</p> : <JsonView value={props.input} testId="data-input" />}
      </section>
      <section>
        <h3 className="np-heading">
          Output
          {!props.readOnly && output !== undefined && (
            <button type="button" className="link-button" onClick={() => props.onPin(output)} data-testid="pin-output">
              Pin output as sample
            </button>
          )}
        </h3>
        {output === undefined ? <p className="muted small">Not run yet.</p> : <JsonView value={output} testId="data-output" />}
      </section>
      {props.pinned !== undefined && (
        <section data-testid="pinned-output">
          <h3 className="np-heading">
            Pinned sample
            {!props.readOnly && (
              <button type="button" className="link-button" onClick={props.onUnpin} data-testid="unpin-output">
                Unpin
              </button>
            )}
          </h3>
          <p className="muted small">Sample data for testing the steps after this one; it is saved with the draft and ignored when the flow runs.</p>
          <JsonView value={props.pinned} testId="data-pinned" />
        </section>
      )}
    </div>
  );
}
