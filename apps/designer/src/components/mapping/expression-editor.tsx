"use client";

import { autocompletion } from "@codemirror/autocomplete";
import { setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { Compartment } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import CodeMirror from "@uiw/react-codemirror";
import { useEffect, useMemo, useState, type RefObject } from "react";
import { jsonataCompletions, type CompletionData } from "@/lib/jsonata/completion";
import { errorRange } from "@/lib/jsonata/error-range";
import { jsonataLanguage } from "@/lib/jsonata/language";

/** An evaluation outcome and the exact text it was computed for. */
export interface EvaluatedError {
  expression: string;
  error: { message: string; position?: number; token?: string } | null;
}

const theme = EditorView.theme({
  "&": { fontSize: "13px", height: "100%" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.55" },
  ".cm-content": { padding: "8px 0" },
  ".cm-gutters": { background: "#f7f8fa", borderRight: "1px solid var(--border)", color: "#98a2ae" },
});

export function ExpressionEditor(props: {
  value: string;
  onChange(value: string): void;
  /** The latest evaluation: its error is underlined if it is for the text now in the editor. */
  evaluated: EvaluatedError | undefined;
  completion: CompletionData;
  viewRef: RefObject<EditorView | null>;
  /** A library mapping is shown, not edited. */
  readOnly?: boolean;
}) {
  const { evaluated, viewRef, completion } = props;
  // Completion data (sample paths, functions, target fields) lives in its own
  // compartment, swapped when the data changes, so a sample edit does not
  // reconfigure the whole editor.
  const [completionSlot] = useState(() => new Compartment());
  const extensions = useMemo(() => [jsonataLanguage, completionSlot.of(completionExtension(completion)), EditorView.lineWrapping, theme], [completionSlot]); // eslint-disable-line react-hooks/exhaustive-deps -- later data arrives through the compartment
  useEffect(() => {
    viewRef.current?.dispatch({ effects: completionSlot.reconfigure(completionExtension(completion)) });
  }, [completion, completionSlot, viewRef]);

  useEffect(() => {
    const view = viewRef.current;
    // Wait for the evaluation of the current text; until then the old underline
    // stays (CodeMirror maps it through the edits), which avoids flicker while typing.
    if (!view || !evaluated || evaluated.expression !== view.state.doc.toString()) return;
    const { error } = evaluated;
    const range = error ? errorRange(evaluated.expression, error) : null;
    const diagnostics: Diagnostic[] = error && range ? [{ ...range, severity: "error", message: error.message, source: "JSONata" }] : [];
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }, [evaluated, viewRef]);

  return (
    <div className="code-editor" data-testid="expression-editor">
      <CodeMirror
        value={props.value}
        onChange={props.onChange}
        onCreateEditor={(view) => {
          viewRef.current = view;
        }}
        height="100%"
        extensions={extensions}
        editable={!props.readOnly}
        readOnly={props.readOnly}
        basicSetup={{ autocompletion: false, foldGutter: false, highlightActiveLineGutter: false, searchKeymap: true }}
        placeholder='e.g. { "orderNumber": name, "lines": line_items.{ "sku": sku } }'
        aria-label="JSONata expression"
      />
    </div>
  );
}

/** Inserts text at the cursor (a field path clicked in the source tree) and focuses the editor. */
function completionExtension(data: CompletionData) {
  return autocompletion({ override: [jsonataCompletions(data)], icons: true });
}

export function insertAtCursor(view: EditorView | null, text: string) {
  if (!view) return;
  const { from, to } = view.state.selection.main;
  view.dispatch({ changes: { from, to, insert: text }, selection: { anchor: from + text.length }, scrollIntoView: true });
  view.focus();
}
