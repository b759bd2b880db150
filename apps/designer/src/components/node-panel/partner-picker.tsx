"use client";

import type { Problem } from "@ipaas/flow";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import { ChoiceSelect } from "./choice-select";
import { FieldProblems } from "./field-problems";

/**
 * The trading partner a "Send X12" step sends to, chosen by name among the flow's environment's
 * partners (docs/architecture.md "Trading partners"); the step keeps its id. A stored id no
 * partner has any more stays listed, marked missing.
 */
export function PartnerPicker(props: { environment: string; value: string | undefined; problems: Problem[]; readOnly: boolean; onChange(partnerId: string | undefined): void }) {
  const trpc = useTRPC();
  const partners = useQuery(trpc.partners.list.queryOptions({ environment: props.environment }, { staleTime: 30_000 }));
  const choices = (partners.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.theirIsaId})` }));
  const missing = partners.data !== undefined && props.value !== undefined && !partners.data.some((p) => p.id === props.value);
  if (missing && props.value) choices.push({ value: props.value, label: `(missing partner ${props.value.slice(0, 8)}…)` });
  return (
    <div className="np-field">
      <label className="np-label" htmlFor="np-partnerId">
        Trading partner<span aria-hidden> *</span>
      </label>
      <ChoiceSelect
        id="np-partnerId"
        testId="config-partnerId"
        value={props.value}
        placeholder="— choose a partner —"
        choices={choices}
        invalid={missing || props.problems.length > 0}
        readOnly={props.readOnly}
        onChange={props.onChange}
      />
      {partners.data?.length === 0 && <span className="muted small">No trading partners in {props.environment} yet: add one on the Partners page.</span>}
      <FieldProblems problems={props.problems} local={missing ? "that partner no longer exists in this environment: choose another" : undefined} />
    </div>
  );
}
