"use client";

import type { Problem } from "@ipaas/flow";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import { ChoiceSelect } from "./choice-select";
import { problemsAt } from "./config-fields";
import { FieldProblems } from "./field-problems";
import { ediSetChoices } from "./flow-choices";

/**
 * The EDI trigger (docs/architecture.md "EDI documents"): which trading partner, in the flow's
 * environment, and which transaction set it sends. Every accepted set of that pair starts a run.
 */
export function EdiTriggerFields(props: { environment: string; config: Record<string, unknown>; problems: Problem[]; readOnly: boolean; onPatch(changes: Record<string, unknown>): void }) {
  const trpc = useTRPC();
  const partners = useQuery(trpc.partners.list.queryOptions({ environment: props.environment }, { staleTime: 30_000 }));
  const partnerId = typeof props.config.partnerId === "string" ? props.config.partnerId : undefined;
  const set = typeof props.config.set === "string" ? props.config.set : undefined;
  const partner = partners.data?.find((p) => p.id === partnerId);
  const missing = partners.data !== undefined && partnerId !== undefined && !partner;
  const partnerProblems = problemsAt(props.problems, "partnerId");
  const setProblems = problemsAt(props.problems, "set");
  return (
    <>
      <Picker
        field="partnerId"
        label="Trading partner"
        value={partnerId}
        placeholder={`— choose a partner in ${props.environment} —`}
        choices={(partners.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.theirIsaQualifier}:${p.theirIsaId})` }))}
        problems={partnerProblems}
        local={missing ? `no such partner in ${props.environment}: choose another` : undefined}
        readOnly={props.readOnly}
        onChange={(value) => props.onPatch({ partnerId: value })}
      />
      <Picker
        field="set"
        label="Transaction set"
        value={set}
        placeholder="— choose a set —"
        choices={ediSetChoices(partner?.transactionSets ?? [], set)}
        problems={setProblems}
        readOnly={props.readOnly}
        onChange={(value) => props.onPatch({ set: value })}
      />
      <p className="muted small">Each accepted {set ?? "set"} from this partner starts a run with the set as JSON (`document`, `segments`); a rejected one becomes a dead letter with its raw text.</p>
    </>
  );
}

function Picker(props: {
  field: string;
  label: string;
  value: string | undefined;
  placeholder: string;
  choices: { value: string; label: string }[];
  problems: Problem[];
  local?: string;
  readOnly: boolean;
  onChange(value: string | undefined): void;
}) {
  return (
    <div className="np-field">
      <label className="np-label" htmlFor={`np-${props.field}`}>
        {props.label}
        <span aria-hidden> *</span>
      </label>
      <ChoiceSelect
        id={`np-${props.field}`}
        testId={`config-${props.field}`}
        value={props.value}
        placeholder={props.placeholder}
        choices={props.choices}
        invalid={props.local !== undefined || props.problems.length > 0}
        readOnly={props.readOnly}
        onChange={props.onChange}
      />
      <FieldProblems problems={props.problems} local={props.local} />
    </div>
  );
}
