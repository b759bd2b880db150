"use client";

import { json, jsonParseLinter } from "@codemirror/lang-json";
import { linter } from "@codemirror/lint";
import { EditorView } from "@codemirror/view";
import CodeMirror from "@uiw/react-codemirror";
import { useEffect, useMemo, useState } from "react";
import { useDebounced } from "@/hooks/use-debounced";
import { prettyJson } from "@/lib/format";
import { useTRPCClient } from "@/trpc/client";

const extensions = [json(), linter(jsonParseLinter(), { delay: 300 }), EditorView.lineWrapping, EditorView.theme({ "&": { fontSize: "12.5px" }, ".cm-scroller": { fontFamily: "var(--mono)" } })];
const VALIDATE_AFTER_MS = 350;

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };
interface Issue {
  path: string;
  message: string;
}

function parse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * "Edit & retry": the kept input as JSON, checked as you type — syntax here, the
 * step's input schema on the server (the same check resubmission makes), debounced.
 * Submitting is possible only once the text on screen has passed both.
 */
export function InputEditor(props: { letterId: string; initial: unknown; onSubmit: (input: unknown) => void; onCancel: () => void; submitting: boolean }) {
  const client = useTRPCClient();
  const [text, setText] = useState(() => prettyJson(props.initial));
  const parsed = useMemo(() => parse(text), [text]);
  const settled = useDebounced(text, VALIDATE_AFTER_MS);
  const [checked, setChecked] = useState<{ text: string; issues: Issue[]; schema: boolean } | { text: string; error: string } | null>(null);

  useEffect(() => {
    const candidate = parse(settled);
    if (!candidate.ok) return;
    let stale = false;
    client.deadLetters.validateInput
      .mutate({ id: props.letterId, input: candidate.value })
      .then((result) => !stale && setChecked({ text: settled, issues: result.issues, schema: result.checked }))
      .catch((err: unknown) => !stale && setChecked({ text: settled, error: err instanceof Error ? err.message : String(err) }));
    return () => {
      stale = true;
    };
  }, [settled, props.letterId, client]);

  const current = checked?.text === text ? checked : null;
  const issues: Issue[] = !parsed.ok ? [{ path: "JSON", message: parsed.message }] : checked && "issues" in checked ? checked.issues : [];
  const valid = parsed.ok && current !== null && "issues" in current && current.issues.length === 0;

  return (
    <div className="dl-editor">
      <div className="dl-editor-box" data-testid="dl-input-editor">
        <CodeMirror value={text} onChange={setText} extensions={extensions} basicSetup={{ foldGutter: true, highlightActiveLineGutter: false }} aria-label="Edited input (JSON)" />
      </div>
      {issues.length > 0 && (
        <ul className={current || !parsed.ok ? "dl-issues" : "dl-issues dl-issues-stale"} data-testid="dl-input-issues">
          {issues.map((issue, i) => (
            <li key={`${issue.path}-${i}`}>
              <span className="mono strong">{issue.path || "(input)"}</span>: {issue.message}
            </li>
          ))}
        </ul>
      )}
      {checked && "error" in checked && <p className="notice notice-error">Could not check the input: {checked.error}</p>}
      <div className="dl-editor-actions">
        <button type="button" className="button" disabled={!valid || props.submitting} onClick={() => parsed.ok && props.onSubmit(parsed.value)} data-testid="dl-edit-submit">
          {props.submitting ? "Retrying…" : "Retry with this input"}
        </button>
        <button type="button" className="button button-secondary" onClick={props.onCancel} data-testid="dl-edit-cancel">
          Cancel
        </button>
        <span className="muted small">
          {!parsed.ok ? "Fix the JSON first." : !current ? "Checking…" : "issues" in current && current.issues.length ? "" : "issues" in current && current.schema ? "Valid for this step's input schema." : "Valid JSON (this step has no input schema to check against)."}
        </span>
      </div>
    </div>
  );
}
