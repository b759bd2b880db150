"use client";

import type { Problem } from "@ipaas/flow";
import type { EditorView } from "@codemirror/view";
import { useMemo, useRef } from "react";
import { ExpressionEditor, type EvaluatedError } from "@/components/mapping/expression-editor";
import type { CompletionData } from "@/lib/jsonata/completion";
import { FieldProblems } from "./field-problems";

/**
 * One JSONata config field: the mapping editor's CodeMirror component inline (with
 * autocomplete of the node's input paths), or plain text when read-only — the
 * editor has no read-only mode and a disabled look must not invite typing.
 */
export function ExpressionField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  problems: Problem[];
  completion: CompletionData;
  readOnly: boolean;
  required?: boolean;
  testId?: string;
  /** Taller editor for whole-object expressions. */
  large?: boolean;
}) {
  const viewRef = useRef<EditorView | null>(null);
  // validate() reports syntax errors with a position; the editor underlines them while the text is the same.
  const syntax = props.problems.find((p) => p.position !== undefined);
  const evaluated = useMemo<EvaluatedError | undefined>(
    () => (syntax ? { expression: props.value, error: { message: syntax.message, position: syntax.position, token: syntax.token } } : { expression: props.value, error: null }),
    [syntax, props.value],
  );
  return (
    <div className="np-field" data-testid={props.testId}>
      <span className="np-label">
        {props.label}
        {props.required && <span aria-hidden> *</span>} <span className="tag">JSONata</span>
      </span>
      {props.readOnly ? (
        <pre className="np-readonly-expr mono">{props.value || "—"}</pre>
      ) : (
        <div className={`np-expr${props.large ? " np-expr-large" : ""}${props.problems.length > 0 ? " np-invalid" : ""}`}>
          <ExpressionEditor value={props.value} onChange={props.onChange} evaluated={evaluated} completion={props.completion} viewRef={viewRef} />
        </div>
      )}
      <FieldProblems problems={props.problems} />
    </div>
  );
}
