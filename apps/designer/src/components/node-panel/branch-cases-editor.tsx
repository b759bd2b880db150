"use client";

import type { Problem } from "@ipaas/flow";
import type { CompletionData } from "@/lib/jsonata/completion";
import { casesOf, nextCaseId, type BranchCase } from "./branch-cases";
import { problemsAt } from "./config-fields";
import { ExpressionField } from "./expression-field";
import { FieldProblems } from "./field-problems";

/**
 * A branch's cases in order (the first whose condition holds wins). Renaming a
 * case id detaches its edge on the canvas (the edge keeps the old handle), which
 * validate then reports, so ids are edited deliberately, not on every keystroke.
 */
export function BranchCasesEditor(props: {
  config: Record<string, unknown>;
  onChange(cases: BranchCase[]): void;
  problems: Problem[];
  completion: CompletionData;
  readOnly: boolean;
}) {
  const cases = casesOf(props.config);
  const update = (i: number, patch: Partial<BranchCase>) => props.onChange(cases.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...cases];
    const [item] = next.splice(i, 1);
    if (item) next.splice(i + by, 0, item);
    props.onChange(next);
  };
  const listProblems = props.problems.filter((p) => /\.config\.cases$/.test(p.path));
  return (
    <fieldset className="np-group" data-testid="branch-cases">
      <legend className="np-label">Cases</legend>
      {cases.map((c, i) => {
        const at = problemsAt(props.problems, `cases.${i}`);
        return (
          <div key={i} className="np-case" data-testid="branch-case">
            <div className="np-case-row">
              <input className="input mono" aria-label={`Case ${i + 1} id`} value={c.id} disabled={props.readOnly} onChange={(e) => update(i, { id: e.target.value.trim() })} data-testid="case-id" />
              <input className="input" aria-label={`Case ${i + 1} label`} placeholder="Label" value={c.label ?? ""} disabled={props.readOnly} onChange={(e) => update(i, { label: e.target.value || undefined })} data-testid="case-label" />
              {!props.readOnly && (
                <span className="np-case-actions">
                  <button type="button" className="icon-button" aria-label="Move up" disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button type="button" className="icon-button" aria-label="Move down" disabled={i === cases.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </button>
                  <button type="button" className="icon-button" aria-label="Remove case" onClick={() => props.onChange(cases.filter((_, j) => j !== i))} data-testid="case-remove">
                    ✕
                  </button>
                </span>
              )}
            </div>
            <FieldProblems problems={[...problemsAt(at, `cases.${i}.id`), ...at.filter((p) => !/\.(id|condition)$/.test(p.path))]} />
            <ExpressionField label="Condition" value={c.condition} onChange={(condition) => update(i, { condition })} problems={problemsAt(at, `cases.${i}.condition`)} completion={props.completion} readOnly={props.readOnly} required testId="case-condition" />
          </div>
        );
      })}
      {!props.readOnly && (
        <button type="button" className="button button-secondary button-small" onClick={() => props.onChange([...cases, { id: nextCaseId(cases), condition: "" }])} data-testid="case-add">
          Add case
        </button>
      )}
      <span className="muted small">Items matching no case leave through the “default” handle.</span>
      <FieldProblems problems={listProblems} />
    </fieldset>
  );
}
