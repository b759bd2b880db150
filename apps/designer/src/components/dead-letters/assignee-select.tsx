"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";

/** People a letter can be given to (enabled admins and operators), or nobody. */
export function AssigneeSelect(props: { value: string | null; onChange: (id: string | null) => void; label: string; testId: string; disabled?: boolean }) {
  const trpc = useTRPC();
  const assignees = useQuery(trpc.deadLetters.assignees.queryOptions(undefined, { staleTime: 60_000 }));
  return (
    <label className="field">
      {props.label}
      <select aria-label={props.label || "Assignee"} value={props.value ?? ""} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value || null)} data-testid={props.testId}>
        <option value="">Unassigned</option>
        {assignees.data?.map((u) => (
          <option key={u.id} value={u.id}>
            {u.email}
          </option>
        ))}
      </select>
    </label>
  );
}
