"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { DataTable, type Column } from "@/components/ui/data-table";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";
import { PartnerForm, type PartnerItem } from "./partner-form";

const COLUMNS: readonly Column<PartnerItem>[] = [
  {
    header: "Name",
    cell: (p) => (
      <Link href={`/partners/${p.id}`} data-testid="partner-link">
        {p.name}
      </Link>
    ),
  },
  { header: "Environment", cell: (p) => p.environment },
  { header: "Them (ISA)", cell: (p) => `${p.theirIsaQualifier}:${p.theirIsaId}` },
  { header: "Version", cell: (p) => `${p.version} · ${p.usageIndicator}` },
  { header: "Sets", cell: (p) => p.transactionSets.map((s) => `${s.set} ${s.direction === "inbound" ? "in" : "out"}`).join(", ") || "—" },
  { header: "Transport", cell: (p) => p.transport?.kind.toUpperCase() ?? "—" },
];

/**
 * EDI trading partners (docs/architecture.md "Trading partners"). Everyone sees them
 * (credentials only as "set"); only admins create, edit and delete.
 */
export function PartnersView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { isAdmin } = useMe();
  const [editing, setEditing] = useState<PartnerItem | "new" | null>(null);
  const partners = useQuery(trpc.partners.list.queryOptions());
  const environments = useQuery(trpc.connections.environments.queryOptions());
  const names = (environments.data ?? []).map((env) => env.name);
  const remove = useMutation(trpc.partners.delete.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.partners.pathFilter()) }));
  const columns: readonly Column<PartnerItem>[] = isAdmin
    ? [
        ...COLUMNS,
        {
          header: "Actions",
          srOnly: true,
          cell: (p) => (
            <span className="actions">
              <button type="button" className="link-button" onClick={() => setEditing(p)} data-testid="edit-partner">
                Edit
              </button>
              <button type="button" className="link-button" onClick={() => window.confirm(`Delete trading partner "${p.name}"?`) && remove.mutate({ id: p.id })} data-testid="delete-partner">
                Delete
              </button>
            </span>
          ),
        },
      ]
    : COLUMNS;

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>Partners</h1>
          <p className="muted">EDI trading partners: who they are in X12 envelopes, which documents go which way, how they travel, and when acknowledgements are due.</p>
        </div>
        {isAdmin && editing === null && (
          <button type="button" className="button" onClick={() => setEditing("new")} disabled={names.length === 0} data-testid="new-partner">
            New partner
          </button>
        )}
      </header>
      {editing === "new" && <PartnerForm mode="create" environment={names.includes("sandbox") ? "sandbox" : (names[0] ?? "")} environments={names} onDone={() => setEditing(null)} />}
      {editing !== null && editing !== "new" && <PartnerForm key={editing.id} mode="edit" partner={editing} environments={names} onDone={() => setEditing(null)} />}
      <QueryError error={partners.error ?? environments.error ?? remove.error} />
      <DataTable columns={columns} rows={partners.data} rowKey={(p) => p.id} rowProps={(p) => ({ "data-testid": "partner-row", "data-name": p.name })} loading={partners.isPending} empty="No trading partners yet." wrapperClassName="card" />
    </div>
  );
}
