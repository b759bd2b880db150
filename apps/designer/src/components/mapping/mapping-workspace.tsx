"use client";

import type { EditorView } from "@codemirror/view";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { Tabs } from "@/components/tabs";
import { usePreview } from "@/hooks/use-preview";
import { collectPaths } from "@/lib/json-paths";
import { targetFieldsFor } from "@/lib/target-fields";
import { useTRPC, useTRPCClient } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { EditorHeader, type SaveState } from "./editor-header";
import { insertAtCursor } from "./expression-editor";
import { ExpressionPane } from "./expression-pane";
import { ResultView } from "./result-pane";
import { parseSample, SourcePane } from "./source-pane";
import { TestsPanel, type TestCase } from "./tests-panel";

type Mapping = RouterOutputs["mappings"]["get"];

/** What the user edits; compared with the last saved copy to know whether there is anything to save. */
interface Draft {
  name: string;
  targetSchema: string | null;
  sampleText: string;
  expression: string;
  tests: TestCase[];
}

function draftOf(m: Mapping): Draft {
  const sampleText = m.sourceSample === null || m.sourceSample === undefined ? "" : JSON.stringify(m.sourceSample, null, 2);
  return { name: m.name, targetSchema: m.targetSchema, sampleText, expression: m.expression, tests: m.tests };
}

const sameDraft = (a: Draft, b: Draft) =>
  a.name === b.name && a.targetSchema === b.targetSchema && a.sampleText === b.sampleText && a.expression === b.expression && a.tests === b.tests;

export function MappingWorkspace(props: {
  mapping: Mapping;
  targetSchemas: RouterOutputs["mappings"]["targetSchemas"];
  functionDocs: RouterOutputs["mappings"]["functionDocs"];
  /** Throws away local edits and loads the latest saved version. */
  onReload(): void;
}) {
  const { mapping, targetSchemas } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(mapping));
  const [saved, setSaved] = useState<{ draft: Draft; version: number; at: Date | null }>(() => ({ draft, version: mapping.version, at: null }));
  const [rightTab, setRightTab] = useState<"result" | "tests">("result");
  const viewRef = useRef<EditorView | null>(null);
  const edit = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const parsed = useMemo(() => parseSample(draft.sampleText), [draft.sampleText]);
  const sample = parsed.ok ? parsed.value : null;
  const preview = usePreview({ expression: draft.expression, sampleText: draft.sampleText, sampleOk: parsed.ok, targetSchema: draft.targetSchema });
  const targetFields = useMemo(() => targetFieldsFor(draft.targetSchema, targetSchemas), [targetSchemas, draft.targetSchema]);
  const completion = useMemo(() => ({ paths: collectPaths(sample), functions: props.functionDocs, targetFields }), [sample, props.functionDocs, targetFields]);

  const current = preview.data?.expression === draft.expression ? preview.data : undefined;
  const capture = parsed.ok && current?.ok && current.result !== undefined ? { input: sample, expected: current.result } : null;

  const save = useMutation(trpc.mappings.update.mutationOptions());
  const dirty = !sameDraft(draft, saved.draft);
  const doSave = (version: number) => {
    if (!parsed.ok) return;
    const snapshot = draft;
    save.mutate(
      { id: mapping.id, version, name: snapshot.name, targetSchema: snapshot.targetSchema, sourceSample: sample, expression: snapshot.expression, tests: snapshot.tests },
      {
        onSuccess: (row) => {
          setSaved({ draft: snapshot, version: row.version, at: new Date() });
          queryClient.setQueryData(trpc.mappings.get.queryKey({ id: row.id }), row);
          void queryClient.invalidateQueries(trpc.mappings.list.queryFilter());
        },
      },
    );
  };
  // "Keep mine": save on top of whatever version is current now. If even reading it
  // fails, the save with the old version fails again and shows its error.
  const overwrite = async () => {
    const latest = await client.mappings.get.query({ id: mapping.id }).catch(() => null);
    doSave(latest?.version ?? saved.version);
  };

  // Ctrl/Cmd-S saves; leaving with unsaved edits asks first.
  const saveRef = useRef<() => void>(() => {});
  useEffect(() => {
    saveRef.current = () => dirty && !save.isPending && doSave(saved.version);
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === "s") {
        e.preventDefault();
        saveRef.current();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  const remove = useMutation(
    trpc.mappings.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.mappings.list.queryFilter());
        router.push("/mappings");
      },
    }),
  );

  const saveError = save.error ?? remove.error;
  const saveState: SaveState = {
    dirty,
    saving: save.isPending,
    version: saved.version,
    savedAt: saved.at,
    error: !parsed.ok && dirty ? { message: "The sample is not valid JSON; fix it to save.", conflict: false } : saveError ? { message: saveError.message, conflict: saveError instanceof TRPCClientError && saveError.data?.code === "CONFLICT" } : null,
  };

  return (
    <div className="page page-wide mapping-page">
      <EditorHeader
        name={draft.name}
        onNameChange={(name) => edit({ name })}
        targetSchema={draft.targetSchema}
        onTargetSchemaChange={(targetSchema) => edit({ targetSchema })}
        targetSchemas={targetSchemas}
        save={saveState}
        onSave={() => doSave(saved.version)}
        onReload={props.onReload}
        onOverwrite={() => void overwrite()}
        onDelete={() => window.confirm(`Delete mapping "${mapping.name}"? This cannot be undone.`) && remove.mutate({ id: mapping.id })}
      />
      <div className="mapping-grid">
        <SourcePane sampleText={draft.sampleText} parsed={parsed} onSampleTextChange={(sampleText) => edit({ sampleText })} onInsert={(path) => insertAtCursor(viewRef.current, path)} />
        <ExpressionPane expression={draft.expression} onExpressionChange={(expression) => edit({ expression })} evaluated={preview.data} completion={completion} viewRef={viewRef} targetFields={targetFields} />
        <section className="pane" aria-label="Result and tests">
          <div className="pane-header">
            <h3>{rightTab === "result" ? "Result" : "Tests"}</h3>
            <span className="spacer" />
            <span className="muted small" data-testid="preview-timing">
              {preview.pending ? "evaluating…" : preview.data && draft.expression.trim() !== "" ? `evaluated in ${preview.data.durationMs} ms` : ""}
            </span>
          </div>
          <Tabs<"result" | "tests">
            label="Result views"
            tabs={[
              { id: "result", label: "Result" },
              { id: "tests", label: "Tests", badge: String(draft.tests.length) },
            ]}
            active={rightTab}
            onChange={setRightTab}
          />
          <div className="pane-body pane-scroll">
            {rightTab === "result" ? (
              <ResultView preview={preview.data} pending={preview.pending} targetSchema={draft.targetSchema} sampleOk={parsed.ok} expressionEmpty={draft.expression.trim() === ""} />
            ) : (
              <TestsPanel tests={draft.tests} onTestsChange={(tests) => edit({ tests })} expression={draft.expression} targetSchema={draft.targetSchema} capture={capture} />
            )}
          </div>
          {preview.error && (
            <p className="notice notice-error pane-notice" role="alert">
              Preview failed: {preview.error.message}
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
