"use client";

import { JsonView } from "@/components/node-panel/json-view";
import { errorFacts } from "./error-facts";

/** What the target answered, up front: an operator needs the status and body before anything else. */
export function StepErrorView({ error }: { error: unknown }) {
  const facts = errorFacts(error);
  return (
    <div className="run-error" data-testid="step-error">
      <div className="run-error-head">
        {facts.status !== null && (
          <span className="run-http-status" data-testid="step-error-status">
            HTTP {facts.status}
          </span>
        )}
        {facts.code && <span className="tag tag-error">{facts.code}</span>}
        {facts.errorClass && <span className="muted small">{facts.errorClass}</span>}
      </div>
      {facts.message && (
        <p className="run-error-message" data-testid="step-error-message">
          {facts.message}
        </p>
      )}
      {facts.body !== undefined && (
        <div data-testid="step-error-body">
          <h3>Target&apos;s response</h3>
          {typeof facts.body === "string" ? <pre className="run-error-body">{facts.body}</pre> : <JsonView value={facts.body} testId="step-error-body-tree" />}
        </div>
      )}
      <details className="run-error-raw">
        <summary className="small muted">Recorded error</summary>
        <JsonView value={error} testId="step-error-raw" />
      </details>
    </div>
  );
}
