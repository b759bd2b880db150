"use client";

import type { Problem } from "@ipaas/flow";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import { ChoiceSelect } from "./choice-select";
import { problemsAt } from "./config-fields";
import { FieldProblems } from "./field-problems";

/** Transaction sets a flow usually starts on; a partner's inbound sets come first. */
const COMMON_SETS = ["850", "855", "856", "810", "846", "940", "945", "997"];

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
  const inbound = partner?.transactionSets.filter((s) => s.direction === "inbound").map((s) => s.set) ?? [];
  const sets = [...new Set([...inbound, ...COMMON_SETS, ...(set ? [set] : [])])];
  const partnerProblems = problemsAt(props.problems, "partnerId");
  const setProblems = problemsAt(props.problems, "set");
  return (
    <>
      <div className="np-field">
        <label className="np-label" htmlFor="np-partnerId">
          Trading partner<span aria-hidden> *</span>
        </label>
        <ChoiceSelect
          id="np-partnerId"
          testId="config-partnerId"
          value={partnerId}
          placeholder={`— choose a partner in ${props.environment} —`}
          choices={(partners.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.theirIsaQualifier}:${p.theirIsaId})` }))}
          invalid={missing || partnerProblems.length > 0}
          readOnly={props.readOnly}
          onChange={(value) => props.onPatch({ partnerId: value })}
        />
        <FieldProblems problems={partnerProblems} local={missing ? `no such partner in ${props.environment}: choose another` : undefined} />
      </div>
      <div className="np-field">
        <label className="np-label" htmlFor="np-set">
          Transaction set<span aria-hidden> *</span>
        </label>
        <ChoiceSelect
          id="np-set"
          testId="config-set"
          value={set}
          placeholder="— choose a set —"
          choices={sets.map((s) => ({ value: s, label: inbound.includes(s) ? `${s} (partner sends it)` : s }))}
          invalid={setProblems.length > 0}
          readOnly={props.readOnly}
          onChange={(value) => props.onPatch({ set: value })}
        />
        <FieldProblems problems={setProblems} />
      </div>
      <p className="muted small">Each accepted {set ?? "set"} from this partner starts a run with the set as JSON (`document`, `segments`); a rejected one becomes a dead letter with its raw text.</p>
    </>
  );
}
