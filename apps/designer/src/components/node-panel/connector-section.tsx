"use client";

import type { FlowNode, Problem } from "@ipaas/flow";
import type { CompletionData } from "@/lib/jsonata/completion";
import type { RouterOutputs } from "@/trpc/types";
import { ActionInput } from "./action-input";
import { ChoiceSelect } from "./choice-select";
import { ConnectionPicker } from "./connection-picker";
import { problemsAt } from "./config-fields";
import { FieldProblems } from "./field-problems";

type Connector = RouterOutputs["palette"]["get"]["connectors"][number];

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/** What the node does with its connector: the actions, polls or webhook events it can pick from. */
function choicesOf(type: FlowNode["type"], connector: Connector | undefined): Array<{ key: string; name: string; description: string; sideEffect?: boolean }> {
  if (!connector) return [];
  if (type === "trigger.poll") return connector.polls.map((p) => ({ key: p.key, name: p.name, description: p.description }));
  if (type === "trigger.webhook") return connector.webhookEvents.map((e) => ({ key: e.topic, name: e.topic, description: e.description }));
  return connector.actions.map((a) => ({ key: a.key, name: a.name, description: a.description, sideEffect: a.sideEffect }));
}

/** Connector, operation (or webhook event), connection and, for actions, the input of a connector step. */
export function ConnectorSection(props: {
  node: FlowNode;
  environment: string;
  connectors: Connector[];
  problems: Problem[];
  completion: CompletionData;
  readOnly: boolean;
  onPatch(patch: Record<string, unknown>): void;
  /** The flow settings' default connection per connector: what an action naming none uses. */
  defaultConnections?: Record<string, string>;
}) {
  const { node } = props;
  const connectorId = str(node.config.connectorId);
  const connector = props.connectors.find((c) => c.id === connectorId);
  const choiceKey = node.type === "trigger.webhook" ? "event" : "operation";
  const chosen = str(node.config[choiceKey]);
  const choices = choicesOf(node.type, connector);
  const choice = choices.find((c) => c.key === chosen);
  const action = node.type === "action" ? connector?.actions.find((a) => a.key === chosen) : undefined;
  const offered = props.connectors.filter((c) => (node.type === "trigger.poll" ? c.polls.length > 0 : node.type === "trigger.webhook" ? c.verifiesWebhooks || c.webhookEvents.length > 0 : c.actions.length > 0));

  return (
    <>
      <div className="np-field">
        <label className="np-label" htmlFor="np-connector">
          Connector{node.type !== "trigger.webhook" && <span aria-hidden> *</span>}
        </label>
        <ChoiceSelect
          id="np-connector"
          testId="node-connector"
          value={connectorId}
          placeholder="— choose a connector —"
          choices={[...offered.map((c) => ({ value: c.id, label: c.name })), ...(connectorId && !connector ? [{ value: connectorId, label: `${connectorId} (not installed)` }] : [])]}
          readOnly={props.readOnly}
          // Operations and connections belong to one connector: switching clears them.
          onChange={(id) => props.onPatch({ connectorId: id, [choiceKey]: undefined, connectionName: undefined, connectionId: undefined })}
        />
        <FieldProblems problems={problemsAt(props.problems, "connectorId")} />
      </div>

      {connectorId && (
        <div className="np-field">
          <label className="np-label" htmlFor="np-operation">
            {node.type === "trigger.webhook" ? "Event" : "Operation"}
            {node.type !== "trigger.webhook" && <span aria-hidden> *</span>}
          </label>
          <ChoiceSelect
            id="np-operation"
            testId="node-operation"
            value={chosen}
            placeholder="— choose —"
            choices={[...choices.map((c) => ({ value: c.key, label: `${c.name}${c.sideEffect ? " ✎" : ""}` })), ...(chosen && !choice ? [{ value: chosen, label: `${chosen} (unknown)` }] : [])]}
            readOnly={props.readOnly}
            onChange={(key) => props.onPatch({ [choiceKey]: key })}
          />
          {choice?.description && <span className="muted small">{choice.description}</span>}
          {choice?.sideEffect && <span className="muted small">✎ changes data in {connector?.name}.</span>}
          <FieldProblems problems={problemsAt(props.problems, choiceKey)} />
        </div>
      )}

      {connectorId && (
        <ConnectionPicker
          connectorId={connectorId}
          environment={props.environment}
          value={str(node.config.connectionName)}
          legacyId={str(node.config.connectionId)}
          problems={[...problemsAt(props.problems, "connectionName"), ...problemsAt(props.problems, "connectionId")]}
          readOnly={props.readOnly}
          {...(node.type === "action" && connectorId && props.defaultConnections?.[connectorId] ? { placeholder: `flow default: ${props.defaultConnections[connectorId]}` } : {})}
          // A name replaces a legacy id: the schema refuses both at once.
          onChange={(name) => props.onPatch(name ? { connectionName: name, connectionId: undefined } : { connectionName: undefined })}
        />
      )}

      {node.type === "action" && (
        <ActionInput
          key={`${connectorId ?? ""}.${chosen ?? ""}`}
          value={typeof node.config.input === "string" ? node.config.input : ""}
          inputSchema={action?.inputSchema}
          sampleInput={action?.sampleInput}
          onChange={(input) => props.onPatch({ input })}
          problems={problemsAt(props.problems, "input")}
          completion={props.completion}
          readOnly={props.readOnly}
        />
      )}
    </>
  );
}
