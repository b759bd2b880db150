"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import type { AuditFilters as Filters, FilterKey } from "./filters";

/**
 * The filter bar. Typed fields apply on Enter or "Apply" (not on every keystroke,
 * which would query per letter); the action dropdown applies at once. The parent
 * remounts this with the URL, so the draft always starts from the applied filters.
 */
export function AuditFilters({ applied, onApply }: { applied: Filters; onApply: (filters: Filters) => void }) {
  const trpc = useTRPC();
  const actions = useQuery(trpc.audit.actions.queryOptions(undefined, { staleTime: 60_000 }));
  const [draft, setDraft] = useState<Filters>(applied);
  const set = (key: FilterKey) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const hasFilters = Object.values(applied).some(Boolean);
  // An action from the URL that no row has (yet) still shows as selected.
  const actionOptions = [...new Set([...(actions.data ?? []), ...(applied.action ? [applied.action] : [])])];

  return (
    <form className="card audit-filters" onSubmit={submit} data-testid="audit-filters">
      <label className="field">
        Actor email contains
        <input className="input" value={draft.actor ?? ""} onChange={(e) => set("actor")(e.target.value)} placeholder="alice@" data-testid="audit-filter-actor" />
      </label>
      <label className="field">
        Action
        <select value={draft.action ?? ""} onChange={(e) => onApply({ ...draft, action: e.target.value })} data-testid="audit-filter-action">
          <option value="">All actions</option>
          {actionOptions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Target type
        <input className="input" value={draft.targetType ?? ""} onChange={(e) => set("targetType")(e.target.value)} placeholder="apiKey" data-testid="audit-filter-target-type" />
      </label>
      {applied.targetId && (
        <label className="field">
          Target id
          <input className="input mono" value={draft.targetId ?? ""} onChange={(e) => set("targetId")(e.target.value)} data-testid="audit-filter-target-id" />
        </label>
      )}
      <label className="field">
        From
        <input className="input" type="date" value={draft.from ?? ""} onChange={(e) => set("from")(e.target.value)} data-testid="audit-filter-from" />
      </label>
      <label className="field">
        To
        <input className="input" type="date" value={draft.to ?? ""} onChange={(e) => set("to")(e.target.value)} data-testid="audit-filter-to" />
      </label>
      <div className="audit-filters-actions">
        <button type="submit" className="button" data-testid="audit-filter-apply">
          Apply
        </button>
        {hasFilters && (
          <button type="button" className="button button-secondary" onClick={() => onApply({})} data-testid="audit-filter-clear">
            Clear
          </button>
        )}
      </div>
    </form>
  );
}
