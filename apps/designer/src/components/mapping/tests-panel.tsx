"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { prettyJson } from "@/lib/format";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";

export interface TestCase {
  name: string;
  input: unknown;
  expected: unknown;
}

type TestRun = RouterOutputs["mappings"]["runTests"];

/**
 * Test cases of the mapping: capture the current sample and result as a case,
 * run them all against the expression as it is in the editor (saved or not).
 */
export function TestsPanel(props: {
  tests: TestCase[];
  onTestsChange(tests: TestCase[]): void;
  expression: string;
  targetSchema: string | null;
  /** The current sample and its result, when there is a result to capture. */
  capture: { input: unknown; expected: unknown } | null;
}) {
  const { tests, onTestsChange, capture } = props;
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const run = useMutation(trpc.mappings.runTests.mutationOptions());
  // Running tests evaluates on the server: analyst+ only, like the server says.
  const { canEditFlows } = useMe();
  // The run shown is for the expression and cases it ran with; say so when they changed.
  const [ranWith, setRanWith] = useState<{ expression: string; tests: TestCase[] } | null>(null);
  const stale = ranWith !== null && (ranWith.expression !== props.expression || ranWith.tests !== tests);

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!capture) return;
    const caseName = name.trim() || `Case ${tests.length + 1}`;
    onTestsChange([...tests, { name: caseName, input: capture.input, expected: capture.expected }]);
    setName("");
  };

  const runAll = () => {
    setRanWith({ expression: props.expression, tests });
    run.mutate({ mapping: { expression: props.expression, targetSchema: props.targetSchema, tests } });
  };

  return (
    <div className="tests-panel">
      <form className="test-add" onSubmit={add}>
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder={`Case ${tests.length + 1}`} aria-label="Test case name" data-testid="test-name" maxLength={200} />
        <button type="submit" className="button button-secondary" disabled={!capture} data-testid="add-test" title={capture ? "Expected output = the current result" : "Needs a valid sample and a result"}>
          Add current sample as test
        </button>
      </form>
      <div className="test-toolbar">
        <span className="muted small">{tests.length === 0 ? "No test cases yet." : `${tests.length} ${tests.length === 1 ? "case" : "cases"}`}</span>
        <span className="spacer" />
        <button type="button" className="button" onClick={runAll} disabled={tests.length === 0 || run.isPending || !canEditFlows} aria-busy={run.isPending} data-testid="run-tests">
          Run all
        </button>
      </div>
      {run.data && (
        <p className={run.data.passed ? "notice notice-success test-summary" : "notice notice-error test-summary"} role="status" data-testid="test-summary">
          {summarize(run.data)}
          {stale && <span className="muted"> · results are for an earlier edit, run again</span>}
        </p>
      )}
      {run.error && (
        <p className="notice notice-error" role="alert">
          {run.error.message}
        </p>
      )}
      <ol className="test-list">
        {tests.map((test, i) => {
          const outcome = !stale && run.data?.cases[i]?.name === test.name ? run.data.cases[i] : undefined;
          return (
            <li key={i} className="test-case card" data-testid="test-case" data-test-name={test.name} data-status={outcome ? (outcome.passed ? "passed" : "failed") : "not-run"}>
              <div className="test-case-header">
                {outcome && <span className={outcome.passed ? "badge badge-succeeded" : "badge badge-dead"}>{outcome.passed ? "passed" : "failed"}</span>}
                <span className="strong">{test.name}</span>
                <span className="spacer" />
                <button type="button" className="link-button" onClick={() => onTestsChange(tests.filter((_, j) => j !== i))} aria-label={`Remove test ${test.name}`}>
                  Remove
                </button>
              </div>
              {outcome?.error && (
                <p className="notice notice-error test-error">
                  <span className="tag tag-error">{outcome.error.code}</span> {outcome.error.message}
                </p>
              )}
              {outcome && outcome.issues.length > 0 && (
                <ul className="test-issues" aria-label="Target schema problems">
                  {outcome.issues.map((issue, j) => (
                    <li key={j}>
                      <span className="mono">{issue.path || "(root)"}</span> {issue.message}
                    </li>
                  ))}
                </ul>
              )}
              {outcome && outcome.diff.length > 0 && <DiffTable diff={outcome.diff} />}
              <details className="test-data">
                <summary className="small muted">Input and expected output</summary>
                <div className="test-data-grid">
                  <pre>{prettyJson(test.input)}</pre>
                  <pre>{prettyJson(test.expected)}</pre>
                </div>
              </details>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function DiffTable({ diff }: { diff: TestRun["cases"][number]["diff"] }) {
  return (
    <table className="table diff-table" data-testid="test-diff">
      <thead>
        <tr>
          <th scope="col">Path</th>
          <th scope="col">Expected</th>
          <th scope="col">Actual</th>
        </tr>
      </thead>
      <tbody>
        {diff.map((d, i) => (
          <tr key={i} data-testid="diff-row" data-kind={d.kind}>
            <td className="mono">
              {d.path || "(root)"} <span className="tag">{d.kind}</span>
            </td>
            <td className="mono diff-expected">{show(d.expected)}</td>
            <td className="mono diff-actual">{show(d.actual)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function show(value: unknown): string {
  return value === undefined ? "(absent)" : JSON.stringify(value);
}

function summarize(run: TestRun): string {
  const failed = run.cases.filter((c) => !c.passed).length;
  return failed === 0 ? `All ${run.cases.length} passed` : `${failed} of ${run.cases.length} failed`;
}
