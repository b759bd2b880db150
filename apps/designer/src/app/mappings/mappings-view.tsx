"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { QueryError } from "@/components/query-error";
import { useMe } from "@/hooks/use-me";
import { formatRelative } from "@/lib/format";
import { useTRPC } from "@/trpc/client";

export function MappingsView() {
  const trpc = useTRPC();
  const mappings = useQuery(trpc.mappings.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const { canEditFlows } = useMe();

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>Mappings</h1>
          <p className="muted">JSONata transformations from a source document to a target shape, with sample data and test cases.</p>
        </div>
        {!creating && canEditFlows && (
          <button type="button" className="button" onClick={() => setCreating(true)} data-testid="new-mapping">
            New mapping
          </button>
        )}
      </header>
      {creating && <NewMappingForm onCancel={() => setCreating(false)} />}
      <QueryError error={mappings.error} />
      <div className="card">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Target</th>
              <th scope="col" className="num">
                Tests
              </th>
              <th scope="col">Version</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {mappings.isPending && (
              <tr>
                <td colSpan={5} className="empty">
                  Loading…
                </td>
              </tr>
            )}
            {mappings.data?.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  No mappings yet. Create one to map a sample document with a live preview.
                </td>
              </tr>
            )}
            {mappings.data?.map((m) => (
              <tr key={m.id} data-testid="mapping-row" data-mapping-name={m.name}>
                <td>
                  <Link href={`/mappings/${m.id}`} className="strong">
                    {m.name}
                  </Link>
                  {m.description && <div className="muted small">{m.description}</div>}
                </td>
                <td>{m.targetSchema ? <span className="tag">{m.targetSchema}</span> : <span className="muted">—</span>}</td>
                <td className="num">{m.testCount}</td>
                <td>
                  <span className="tag tag-published">v{m.version}</span>
                </td>
                <td className="muted" title={m.updatedAt.toLocaleString()}>
                  {formatRelative(m.updatedAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function NewMappingForm({ onCancel }: { onCancel(): void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const schemas = useQuery(trpc.mappings.targetSchemas.queryOptions(undefined, { staleTime: Infinity }));
  const [name, setName] = useState("");
  const [targetSchema, setTargetSchema] = useState("");
  const create = useMutation(
    trpc.mappings.create.mutationOptions({
      onSuccess: async (row) => {
        await queryClient.invalidateQueries(trpc.mappings.list.queryFilter());
        router.push(`/mappings/${row.id}`);
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, targetSchema: targetSchema || null });
  };

  return (
    <form className="card new-mapping" onSubmit={submit} data-testid="new-mapping-form">
      <label className="field field-grow">
        Name
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="Shopify order → SalesOrder" required maxLength={200} autoFocus data-testid="new-mapping-name" />
      </label>
      <label className="field">
        Target schema
        <select value={targetSchema} onChange={(e) => setTargetSchema(e.target.value)} data-testid="new-mapping-target">
          <option value="">None</option>
          {schemas.data?.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <div className="new-mapping-actions">
        <button type="submit" className="button" disabled={create.isPending || name.trim() === ""} data-testid="create-mapping">
          Create
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {create.error && (
        <p className="notice notice-error new-mapping-error" role="alert">
          {create.error.message}
        </p>
      )}
    </form>
  );
}
