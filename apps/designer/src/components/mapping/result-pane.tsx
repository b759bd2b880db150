"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { jsonLines, nearestPath, pathSegments } from "@/lib/json-paths";
import type { PreviewResult } from "@/hooks/use-preview";
import { targetLabel } from "@/lib/target-fields";

/** The live result: pretty JSON whose lines know their paths, and the target-schema problems. */
export function ResultView(props: { preview: PreviewResult | undefined; pending: boolean; targetSchema: string | null; sampleOk: boolean; expressionEmpty: boolean }) {
  const { targetSchema } = props;
  const [selected, setSelected] = useState<string | null>(null);
  // While the expression is broken (mid-typing, mostly) the last good result stays, dimmed,
  // instead of the pane flashing empty on every keystroke.
  const [lastOk, setLastOk] = useState(props.preview?.ok ? props.preview : undefined);
  if (props.preview?.ok && props.preview !== lastOk) setLastOk(props.preview);
  const broken = props.preview !== undefined && !props.preview.ok;
  const preview = broken ? lastOk : props.preview;
  const result = preview?.ok ? preview.result : undefined;
  const lines = useMemo(() => (result === undefined ? [] : jsonLines(result)), [result]);
  // A problem about a missing field points at the nearest existing parent.
  const highlight = selected === null ? null : nearestPath(lines, selected);
  const bodyRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (highlight === null) return;
    bodyRef.current?.querySelector(".json-line-highlight")?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [highlight]);

  if (!props.sampleOk) return <p className="muted result-empty">Fix the sample JSON to see a result.</p>;
  if (props.expressionEmpty) return <p className="muted result-empty">Type an expression to see its result: drag fields from the sample, or start with {"{ \"field\": path }"}.</p>;
  const brokenNote = (
    <p className="notice notice-error result-broken" data-testid="preview-result-error">
      The expression has an error (shown under the editor){preview ? "; this is the last result it produced." : "."}
    </p>
  );
  if (!preview?.ok) return broken ? brokenNote : <p className="muted result-empty">{props.pending ? "Evaluating…" : "Type an expression to see its result."}</p>;

  const problems = preview.problems;
  return (
    <div className={broken ? "result-view result-view-stale" : "result-view"}>
      {broken && brokenNote}
      {targetSchema && result !== undefined && (
        <div className={problems.length ? "problems problems-bad" : "problems problems-ok"} data-testid="validation-summary">
          {problems.length === 0 ? (
            <span>✓ Valid {targetLabel(targetSchema)}</span>
          ) : (
            <>
              <span className="strong">
                {problems.length} {problems.length === 1 ? "problem" : "problems"} against {targetLabel(targetSchema)}
              </span>
              <ul className="problem-list">
                {problems.map((p, i) => (
                  <li key={`${p.path}-${i}`}>
                    <button type="button" className={selected === p.path ? "problem problem-selected" : "problem"} data-testid="validation-problem" onClick={() => setSelected(selected === p.path ? null : p.path)}>
                      <span className="mono">{pathSegments(p.path).join(".") || "(root)"}</span> {p.message}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <div className="result-json" ref={bodyRef} data-testid="preview-result" aria-label="Result JSON">
        {result === undefined ? (
          <p className="muted">No result: the expression matched nothing in the sample.</p>
        ) : (
          lines.map((line, i) => (
            <div
              key={i}
              data-path={line.path}
              className={isHighlighted(line.path, highlight) ? "json-line json-line-highlight" : "json-line"}
              style={{ paddingLeft: `${line.indent * 2}ch` }}
            >
              {line.text}
            </div>
          ))
        )}
      </div>
    </div>
  );
}

/** The selected value's lines: itself and everything inside it (for the root, only its braces). */
function isHighlighted(path: string, highlight: string | null): boolean {
  if (highlight === null) return false;
  return path === highlight || (highlight !== "" && path.startsWith(`${highlight}.`));
}
