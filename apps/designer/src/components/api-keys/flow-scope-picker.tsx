"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";

/** null = every flow (including flows created later); otherwise the chosen flow ids. */
export type FlowScope = string[] | null;

/** "All flows" or a checkbox per flow. */
export function FlowScopePicker({ value, onChange }: { value: FlowScope; onChange: (value: FlowScope) => void }) {
  const trpc = useTRPC();
  const flows = useQuery(trpc.flows.list.queryOptions(undefined, { staleTime: 30_000 }));
  const selected = new Set(value ?? []);
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChange([...next]);
  };

  return (
    <fieldset className="scope-picker" data-testid="api-key-scope">
      <legend>Flows it may invoke</legend>
      <label className="check">
        <input type="checkbox" checked={value === null} onChange={(e) => onChange(e.target.checked ? null : [])} data-testid="api-key-all-flows" />
        All flows, including ones created later
      </label>
      {value !== null && (
        <div className="scope-list">
          {flows.isPending && <span className="muted">Loading flows…</span>}
          {flows.data?.length === 0 && <span className="muted">No flows yet.</span>}
          {flows.data?.map((flow) => (
            <label key={flow.id} className="check">
              <input type="checkbox" checked={selected.has(flow.id)} onChange={() => toggle(flow.id)} data-testid="api-key-flow" data-flow-name={flow.name} />
              {flow.name}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
