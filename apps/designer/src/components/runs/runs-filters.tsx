"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import { hasFilters, parseStatuses, RANGES, RUN_STATUSES, STATUS_GROUPS, STATUS_LABELS, statusKey, type RangeChoice, type RunFilters } from "./filters";
import "./runs.css";

/**
 * The explorer's filter bar. Dropdowns apply at once; the search box and the
 * custom time range apply on Enter / "Apply" (not per keystroke). The parent
 * remounts this with the URL, so the draft always starts from the applied filters.
 */
export function RunsFilters({ applied, onApply }: { applied: RunFilters; onApply(filters: RunFilters): void }) {
  const trpc = useTRPC();
  const flows = useQuery({ ...trpc.flows.list.queryOptions(), staleTime: 60_000 });
  const connectors = useQuery({ ...trpc.connections.connectors.queryOptions(), staleTime: 5 * 60_000 });
  const errorClasses = useQuery({ ...trpc.runs.errorClasses.queryOptions(), staleTime: 30_000 });
  const [draft, setDraft] = useState<RunFilters>(applied);

  const change = (patch: Partial<RunFilters>) => onApply({ ...draft, ...patch });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };

  // Values from a shared link that no option lists (yet) still show as selected.
  const withApplied = (options: string[], value: string | undefined) => [...new Set([...options, ...(value ? [value] : [])])];
  const status = statusKey(applied.status);
  const statusOptions = [
    ...RUN_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
    ...STATUS_GROUPS.map((g) => ({ value: statusKey(g.value), label: g.label })),
  ];
  if (status && !statusOptions.some((o) => o.value === status)) statusOptions.push({ value: status, label: parseStatuses(status).map((s) => STATUS_LABELS[s]).join(" + ") });

  return (
    <form className="card runs-filters" onSubmit={submit} data-testid="runs-filters">
      <label className="field runs-search-field">
        Business key, correlation id or run id
        <input className="input" type="search" value={draft.q ?? ""} onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))} placeholder="#1001" data-testid="runs-search" />
      </label>
      <label className="field">
        Flow
        <select value={applied.flow ?? ""} onChange={(e) => change({ flow: e.target.value || undefined })} data-testid="runs-filter-flow">
          <option value="">All flows</option>
          {(flows.data ?? []).map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
          {applied.flow && !flows.data?.some((f) => f.id === applied.flow) && <option value={applied.flow}>{flows.isPending ? "Loading…" : "(unknown flow)"}</option>}
        </select>
      </label>
      <label className="field">
        Status
        <select value={status} onChange={(e) => change({ status: parseStatuses(e.target.value) })} data-testid="runs-filter-status">
          <option value="">All statuses</option>
          {statusOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Time
        <select value={applied.range ?? ""} onChange={(e) => change({ range: (e.target.value || undefined) as RangeChoice | undefined })} data-testid="runs-range">
          <option value="">Any time</option>
          {RANGES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      {draft.range === "custom" && (
        <>
          <label className="field">
            From
            <input className="input" type="datetime-local" value={draft.from ?? ""} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} data-testid="runs-range-from" />
          </label>
          <label className="field">
            To
            <input className="input" type="datetime-local" value={draft.to ?? ""} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} data-testid="runs-range-to" />
          </label>
        </>
      )}
      <label className="field">
        Connector
        <select value={applied.connector ?? ""} onChange={(e) => change({ connector: e.target.value || undefined })} data-testid="runs-filter-connector">
          <option value="">Any connector</option>
          {withApplied((connectors.data ?? []).map((c) => c.id), applied.connector).map((id) => (
            <option key={id} value={id}>
              {connectors.data?.find((c) => c.id === id)?.name ?? id}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Error class
        <select value={applied.errorClass ?? ""} onChange={(e) => change({ errorClass: e.target.value || undefined })} data-testid="runs-filter-error-class">
          <option value="">Any error</option>
          {withApplied(errorClasses.data ?? [], applied.errorClass).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <div className="runs-filters-actions">
        <button type="submit" className="button" data-testid="runs-filter-apply">
          Apply
        </button>
        {hasFilters(applied) && (
          <button type="button" className="button button-secondary" onClick={() => onApply({})} data-testid="runs-filter-clear">
            Clear
          </button>
        )}
      </div>
    </form>
  );
}
