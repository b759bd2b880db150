"use client";

import type { Problem } from "@ipaas/flow";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import { ChoiceSelect } from "./choice-select";
import { FieldProblems } from "./field-problems";
import { subflowChoices } from "./flow-choices";

/**
 * A flow chosen by name, keeping its id: the subflow step's target, and the flow settings'
 * error flow (`label`, `id`, `testId` and `required` tell the two apart).
 */
export function FlowPicker(props: {
  currentFlowId: string;
  value: string | undefined;
  problems: Problem[];
  readOnly: boolean;
  onChange(flowId: string | undefined): void;
  label?: string;
  id?: string;
  testId?: string;
  required?: boolean;
}) {
  const { label = "Flow to call", id = "np-flowId", testId = "config-flowId", required = true } = props;
  const trpc = useTRPC();
  const flows = useQuery(trpc.flows.list.queryOptions(undefined, { staleTime: 30_000 }));
  const choices = subflowChoices(flows.data ?? [], props.currentFlowId, props.value);
  const missing = flows.data !== undefined && props.value !== undefined && !flows.data.some((f) => f.id === props.value);
  return (
    <div className="np-field">
      <label className="np-label" htmlFor={id}>
        {label}
        {required && <span aria-hidden> *</span>}
      </label>
      <ChoiceSelect
        id={id}
        testId={testId}
        value={props.value}
        placeholder="— choose a flow —"
        choices={choices}
        invalid={missing || props.problems.length > 0}
        readOnly={props.readOnly}
        onChange={props.onChange}
      />
      <FieldProblems problems={props.problems} local={missing ? "that flow no longer exists: choose another" : undefined} />
    </div>
  );
}
