"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { useTRPC } from "@/trpc/client";
import "./lookups.css";

/** The environment whose entries the page shows (`?environment=`, default sandbox like flows): each environment has its own values. */
export function useLookupEnvironment(): { environment: string; setEnvironment(name: string): void; names: string[] } {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const environments = useQuery(trpc.connections.environments.queryOptions());
  const environment = params.get("environment") || "sandbox";
  const names = environments.data?.map((e) => e.name) ?? [environment];
  return { environment, names, setEnvironment: (name) => router.replace(`${pathname}?environment=${encodeURIComponent(name)}`, { scroll: false }) };
}

export function EnvironmentSelect({ environment, names, onChange }: { environment: string; names: string[]; onChange(name: string): void }) {
  return (
    <label className="field lookup-environment">
      Environment
      <select className="input" value={environment} onChange={(e) => onChange(e.target.value)} data-testid="lookup-environment">
        <NameOptions names={names} />
      </select>
    </label>
  );
}

/** "Copy entries from environment X" into the environment shown: add only missing keys, overwrite, or replace. */
export function CopyEntriesPanel({ tableId, environment, names, onDone }: { tableId: string; environment: string; names: string[]; onDone(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const others = names.filter((name) => name !== environment);
  const [from, setFrom] = useState(others[0] ?? "");
  const [mode, setMode] = useState<"add" | "merge" | "replace">("add");
  const copy = useMutation(trpc.lookups.copyEntries.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.lookups.pathFilter()) }));
  return (
    <section className="card lookup-import" data-testid="lookup-copy" aria-label={`Copy entries into ${environment}`}>
      <h2>Copy entries into {environment}</h2>
      <div className="new-mapping-actions">
        <label className="field">
          From
          <select className="input" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="lookup-copy-from">
            <NameOptions names={others} />
          </select>
        </label>
        <label className="field">
          How
          <select className="input" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} data-testid="lookup-copy-mode">
            <option value="add">Add missing keys (keep {environment}&apos;s values)</option>
            <option value="merge">Merge (overwrite {environment}&apos;s values)</option>
            <option value="replace">Replace ({environment} holds exactly the copy)</option>
          </select>
        </label>
        <button type="button" className="button" disabled={!from || copy.isPending} onClick={() => copy.mutate({ tableId, environment, from, mode })} data-testid="lookup-copy-commit">
          Copy
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Close
        </button>
      </div>
      <QueryError error={copy.error} />
      {copy.data && (
        <p className="notice notice-success" role="status" data-testid="lookup-copy-done">
          Copied from {from}: {copy.data.inserted.toLocaleString()} added, {copy.data.updated.toLocaleString()} updated
          {copy.data.deleted ? `, ${copy.data.deleted.toLocaleString()} removed first` : ""}.
        </p>
      )}
    </section>
  );
}

const NameOptions = ({ names }: { names: string[] }) => names.map((name) => <option key={name} value={name}>{name}</option>);
