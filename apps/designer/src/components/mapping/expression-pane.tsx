"use client";

import type { EditorView } from "@codemirror/view";
import { useMemo, useState, type RefObject } from "react";
import { Tabs } from "@/components/tabs";
import type { CompletionData } from "@/lib/jsonata/completion";
import { parseFields, type FieldRow } from "@/lib/jsonata/object-constructor";
import type { PreviewResult } from "@/hooks/use-preview";
import { ExpressionEditor } from "./expression-editor";
import { FieldMappingView, type TargetField } from "./field-mapping";

type ExpressionTab = "code" | "fields";

/** The middle pane: the expression as code or as field rows, and the current error under it. */
export function ExpressionPane(props: {
  expression: string;
  onExpressionChange(expression: string): void;
  /** Latest evaluation and the text it was for. */
  evaluated: (PreviewResult & { expression: string }) | undefined;
  completion: CompletionData;
  viewRef: RefObject<EditorView | null>;
  targetFields: TargetField[];
}) {
  const { expression, evaluated } = props;
  const [tab, setTab] = useState<ExpressionTab>("code");
  const [fields, setFields] = useState<{ rows: FieldRow[]; droppedComments: boolean; key: number } | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const error = evaluated && !evaluated.ok ? evaluated.error : null;
  // What the editor needs to underline: the error (or none) and the text it is for.
  const forEditor = useMemo(() => (evaluated ? { expression: evaluated.expression, error: evaluated.ok ? null : evaluated.error } : undefined), [evaluated]);
  const errorIsCurrent = evaluated?.expression === expression;

  const switchTo = (next: ExpressionTab) => {
    setRefusal(null);
    if (next === "code") return setTab("code");
    // Rows are only a faithful view of an expression that parses and is an object constructor.
    if (error && errorIsCurrent && error.code.startsWith("S0")) return setRefusal("Fix the syntax error first: the field view needs an expression that parses.");
    const parsed = parseFields(expression.trim() === "" ? "{}" : expression);
    if (!parsed.ok) return setRefusal(parsed.reason);
    setFields({ rows: parsed.rows, droppedComments: parsed.droppedComments, key: Date.now() });
    setTab("fields");
  };

  return (
    <section className="pane pane-expression" aria-label="Expression">
      <div className="pane-header">
        <h3>Expression</h3>
        <span className="spacer" />
        <span className="muted small">JSONata · Ctrl-Space to complete</span>
      </div>
      <Tabs<ExpressionTab>
        label="Expression views"
        tabs={[
          { id: "code", label: "Code" },
          { id: "fields", label: "Field mapping" },
        ]}
        active={tab}
        onChange={switchTo}
      />
      {refusal && (
        <p className="notice notice-warning pane-notice" role="status" data-testid="fields-refused">
          {refusal}
        </p>
      )}
      <div className="pane-body">
        {tab === "code" || !fields ? (
          <ExpressionEditor value={expression} onChange={props.onExpressionChange} evaluated={forEditor} completion={props.completion} viewRef={props.viewRef} />
        ) : (
          <FieldMappingView key={fields.key} initialRows={fields.rows} droppedComments={fields.droppedComments} onExpressionChange={props.onExpressionChange} targetFields={props.targetFields} result={evaluated?.ok ? evaluated.result : undefined} />
        )}
      </div>
      {error && (
        <div className={errorIsCurrent ? "expression-error" : "expression-error expression-error-stale"} role="alert" data-testid="expression-error">
          <span className="tag tag-error">{error.code}</span> {describeError(expression, error)}
        </div>
      )}
    </section>
  );
}

/** The engine's message plus line and column, which is how people find a spot in multi-line text. */
function describeError(text: string, error: { message: string; position?: number }): string {
  if (error.position === undefined) return error.message;
  const before = text.slice(0, error.position);
  const line = before.split("\n").length;
  const column = error.position - (before.lastIndexOf("\n") + 1);
  const message = /position \d+/.test(error.message) ? error.message : `${error.message} at position ${error.position}`;
  return `${message} (line ${line}, column ${column})`;
}
