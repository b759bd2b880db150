"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import type { Filter } from "./filters";

/**
 * Flow, error class and assignee apply at once; the business-key search applies on
 * Enter (not per keystroke). The parent remounts this when the URL changes, so the
 * typed search always starts from the applied one.
 */
export function FilterBar({ applied, errorClasses, onApply }: { applied: Filter; errorClasses: string[]; onApply: (filter: Filter) => void }) {
  const trpc = useTRPC();
  const flows = useQuery(trpc.flows.list.queryOptions(undefined, { staleTime: 60_000 }));
  const assignees = useQuery(trpc.deadLetters.assignees.queryOptions(undefined, { staleTime: 60_000 }));
  const [search, setSearch] = useState(applied.search ?? "");
  const set = (patch: Filter) => onApply({ ...applied, search, ...patch });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...applied, search });
  };
  // A value from the URL that no option has (yet) still shows as selected.
  const classes = [...new Set([...errorClasses, ...(applied.errorClass ? [applied.errorClass] : [])])];
  const hasFilters = Object.values(applied).some(Boolean);

  return (
    <form className="card dl-filters" onSubmit={submit} data-testid="dl-filters">
      <label className="field">
        Flow
        <select value={applied.flowId ?? ""} onChange={(e) => set({ flowId: e.target.value, nodeId: "" })} data-testid="dl-filter-flow">
          <option value="">All flows</option>
          {flows.data?.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Error class
        <select value={applied.errorClass ?? ""} onChange={(e) => set({ errorClass: e.target.value })} data-testid="dl-filter-error-class">
          <option value="">All classes</option>
          {classes.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Assignee
        <select value={applied.assignee ?? ""} onChange={(e) => set({ assignee: e.target.value })} data-testid="dl-filter-assignee">
          <option value="">Anyone</option>
          <option value="me">Me</option>
          <option value="unassigned">Unassigned</option>
          {assignees.data?.map((u) => (
            <option key={u.id} value={u.id}>
              {u.email}
            </option>
          ))}
        </select>
      </label>
      <label className="field dl-search">
        Business key
        <input className="input" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="#1001 (Enter to search)" data-testid="dl-search" />
      </label>
      <div className="dl-filter-actions">
        <button type="submit" className="button button-secondary">
          Search
        </button>
        {hasFilters && (
          <button type="button" className="button button-secondary" onClick={() => onApply({})} data-testid="dl-filter-clear">
            Clear
          </button>
        )}
      </div>
    </form>
  );
}
