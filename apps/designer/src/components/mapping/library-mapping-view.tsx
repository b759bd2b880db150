"use client";

import type { EditorView } from "@codemirror/view";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { QueryError } from "@/components/query-error";
import { useMe } from "@/hooks/use-me";
import { prettyJson } from "@/lib/format";
import { targetLabel } from "@/lib/target-fields";
import { useTRPC, useTRPCClient } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { ExpressionEditor } from "./expression-editor";
import { DiffTable } from "./tests-panel";
import "./library.css";

type LibraryMapping = RouterOutputs["mappings"]["library"]["get"];
type ExampleRun = RouterOutputs["mappings"]["library"]["runExamples"];

const NO_COMPLETION = { paths: [], functions: [], targetFields: [] };

/**
 * A standard mapping, read-only: what it reads and produces, its expression, and
 * its golden examples run through the engine's sandbox on opening, so a user sees
 * them pass before relying on it. "Copy to my mappings" makes an editable copy.
 */
export function LibraryMappingView({ id }: { id: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const mapping = useQuery(trpc.mappings.library.get.queryOptions({ id }));
  // runExamples is a mutation on the server (evaluation work); as a query here it runs once per opening.
  const examples = useQuery({ queryKey: ["library-examples", id], queryFn: () => client.mappings.library.runExamples.mutate({ id }), staleTime: Infinity, retry: false });

  return (
    <div className="page page-wide library-page">
      <p className="breadcrumb">
        <Link href="/mappings?tab=library">← Library</Link>
      </p>
      <QueryError error={mapping.error} />
      {mapping.isPending && <p className="muted">Loading…</p>}
      {mapping.data && <LibraryMappingBody mapping={mapping.data} run={examples.data} runError={examples.error} />}
    </div>
  );
}

function LibraryMappingBody({ mapping, run, runError }: { mapping: LibraryMapping; run: ExampleRun | undefined; runError: Error | null }) {
  const viewRef = useRef<EditorView | null>(null);
  const { canEditFlows } = useMe();
  return (
    <>
      <header className="page-header page-header-row">
        <div>
          <h1 data-testid="library-name">{mapping.name}</h1>
          <p className="muted">{mapping.description}</p>
          <p className="library-facts">
            <span className="tag">{mapping.source}</span> → <span className="tag">{targetLabel(mapping.target)}</span> <span className="tag tag-published">v{mapping.version}</span>{" "}
            <span className="tag" data-testid="library-readonly">
              Standard mapping · read-only
            </span>
          </p>
        </div>
        {canEditFlows && <CopyForm mapping={mapping} />}
      </header>
      <div className="library-grid">
        <section className="card library-section" aria-label="Expression">
          <h3>Expression</h3>
          <p className="muted small">
            Validated against {mapping.targetSchema ? <strong>{targetLabel(mapping.targetSchema)}</strong> : "no target schema"}. A map node can use it as is (Saved mapping → Library), or copy it to change it.
          </p>
          <div className="library-expression">
            <ExpressionEditor value={mapping.expression} onChange={() => {}} evaluated={undefined} completion={NO_COMPLETION} viewRef={viewRef} readOnly />
          </div>
          {mapping.lookupTables.length > 0 && <LookupTables mapping={mapping} />}
        </section>
        <GoldenExamples mapping={mapping} run={run} runError={runError} />
      </div>
    </>
  );
}

function LookupTables({ mapping }: { mapping: LibraryMapping }) {
  const missing = new Set(mapping.missingTables);
  return (
    <div className="library-lookups" data-testid="library-lookups">
      <h4>Cross-reference tables it reads</h4>
      <p className="muted small">The examples use example values; a flow reads this installation&apos;s tables ({<Link href="/lookups">Lookups</Link>}).</p>
      <ul className="tag-list">
        {mapping.lookupTables.map((table) => (
          <li key={table} className={missing.has(table) ? "tag tag-error" : "tag"} title={missing.has(table) ? "No table of this name here yet" : undefined}>
            {table}
            {missing.has(table) && " (missing here)"}
          </li>
        ))}
      </ul>
    </div>
  );
}

function GoldenExamples({ mapping, run, runError }: { mapping: LibraryMapping; run: ExampleRun | undefined; runError: Error | null }) {
  const failed = run?.cases.filter((c) => !c.passed).length ?? 0;
  return (
    <section className="card library-section" aria-label="Golden examples">
      <h3>Golden examples</h3>
      {run ? (
        <p className={failed === 0 ? "notice notice-success" : "notice notice-error"} role="status" data-testid="library-examples-summary">
          {failed === 0 ? `All ${run.cases.length} examples pass` : `${failed} of ${run.cases.length} examples fail`} (run just now in the mapping sandbox)
        </p>
      ) : runError ? (
        <p className="notice notice-error" role="alert">
          Running the examples failed: {runError.message}
        </p>
      ) : (
        <p className="muted">Running the examples…</p>
      )}
      <ol className="test-list">
        {mapping.tests.map((example, i) => {
          const outcome = run?.cases[i];
          return (
            <li key={example.name} className="test-case card" data-testid="library-example" data-status={outcome ? (outcome.passed ? "passed" : "failed") : "not-run"}>
              <div className="test-case-header">
                {outcome && <span className={outcome.passed ? "badge badge-succeeded" : "badge badge-dead"}>{outcome.passed ? "passed" : "failed"}</span>}
                <span className="strong">{example.name}</span>
              </div>
              {outcome?.error && (
                <p className="notice notice-error test-error">
                  <span className="tag tag-error">{outcome.error.code}</span> {outcome.error.message}
                </p>
              )}
              {outcome && outcome.diff.length > 0 && <DiffTable diff={outcome.diff} />}
              <details className="test-data" open={i === 0}>
                <summary className="small muted">Input, expected and actual output</summary>
                <div className="library-example-grid">
                  <ExampleJson title="Input" value={example.input} />
                  <ExampleJson title="Expected" value={example.expected} />
                  <ExampleJson title="Actual" value={outcome ? outcome.actual : undefined} pending={!outcome} />
                </div>
              </details>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function ExampleJson({ title, value, pending }: { title: string; value: unknown; pending?: boolean }) {
  return (
    <div>
      <h4 className="small">{title}</h4>
      <pre data-testid={`example-${title.toLowerCase()}`}>{pending ? "…" : prettyJson(value)}</pre>
    </div>
  );
}

function CopyForm({ mapping }: { mapping: LibraryMapping }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState(mapping.name);
  const copy = useMutation(
    trpc.mappings.library.copy.mutationOptions({
      onSuccess: async (row) => {
        await queryClient.invalidateQueries(trpc.mappings.list.queryFilter());
        router.push(`/mappings/${row.id}`);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    copy.mutate({ id: mapping.id, name });
  };
  return (
    <form className="library-copy" onSubmit={submit} data-testid="library-copy-form">
      <label className="field">
        Name of the copy
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} data-testid="library-copy-name" />
      </label>
      <button type="submit" className="button" disabled={copy.isPending || name.trim() === ""} data-testid="library-copy">
        Copy to my mappings
      </button>
      {copy.error && (
        <p className="notice notice-error" role="alert">
          {copy.error.message}
        </p>
      )}
    </form>
  );
}
