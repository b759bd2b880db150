"use client";

import type { FlowDefinition, FlowNode, Problem } from "@ipaas/flow";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Tabs } from "@/components/tabs";
import { collectPaths } from "@/lib/json-paths";
import type { CompletionData } from "@/lib/jsonata/completion";
import { useTRPC } from "@/trpc/client";
import { BranchCasesEditor } from "./branch-cases-editor";
import { ConfigForm } from "./config-form";
import { ConnectorSection } from "./connector-section";
import { WebhookVerificationField } from "./webhook-verification";
import { patchConfig, problemsAt, shortMessage, unplacedProblems } from "./config-fields";
import { inputSampleOf } from "./input-sample";
import { DataTab } from "./data-tab";
import { dedicatedKeys, EXPRESSION_KEYS, usesConnector } from "./expression-keys";
import { FieldProblems } from "./field-problems";
import { EdiTriggerFields } from "./edi-trigger";
import { FlowPicker } from "./flow-picker";
import { MapSource } from "./map-source";
import { PartnerPicker } from "./partner-picker";
import { NodeOverrides } from "./node-overrides";
import { deriveFields } from "./schema-form";
import type { NodeTestResult } from "@/components/canvas/test-results";
import "./node-panel.css";

export type { NodeTestResult } from "@/components/canvas/test-results";

type Tab = "settings" | "data";

/**
 * The side panel for the selected node: its name and a config form generated from
 * the node type's JSON Schema (palette), with dedicated controls for connectors,
 * action input, saved mappings and branch cases; and its test data. Every edit goes
 * out as a whole new node through onChange; the canvas owns the definition.
 */
export function NodePanel(props: NodePanelProps) {
  // Keyed by node: tabs, editor modes and half-typed values belong to one node, not to the panel.
  return <NodePanelFor key={props.node.id} {...props} />;
}

export interface NodePanelProps {
  flowId: string;
  environment: string;
  definition: FlowDefinition;
  node: FlowNode;
  problems: Problem[];
  testResult?: NodeTestResult;
  readOnly: boolean;
  onChange(node: FlowNode): void;
  onTestStep?(): void;
}

