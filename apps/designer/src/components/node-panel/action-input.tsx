"use client";

import type { Problem } from "@ipaas/flow";
import { useState } from "react";
import type { CompletionData } from "@/lib/jsonata/completion";
import { ExpressionField } from "./expression-field";
import { FieldProblems } from "./field-problems";
import { composeObjectExpression, fieldRows, parseObjectExpression, withFieldExpression, type InputField } from "./input-fields";
import { deriveFields, type FormField } from "./schema-form";

/**
 * An action's input: one JSONata expression producing the operation's input,
 * edited either as one expression per input field (composed into `{ "a": …, … }`)
 * or as the raw expression. The fields view is offered only while the expression
 * has that simple shape, so switching views never loses anything.
 */
export function ActionInput(props: {
  value: string;
  inputSchema: unknown;
  sampleInput: unknown;
  onChange(value: string): void;
  problems: Problem[];
  completion: CompletionData;
  readOnly: boolean;
}) {
  const parsed = parseObjectExpression(props.value);
  const [mode, setMode] = useState<"fields" | "raw">(parsed ? "fields" : "raw");
  // The fields as typed: while one field holds half an expression (an open "{"), the
  // composed text does not parse, and the form must not flip to the raw view then.
  const [typed, setTyped] = useState<InputField[] | undefined>(parsed);
  const ours = typed !== undefined && composeObjectExpression(typed) === props.value;
  const current = ours ? typed : parsed;
  const schemaFields = deriveFields(props.inputSchema);
  const showFields = mode === "fields" && current !== undefined;
  // The raw editor also completes the operation's input field names as object keys.
  const rawCompletion = { ...props.completion, targetFields: schemaFields.map((f) => ({ name: f.key, description: f.description })) };

  return (
    <fieldset className="np-group" data-testid="action-input">
      <legend className="np-label">Input</legend>
      <div className="np-mode" role="radiogroup" aria-label="Input editor">
        <label className="check">
          <input type="radio" name="np-input-mode" checked={showFields} disabled={current === undefined} onChange={() => setMode("fields")} data-testid="input-mode-fields" />
          Fields
        </label>
        <label className="check">
          <input type="radio" name="np-input-mode" checked={!showFields} onChange={() => setMode("raw")} data-testid="input-mode-raw" />
          Expression
        </label>
        {current === undefined && <span className="muted small">The expression is not a plain {"{ \"field\": … }"} object, so it is edited as a whole.</span>}
        {!props.readOnly && props.sampleInput != null && (props.value.trim() === "" || props.value.trim() === "{}") && (
          <button type="button" className="link-button" onClick={() => props.onChange(sampleExpression(props.sampleInput))} data-testid="input-use-sample">
            Start from the sample input
          </button>
        )}
      </div>
      {showFields ? (
        <InputFields
          fields={schemaFields}
          value={current}
          problems={props.problems}
          completion={props.completion}
          readOnly={props.readOnly}
          onChange={(fields) => {
            setTyped(fields);
            props.onChange(composeObjectExpression(fields));
          }}
        />
      ) : (
        <ExpressionField label="Input expression" value={props.value} onChange={props.onChange} problems={[]} completion={rawCompletion} readOnly={props.readOnly} required large testId="input-raw" />
      )}
      <FieldProblems problems={props.problems} />
    </fieldset>
  );
}

function InputFields(props: {
  fields: FormField[];
  value: Array<{ key: string; expression: string }>;
  problems: Problem[];
  completion: CompletionData;
  readOnly: boolean;
  onChange(fields: InputField[]): void;
}) {
  const keys = props.fields.map((f) => f.key);
  const byKey = new Map(props.fields.map((f) => [f.key, f]));
  const rows = fieldRows(keys, props.value);
  if (rows.length === 0) return <p className="muted small">This operation takes no input.</p>;
  return (
    <>
      {rows.map((row) => {
        const field = byKey.get(row.key);
        const type = field ? (field.kind === "enum" ? field.options?.join(" | ") : field.kind) : "not in the operation's input";
        return (
          <ExpressionField
            key={row.key}
            label={`${row.key}${type ? ` (${type})` : ""}`}
            required={field?.required}
            value={row.expression}
            onChange={(text) => props.onChange(withFieldExpression(keys, props.value, row.key, text))}
            problems={[]}
            completion={props.completion}
            readOnly={props.readOnly}
            testId={`input-field-${row.key}`}
          />
        );
      })}
    </>
  );
}

/** The operation's sample input as a literal expression: a starting point that shows every field. */
function sampleExpression(sample: unknown): string {
  if (sample === null || typeof sample !== "object" || Array.isArray(sample)) return JSON.stringify(sample, null, 2);
  return `{\n${Object.entries(sample)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(",\n")}\n}`;
}
