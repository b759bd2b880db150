"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";
import { ImportLookupsReport } from "./import-lookups-report";

/** Import a `.flow.json` document as a new draft; shows what needs fixing instead of failing silently. */
export function ImportFlowView() {
  const trpc = useTRPC();
  const { canEditFlows } = useMe();
  const environments = useQuery(trpc.connections.environments.queryOptions());
  const [json, setJson] = useState("");
  const [name, setName] = useState("");
  const [environment, setEnvironment] = useState("sandbox");
  const importFlow = useMutation(trpc.flows.import.mutationOptions());

  async function readFile(file: File | undefined) {
    if (file) setJson(await file.text());
  }

  return (
    <div className="page">
      <header className="page-header">
        <p className="breadcrumb">
          <Link href="/flows">Flows</Link> / Import
        </p>
        <h1>Import a flow</h1>
        <p className="muted">Paste or choose an exported flow (.flow.json). It becomes a draft; connections are matched by name in the environment you choose.</p>
      </header>
      {!canEditFlows && <p className="notice notice-warning">Only admins and analysts can import flows.</p>}
      <form
        className="card"
        style={{ padding: "1rem", display: "grid", gap: "0.75rem" }}
        onSubmit={(e) => {
          e.preventDefault();
          importFlow.mutate({ json, environment, ...(name.trim() ? { name } : {}) });
        }}
      >
        <label className="field">
          File <input type="file" accept=".json,application/json" data-testid="import-file" onChange={(e) => void readFile(e.target.files?.[0])} />
        </label>
        <label className="field">
          Document
          <textarea className="input mono" rows={12} data-testid="import-json" value={json} onChange={(e) => setJson(e.target.value)} placeholder='{ "format": "ipaas-flow", … }' />
        </label>
        <label className="field">
          Name (optional, overrides the document&apos;s)
          <input className="input" data-testid="import-name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          Environment
          <select data-testid="import-environment" value={environment} onChange={(e) => setEnvironment(e.target.value)}>
            {(environments.data ?? [{ name: "sandbox" }]).map((env) => (
              <option key={env.name} value={env.name}>
                {env.name}
              </option>
            ))}
          </select>
        </label>
        <div>
          <button type="submit" className="button" data-testid="import-submit" disabled={!canEditFlows || json.trim() === "" || importFlow.isPending}>
            Import
          </button>
        </div>
      </form>
      {importFlow.isError && (
        <p className="notice notice-error" role="alert" data-testid="import-error">
          {importFlow.error.message}
        </p>
      )}
      {importFlow.data && (
        <section className="card" style={{ padding: "1rem" }} data-testid="import-problems" data-count={importFlow.data.problems.length}>
          <p className="notice notice-success" role="status">
            Imported as a draft. <Link href={`/flows/${importFlow.data.flowId}`} data-testid="imported-flow">Open the flow</Link>
          </p>
          {importFlow.data.problems.length === 0 ? (
            <p className="muted">No problems: it can be published as it is.</p>
          ) : (
            <>
              <p>Fix these before publishing:</p>
              <ul>
                {importFlow.data.problems.map((p, i) => (
                  <li key={i} data-testid="import-problem">
                    <span className="mono small">{p.nodeId ?? "flow"}</span> — {p.message}
                  </li>
                ))}
              </ul>
            </>
          )}
          <ImportLookupsReport report={importFlow.data.lookups} json={json} canEdit={canEditFlows} />
        </section>
      )}
    </div>
  );
}