function NodePanelFor(props: NodePanelProps) {
  const { node, readOnly } = props;
  const trpc = useTRPC();
  const palette = useQuery({ ...trpc.palette.get.queryOptions(), staleTime: Infinity });
  const functionDocs = useQuery({ ...trpc.mappings.functionDocs.queryOptions(), staleTime: Infinity });
  const [tab, setTab] = useState<Tab>("settings");

  const problems = useMemo(() => props.problems.filter((p) => p.nodeId === node.id), [props.problems, node.id]);
  const input = useMemo(() => inputSampleOf(props.definition, node.id, props.testResult), [props.definition, node.id, props.testResult]);
  const completion = useMemo<CompletionData>(() => ({ paths: input === undefined ? [] : collectPaths(input), functions: functionDocs.data ?? [], targetFields: [] }), [input, functionDocs.data]);

  const entry = palette.data?.nodeTypes.find((t) => t.type === node.type);
  const dedicated = dedicatedKeys(node.type);
  const fields = deriveFields(entry?.configSchema, { expressions: EXPRESSION_KEYS[node.type], omit: dedicated });
  const patch = (changes: Record<string, unknown>) => props.onChange({ ...node, config: patchConfig(node.config, changes) });

  const nameProblems = problems.filter((p) => /^nodes\.\d+\.name$/.test(p.path));
  const general = unplacedProblems(problems, [...fields.map((f) => f.key), ...dedicated]).filter((p) => !nameProblems.includes(p));
  const pinned = node.config.pinnedOutput;

  return (
    <section className="np-panel" aria-label={`Configure ${node.name}`} data-testid="node-settings" data-id={node.id}>
      <header className="np-header">
        <span className="tag">{entry?.label ?? node.type}</span>
        <input
          className={`input np-name${nameProblems.length > 0 || node.name.trim() === "" ? " input-invalid" : ""}`}
          aria-label="Step name"
          value={node.name}
          disabled={readOnly}
          onChange={(e) => props.onChange({ ...node, name: e.target.value })}
          data-testid="node-name"
        />
        <FieldProblems problems={nameProblems} local={node.name.trim() === "" ? "A step needs a name" : undefined} />
        {entry?.description && <p className="muted small np-description">{entry.description}</p>}
        {props.onTestStep && (
          <button
            type="button"
            className="button button-small np-test"
            disabled={readOnly}
            onClick={() => {
              setTab("data");
              props.onTestStep?.();
            }}
            data-testid="test-step"
          >
            Test step
          </button>
        )}
      </header>
      <Tabs<Tab>
        label="Node panel"
        tabs={[
          { id: "settings", label: "Settings", badge: problems.length > 0 ? String(problems.length) : undefined },
          { id: "data", label: "Data", badge: props.testResult ? String(props.testResult.itemCount) : undefined },
        ]}
        active={tab}
        onChange={setTab}
      />
      <div className="np-body">
        {tab === "settings" ? (
          <div className="np-settings" role="tabpanel" aria-labelledby="tab-settings">
            {general.length > 0 && (
              <ul className="np-general-problems">
                {general.map((p) => (
                  <li key={`${p.code}:${p.path}:${p.message}`} className="notice notice-error" data-testid="node-problem">
                    {shortMessage(p)}
                  </li>
                ))}
              </ul>
            )}
            {palette.isError && <p className="notice notice-error">Could not load the node types: {palette.error.message}</p>}
            {node.type === "trigger.webhook" && <WebhookVerificationField config={node.config} problems={problems} readOnly={readOnly} onPatch={patch} />}
            {node.type === "trigger.edi" && <EdiTriggerFields environment={props.environment} config={node.config} problems={problems} readOnly={readOnly} onPatch={patch} />}
            {usesConnector(node.type) && (
              <ConnectorSection
                node={node}
                environment={props.environment}
                connectors={palette.data?.connectors ?? []}
                problems={problems}
                completion={completion}
                readOnly={readOnly}
                onPatch={patch}
                defaultConnections={props.definition.settings?.defaultConnections}
              />
            )}
            {node.type === "map" && <MapSource config={node.config} onChange={patch} problems={problems} completion={completion} readOnly={readOnly} />}
            {node.type === "subflow" && (
              <FlowPicker
                currentFlowId={props.flowId}
                value={typeof node.config.flowId === "string" ? node.config.flowId : undefined}
                problems={problemsAt(problems, "flowId")}
                readOnly={readOnly}
                onChange={(flowId) => patch({ flowId })}
              />
            )}
            {node.type === "edi.send" && (
              <PartnerPicker
                environment={props.environment}
                value={typeof node.config.partnerId === "string" ? node.config.partnerId : undefined}
                problems={problemsAt(problems, "partnerId")}
                readOnly={readOnly}
                onChange={(partnerId) => patch({ partnerId })}
              />
            )}
            {node.type === "branch" && <BranchCasesEditor config={node.config} onChange={(cases) => patch({ cases })} problems={problems} completion={completion} readOnly={readOnly} />}
            <ConfigForm fields={fields} values={node.config} onChange={(key, value) => patch({ [key]: value })} problems={problems} completion={completion} readOnly={readOnly} />
            {!node.type.startsWith("trigger.") && <NodeOverrides node={node} problems={problems} completion={completion} readOnly={readOnly} onPatch={patch} />}
            {input === undefined && EXPRESSION_KEYS[node.type] && <p className="muted small">Test an earlier step or pin sample data to get field suggestions while typing.</p>}
          </div>
        ) : (
          <div role="tabpanel" aria-labelledby="tab-data">
            <DataTab
              input={input}
              testResult={props.testResult}
              pinned={pinned}
              readOnly={readOnly}
              onPin={(output) => patch({ pinnedOutput: output })}
              onUnpin={() => patch({ pinnedOutput: undefined })}
            />
          </div>
        )}
      </div>
    </section>
  );
}
