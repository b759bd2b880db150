"use client";

import type { Problem } from "@ipaas/flow";
import { useState } from "react";
import type { CompletionData } from "@/lib/jsonata/completion";
import { problemsAt } from "./config-fields";
import { ExpressionField } from "./expression-field";
import { FieldProblems } from "./field-problems";
import { checkBounds, formatFieldValue, parseFieldValue, type FormField } from "./schema-form";

/** A form generated from schema-derived fields over a flat record (a node's config, an operation's input). */
export function ConfigForm(props: {
  fields: readonly FormField[];
  values: Record<string, unknown>;
  onChange(key: string, value: unknown): void;
  problems: readonly Problem[];
  completion: CompletionData;
  readOnly: boolean;
}) {
  return (
    <>
      {props.fields.map((field) => {
        const problems = problemsAt(props.problems, field.key);
        const value = props.values[field.key];
        if (field.kind === "expression") {
          return (
            <ExpressionField
              key={field.key}
              label={field.label}
              required={field.required}
              value={typeof value === "string" ? value : ""}
              onChange={(text) => props.onChange(field.key, text === "" && !field.required ? undefined : text)}
              problems={problems}
              completion={props.completion}
              readOnly={props.readOnly}
              testId={`config-${field.key}`}
            />
          );
        }
        return <FieldControl key={field.key} field={field} value={value} problems={problems} readOnly={props.readOnly} onChange={(v) => props.onChange(field.key, v)} />;
      })}
    </>
  );
}

/**
 * One non-expression field. Text is kept locally while it does not parse (a number
 * being typed, half-written JSON) and only valid values reach the node; the reason
 * is shown on blur.
 */
export function FieldControl(props: { field: FormField; value: unknown; problems: Problem[]; readOnly: boolean; onChange(value: unknown): void }) {
  const { field } = props;
  const formatted = formatFieldValue(field, props.value);
  const [text, setText] = useState(formatted);
  const [local, setLocal] = useState<string | undefined>();
  const [touched, setTouched] = useState(false);
  // A change from outside (undo, another control) replaces what is typed; our own
  // commit does not (re-formatting JSON or "1.50" mid-typing would fight the cursor).
  // Adjusted during render, React's pattern for state derived from a changed prop.
  const [synced, setSynced] = useState(formatted);
  if (synced !== formatted) {
    setSynced(formatted);
    const parsed = parseFieldValue(field, text);
    if (!("value" in parsed) || formatFieldValue(field, parsed.value) !== formatted) setText(formatted);
  }

  const commit = (next: string) => {
    setText(next);
    const parsed = parseFieldValue(field, next);
    if ("error" in parsed) return setLocal(parsed.error);
    const bound = checkBounds(field, parsed.value);
    setLocal(bound);
    if (!bound) props.onChange(parsed.value);
  };
  const requiredMissing = touched && field.required && text.trim() === "" ? "is required" : undefined;
  const shownLocal = touched ? (local ?? requiredMissing) : undefined;
  const invalid = Boolean(shownLocal) || props.problems.length > 0;
  const id = `np-${field.key}`;
  const common = { id, disabled: props.readOnly, "aria-invalid": invalid, "data-testid": `config-${field.key}`, onBlur: () => setTouched(true) };

  let control;
  if (field.kind === "boolean") {
    return (
      <div className="np-field">
        <label className="check">
          <input type="checkbox" {...common} checked={props.value === true} onChange={(e) => props.onChange(e.target.checked ? true : undefined)} />
          {field.label}
        </label>
        <FieldProblems problems={props.problems} />
      </div>
    );
  } else if (field.kind === "enum") {
    control = (
      <select {...common} className="input" value={text} onChange={(e) => commit(e.target.value)}>
        <option value="">{field.required ? "— choose —" : "(not set)"}</option>
        {field.options?.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === "json") {
    control = <textarea {...common} className={`input mono np-json${invalid ? " input-invalid" : ""}`} rows={4} value={text} onChange={(e) => commit(e.target.value)} placeholder="JSON" />;
  } else {
    const numeric = field.kind === "number" || field.kind === "integer";
    control = (
      <input
        {...common}
        className={`input${invalid ? " input-invalid" : ""}`}
        type={numeric ? "number" : "text"}
        min={field.minimum}
        max={field.maximum}
        step={field.kind === "integer" ? 1 : undefined}
        value={text}
        onChange={(e) => commit(e.target.value)}
      />
    );
  }
  return (
    <div className="np-field">
      <label className="np-label" htmlFor={id}>
        {field.label}
        {field.required && <span aria-hidden> *</span>}
      </label>
      {control}
      {field.description && <span className="muted small">{field.description}</span>}
      <FieldProblems problems={props.problems} local={shownLocal} />
    </div>
  );
}
