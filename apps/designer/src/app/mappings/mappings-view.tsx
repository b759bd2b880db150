"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { LibraryList } from "@/components/mapping/library-list";
import { TargetSchemaOptions } from "@/components/mapping/target-schema-options";
import { QueryError } from "@/components/query-error";
import { Tabs } from "@/components/tabs";
import { DataTable, type Column } from "@/components/ui/data-table";
import { useMe } from "@/hooks/use-me";
import { formatRelative } from "@/lib/format";
import { targetLabel } from "@/lib/target-fields";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";

type MappingItem = RouterOutputs["mappings"]["list"][number];

const MAPPING_COLUMNS: Column<MappingItem>[] = [
  {
    header: "Name",
    cell: (m) => (
      <>
        <Link href={`/mappings/${m.id}`} className="strong">
          {m.name}
        </Link>
        {m.description && <div className="muted small">{m.description}</div>}
      </>
    ),
  },
  { header: "Target", cell: (m) => (m.targetSchema ? <span className="tag">{targetLabel(m.targetSchema)}</span> : <span className="muted">—</span>) },
  { header: "Tests", headerClassName: "num", className: "num", cell: (m) => m.testCount },
  { header: "Version", cell: (m) => <span className="tag tag-published">v{m.version}</span> },
  { header: "Updated", className: "muted", cellProps: (m) => ({ title: m.updatedAt.toLocaleString() }), cell: (m) => formatRelative(m.updatedAt) },
];

type MappingsTab = "mine" | "library";

export function MappingsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  // The tab lives in the query string, so "← Library" from a standard mapping comes back to it.
  const tab: MappingsTab = useSearchParams().get("tab") === "library" ? "library" : "mine";
  const mappings = useQuery({ ...trpc.mappings.list.queryOptions(), enabled: tab === "mine" });
  const [creating, setCreating] = useState(false);
  const { canEditFlows } = useMe();

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>Mappings</h1>
          <p className="muted">JSONata transformations from a source document to a target shape, with sample data and test cases.</p>
        </div>
        {!creating && canEditFlows && tab === "mine" && (
          <button type="button" className="button" onClick={() => setCreating(true)} data-testid="new-mapping">
            New mapping
          </button>
        )}
      </header>
      <Tabs<MappingsTab>
        label="Mappings"
        tabs={[
          { id: "mine", label: "My mappings" },
          { id: "library", label: "Library" },
        ]}
        active={tab}
        onChange={(next) => router.replace(next === "library" ? `${pathname}?tab=library` : pathname, { scroll: false })}
      />
      {tab === "library" ? (
        <LibraryList />
      ) : (
        <>
          {creating && <NewMappingForm onCancel={() => setCreating(false)} />}
          <QueryError error={mappings.error} />
          <DataTable
            columns={MAPPING_COLUMNS}
            rows={mappings.data}
            rowKey={(m) => m.id}
            rowProps={(m) => ({ "data-testid": "mapping-row", "data-mapping-name": m.name })}
            loading={mappings.isPending}
            empty="No mappings yet. Create one, or start from a standard mapping in the Library."
            wrapperClassName="card"
          />
        </>
      )}
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
          {schemas.data && <TargetSchemaOptions schemas={schemas.data} />}
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
