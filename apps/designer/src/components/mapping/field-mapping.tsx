"use client";

import { useState } from "react";
import { buildExpression, rowProblem, type FieldRow } from "@/lib/jsonata/object-constructor";

export interface TargetField {
  name: string;
  description?: string;
  required: boolean;
}

/**
 * "target field ← expression" rows for an object-shaped mapping. Every valid edit
 * rewrites the one JSONata expression (the source of truth), so the live result
 * follows; while a row is invalid the expression keeps its last valid form.
 */
export function FieldMappingView(props: { initialRows: FieldRow[]; droppedComments: boolean; onExpressionChange(expression: string): void; targetFields: TargetField[]; result: unknown }) {
  const { onExpressionChange, targetFields } = props;
  const [rows, setRows] = useState<FieldRow[]>(props.initialRows);
  const problems = rows.map(rowProblem);
  const duplicate = (i: number) => rows.findIndex((r) => r.field === rows[i]!.field) !== i;

  const update = (next: FieldRow[]) => {
    setRows(next);
    const names = next.map((r) => r.field);
    if (next.every((r) => rowProblem(r) === null) && new Set(names).size === names.length) onExpressionChange(buildExpression(next));
  };
  const mapped = new Set(rows.map((r) => r.field));
  const missing = targetFields.filter((f) => f.required && !mapped.has(f.name));
  const resultFields = props.result !== null && typeof props.result === "object" && !Array.isArray(props.result) ? (props.result as Record<string, unknown>) : {};

  return (
    <div className="field-mapping" data-testid="field-mapping">
      {props.droppedComments && <p className="notice notice-warning small">Comments between fields are not shown here and will be removed by an edit in this view.</p>}
      <datalist id="target-fields">
        {targetFields.map((f) => (
          <option key={f.name} value={f.name}>
            {f.description}
          </option>
        ))}
      </datalist>
      <table className="table field-table">
        <colgroup>
          <col className="col-field" />
          <col className="col-arrow" />
          <col />
          <col className="col-remove" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Target field</th>
            <th scope="col" aria-label="maps from" />
            <th scope="col">Expression</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={4} className="empty">
                No fields yet.
              </td>
            </tr>
          )}
          {rows.map((row, i) => {
            const problem = problems[i] ?? (duplicate(i) ? "This field is already mapped above." : null);
            const value = resultFields[row.field];
            return (
              <tr key={i} data-testid="field-row" className={problem ? "field-row-invalid" : undefined}>
                <td>
                  <input className="input mono" list="target-fields" value={row.field} aria-label={`Target field ${i + 1}`} onChange={(e) => update(rows.map((r, j) => (j === i ? { ...r, field: e.target.value } : r)))} />
                </td>
                <td className="field-arrow" aria-hidden>
                  ←
                </td>
                <td>
                  <textarea
                    className="input mono field-expression"
                    rows={Math.min(Math.max(row.expression.split("\n").length, 1), 8)}
                    value={row.expression}
                    spellCheck={false}
                    aria-label={`Expression for ${row.field || `field ${i + 1}`}`}
                    onChange={(e) => update(rows.map((r, j) => (j === i ? { ...r, expression: e.target.value } : r)))}
                  />
                  {problem ? (
                    <span className="field-problem">{problem}</span>
                  ) : (
                    value !== undefined && <span className="field-value muted small mono">= {preview(value)}</span>
                  )}
                </td>
                <td className="actions">
                  <button type="button" className="icon-button" aria-label={`Remove ${row.field || `field ${i + 1}`}`} title="Remove" onClick={() => update(rows.filter((_, j) => j !== i))}>
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="field-actions">
        <button type="button" className="button button-secondary button-small" data-testid="add-field" onClick={() => update([...rows, { field: "", expression: "" }])}>
          Add field
        </button>
        {missing.length > 0 && (
          <>
            <span className="muted small">Required, not mapped:</span>
            {missing.map((f) => (
              <button key={f.name} type="button" className="chip" title={f.description} onClick={() => update([...rows, { field: f.name, expression: "" }])}>
                + {f.name}
              </button>
            ))}
          </>
        )}
      </div>
    </div>
  );
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
