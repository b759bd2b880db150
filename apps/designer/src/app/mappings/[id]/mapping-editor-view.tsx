"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { MappingWorkspace } from "@/components/mapping/mapping-workspace";
import { QueryError } from "@/components/query-error";
import { useTRPC } from "@/trpc/client";

export function MappingEditorView({ id }: { id: string }) {
  const trpc = useTRPC();
  // Always the latest saved version on opening (a cached copy would make the first
  // save a conflict with someone else's edit); after that the workspace owns its copy.
  const mapping = useQuery(trpc.mappings.get.queryOptions({ id }, { refetchOnMount: "always", refetchOnReconnect: false }));
  const [reloads, setReloads] = useState(0);
  const targetSchemas = useQuery(trpc.mappings.targetSchemas.queryOptions(undefined, { staleTime: Infinity }));
  const functionDocs = useQuery(trpc.mappings.functionDocs.queryOptions(undefined, { staleTime: Infinity }));
  const error = mapping.error ?? targetSchemas.error ?? functionDocs.error;

  if (error) {
    return (
      <div className="page">
        <p className="breadcrumb">
          <Link href="/mappings">← Mappings</Link>
        </p>
        <QueryError error={error} />
      </div>
    );
  }
  if (!mapping.data || !mapping.isFetchedAfterMount || !targetSchemas.data || !functionDocs.data) {
    return (
      <div className="page">
        <p className="muted">Loading…</p>
      </div>
    );
  }
  return (
    <MappingWorkspace
      // "Load their version" after a conflict remounts, so every pane starts from the new data;
      // a save only updates the cache (the workspace already shows what it saved).
      key={`${id}:${reloads}`}
      mapping={mapping.data}
      targetSchemas={targetSchemas.data}
      functionDocs={functionDocs.data}
      onReload={() => void mapping.refetch().then(() => setReloads((n) => n + 1))}
    />
  );
}
