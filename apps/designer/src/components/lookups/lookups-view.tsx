"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { InlineConfirm } from "@/components/inline-confirm";
import { QueryError } from "@/components/query-error";
import { DataTable, type Column } from "@/components/ui/data-table";
import { useMe } from "@/hooks/use-me";
import { formatRelative } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { EnvironmentSelect, useLookupEnvironment } from "./lookup-environment";

type LookupTable = RouterOutputs["lookups"]["tables"][number];

const tableColumns = (environment: string): Column<LookupTable>[] => [
  {
    header: "Name",
    cell: (t) => (
      <>
        <Link href={`/lookups/${t.id}?environment=${encodeURIComponent(environment)}`} className="strong mono" data-testid="lookup-table-link">
          {t.name}
        </Link>
        {t.description && <div className="muted small">{t.description}</div>}
      </>
    ),
  },
  { header: `Entries in ${environment}`, headerClassName: "num", className: "num", cell: (t) => t.entryCount.toLocaleString() },
  { header: "Updated", className: "muted", cellProps: (t) => ({ title: t.updatedAt.toLocaleString() }), cell: (t) => formatRelative(t.updatedAt) },
];

/** Cross-reference tables flows read with `$lookup` and the lookup node; analysts and admins edit them. */
export function LookupsView() {
  const trpc = useTRPC();
  const { environment, setEnvironment, names } = useLookupEnvironment();
  const tables = useQuery(trpc.lookups.tables.queryOptions({ environment }));
  const { canEditFlows } = useMe();
  const [creating, setCreating] = useState(false);
  const columns = canEditFlows ? [...tableColumns(environment), { header: "Actions", srOnly: true, className: "actions", cell: (t: LookupTable) => <DeleteTable table={t} /> }] : tableColumns(environment);

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>Lookups</h1>
          <p className="muted">
            Cross-reference tables (SKU → item, location codes, …) that flows read by name with <code>$lookup(&quot;table&quot;, key)</code> and the lookup node. Each
            environment has its own entries: a flow reads those of its environment.
          </p>
        </div>
        <EnvironmentSelect environment={environment} names={names} onChange={setEnvironment} />
        {!creating && canEditFlows && (
          <button type="button" className="button" onClick={() => setCreating(true)} data-testid="new-lookup-table">
            New table
          </button>
        )}
      </header>
      {creating && <NewTableForm environment={environment} onCancel={() => setCreating(false)} />}
      <QueryError error={tables.error} />
      <DataTable
        columns={columns}
        rows={tables.data}
        rowKey={(t) => t.id}
        rowProps={(t) => ({ "data-testid": "lookup-table-row", "data-table-name": t.name })}
        loading={tables.isPending}
        empty="No cross-reference tables yet."
        wrapperClassName="card"
      />
    </div>
  );
}

function DeleteTable({ table }: { table: LookupTable }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(trpc.lookups.deleteTable.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.lookups.pathFilter()) }));
  if (!confirming) {
    return (
      <button type="button" className="button button-secondary button-small button-danger" onClick={() => setConfirming(true)} data-testid="delete-lookup-table">
        Delete
      </button>
    );
  }
  return (
    <>
      <InlineConfirm
        question={`Delete ${table.name} and its entries in every environment? Flows that read it will fail.`}
        confirmLabel="Delete"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: table.id }, { onSettled: () => setConfirming(false) })}
        onCancel={() => setConfirming(false)}
        testId="confirm-delete-lookup-table"
        label={`Delete ${table.name}`}
      />
      <QueryError error={remove.error} />
    </>
  );
}

function NewTableForm({ environment, onCancel }: { environment: string; onCancel(): void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const create = useMutation(
    trpc.lookups.createTable.mutationOptions({
      onSuccess: async (table) => {
        await queryClient.invalidateQueries(trpc.lookups.tables.queryFilter());
        router.push(`/lookups/${table.id}?environment=${encodeURIComponent(environment)}`);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, description });
  };

  return (
    <form className="card new-mapping" onSubmit={submit} data-testid="new-lookup-table-form">
      <label className="field field-grow">
        Name (flows use it)
        <input className="input mono" value={name} onChange={(e) => setName(e.target.value)} placeholder="netsuite-item" required maxLength={100} autoFocus data-testid="new-lookup-table-name" />
      </label>
      <label className="field field-grow">
        Description
        <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Shopify SKU → NetSuite item id" maxLength={500} />
      </label>
      <div className="new-mapping-actions">
        <button type="submit" className="button" disabled={create.isPending || name.trim() === ""} data-testid="create-lookup-table">
          Create
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <QueryError error={create.error} />
    </form>
  );
}
