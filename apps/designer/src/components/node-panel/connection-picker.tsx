"use client";

import type { Problem } from "@ipaas/flow";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import { ChoiceSelect } from "./choice-select";
import { FieldProblems } from "./field-problems";

/**
 * The connection a connector step uses, by name: the flow's environment decides
 * which connection of that name runs, so only the environment's connections of the
 * node's connector are offered.
 */
export function ConnectionPicker(props: {
  connectorId: string;
  environment: string;
  value: string | undefined;
  /** Older definitions reference a connection by id; picking a name replaces it. */
  legacyId: string | undefined;
  problems: Problem[];
  readOnly: boolean;
  onChange(name: string | undefined): void;
  /** The flow settings' default connection per connector uses its own label and ids. */
  label?: string;
  id?: string;
  testId?: string;
  placeholder?: string;
}) {
  const { label = "Connection", id = "np-connection", testId = "node-connection" } = props;
  const trpc = useTRPC();
  const connections = useQuery(trpc.connections.list.queryOptions({ environment: props.environment, connectorId: props.connectorId }));
  const missing = props.value !== undefined && connections.data !== undefined && !connections.data.some((c) => c.name === props.value);
  return (
    <div className="np-field">
      <label className="np-label" htmlFor={id}>
        {label} <span className="muted">in {props.environment}</span>
      </label>
      <ChoiceSelect
        id={id}
        testId={testId}
        value={props.value}
        placeholder={props.legacyId ? `(by id ${props.legacyId.slice(0, 8)}…)` : (props.placeholder ?? "— choose a connection —")}
        choices={[...(connections.data ?? []).map((c) => ({ value: c.name, label: c.name })), ...(missing && props.value ? [{ value: props.value, label: `${props.value} (missing)` }] : [])]}
        invalid={missing || props.problems.length > 0}
        readOnly={props.readOnly}
        onChange={props.onChange}
      />
      {connections.data?.length === 0 && <span className="muted small">No {props.connectorId} connection in {props.environment} yet; an admin adds one under Connections.</span>}
      <FieldProblems problems={props.problems} local={missing ? `no connection named "${props.value}" in ${props.environment}` : undefined} />
    </div>
  );
}
