"use client";

import { json, jsonParseLinter } from "@codemirror/lang-json";
import { linter } from "@codemirror/lint";
import { EditorView } from "@codemirror/view";
import CodeMirror from "@uiw/react-codemirror";
import { useState, type ChangeEvent } from "react";
import { Tabs } from "@/components/tabs";
import { JsonTree } from "./json-tree";
import { RunSamplePicker } from "./run-sample-picker";

export type ParsedSample = { ok: true; value: unknown } | { ok: false; message: string };

/** Parses the sample text; an empty pane is a null sample, not an error. */
export function parseSample(text: string): ParsedSample {
  if (text.trim() === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

// An empty pane is a valid "no sample yet", not a JSON syntax error.
const parseLinter = jsonParseLinter();
const jsonLinter = linter((view) => (view.state.doc.length === 0 ? [] : parseLinter(view)), { delay: 300 });
const jsonExtensions = [json(), jsonLinter, EditorView.lineWrapping, EditorView.theme({ "&": { fontSize: "12.5px", height: "100%" }, ".cm-scroller": { fontFamily: "var(--mono)" } })];

type SourceTab = "fields" | "json";

export function SourcePane(props: { sampleText: string; parsed: ParsedSample; onSampleTextChange(text: string): void; onInsert(path: string): void }) {
  const { sampleText, parsed, onSampleTextChange } = props;
  // An empty mapping starts where the work starts: pasting a sample.
  const [tab, setTab] = useState<SourceTab>(sampleText.trim() === "" ? "json" : "fields");
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [pickingRun, setPickingRun] = useState(false);

  const onUpload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ""; // choosing the same file again must fire change again
    if (!file) return;
    const text = await file.text();
    const check = parseSample(text);
    if (!check.ok) {
      setUploadError(`${file.name} is not valid JSON: ${check.message}`);
      return;
    }
    setUploadError(null);
    onSampleTextChange(JSON.stringify(check.value, null, 2));
    setTab("fields");
  };

  return (
    <section className="pane" aria-label="Source sample">
      <div className="pane-header">
        <h3>Source sample</h3>
        <span className="spacer" />
        <label className="button button-secondary button-small file-button">
          Upload JSON
          <input type="file" accept="application/json,.json" className="sr-only" data-testid="sample-upload" onChange={onUpload} />
        </label>
        <button type="button" className={pickingRun ? "button button-small" : "button button-secondary button-small"} aria-expanded={pickingRun} onClick={() => setPickingRun(!pickingRun)} data-testid="sample-from-run">
          From a run
        </button>
      </div>
      {pickingRun && (
        <RunSamplePicker
          onClose={() => setPickingRun(false)}
          onPick={(value) => {
            onSampleTextChange(JSON.stringify(value, null, 2));
            setTab("fields");
            setPickingRun(false);
          }}
        />
      )}
      <Tabs<SourceTab>
        label="Source views"
        tabs={[
          { id: "fields", label: "Fields" },
          { id: "json", label: "JSON" },
        ]}
        active={tab}
        onChange={setTab}
      />
      {uploadError && (
        <p className="notice notice-error pane-notice" role="alert">
          {uploadError}
        </p>
      )}
      {!parsed.ok && (
        <p className="notice notice-error pane-notice" role="alert" data-testid="sample-error">
          Sample is not valid JSON: {parsed.message}
        </p>
      )}
      <div className="pane-body">
        {tab === "json" ? (
          <div className="code-editor" data-testid="sample-editor">
            <CodeMirror value={sampleText} onChange={onSampleTextChange} height="100%" extensions={jsonExtensions} basicSetup={{ foldGutter: true, highlightActiveLineGutter: false }} placeholder="Paste a JSON document, e.g. a Shopify order" aria-label="Sample JSON" />
          </div>
        ) : parsed.ok && sampleText.trim() !== "" ? (
          <JsonTree value={parsed.value} onInsert={props.onInsert} />
        ) : (
          <p className="muted small tree-empty">{parsed.ok ? "No sample yet: paste one on the JSON tab, upload a file, or take a step input from a run." : "Fix the JSON to see its fields."}</p>
        )}
      </div>
    </section>
  );
}
