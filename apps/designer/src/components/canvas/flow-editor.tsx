"use client";

import type { FlowDefinition, FlowNode, Problem } from "@ipaas/flow";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { FlowConnectionsHealth } from "@/components/connections/health";
import { FlowSettingsPanel } from "@/components/flow-settings/flow-settings-panel";
import { QueryError } from "@/components/query-error";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";
import { paletteEntries } from "./entries";
import { FlowCanvas } from "./flow-canvas";
import { NodePanelSlot } from "./node-panel-slot";
import { ReplayBanner } from "./replay-banner";
import { pinRecordedOutputs, resultsFromRun, stepInputs } from "./run-results";
import { EditorToolbar } from "./editor-toolbar";
import type { TestResults } from "./test-results";
import { useAutosave } from "./use-autosave";
import { useFlowDocument } from "./use-flow-document";
import type { RouterOutputs } from "@/trpc/types";

type ReplayData = RouterOutputs["runs"]["replayData"];

/**
 * /flows/[id]: the visual editor of a flow's draft (read-only for viewers/operators and when replaying a run).
 * `replayRunId`: test runs of the draft use that production run's data ("Open in editor with this data").
 */
export function FlowEditor({ flowId, runId, replayRunId = null }: { flowId: string; runId: string | null; replayRunId?: string | null }) {
  const trpc = useTRPC();
  const flow = useQuery(trpc.flows.get.queryOptions({ flowId }));
  const palette = useQuery({ ...trpc.palette.get.queryOptions(), staleTime: 5 * 60_000 });
  const run = useQuery({ ...trpc.runs.byId.queryOptions({ id: runId ?? "" }), enabled: runId !== null });
  const replay = useQuery({ ...trpc.runs.replayData.queryOptions({ id: replayRunId ?? "" }), enabled: replayRunId !== null });
  const me = useMe();

  const error = flow.error ?? palette.error ?? run.error ?? replay.error;
  if (error) return <div className="page"><QueryError error={error} /></div>;
  if (!flow.data || !palette.data || me.isLoading || (runId && !run.data) || (replayRunId && !replay.data)) return <div className="page"><p className="muted">Loading…</p></div>;

  // Type-only import of @ipaas/flow in the browser (its runtime code needs Node); saveDraft validated the draft.
  const draft = flow.data.draft as Partial<FlowDefinition> | null;
  if (!draft || !Array.isArray(draft.nodes) || !Array.isArray(draft.edges)) return <div className="page"><p className="notice notice-error">This flow&apos;s draft does not load.</p></div>;
  return (
    <ReactFlowProvider>
      <LoadedEditor
        // A different flow (or run) is a different document: start a fresh history.
        key={`${flowId}:${runId ?? ""}`}
        flowId={flowId}
        runId={runId}
        // Drafts saved before sticky notes existed have no notes array.
        initial={{ ...(draft as FlowDefinition), notes: draft.notes ?? [] }}
        palette={palette.data}
        canEdit={me.canEditFlows}
        initialResults={run.data ? resultsFromRun(run.data.steps) : {}}
        replay={replay.data}
      />
    </ReactFlowProvider>
  );
}

function LoadedEditor(props: {
  flowId: string;
  runId: string | null;
  initial: FlowDefinition;
  palette: Parameters<typeof paletteEntries>[0];
  canEdit: boolean;
  initialResults: TestResults;
  replay?: ReplayData | undefined;
}) {
  const { flowId, runId, canEdit } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const readOnly = !canEdit || runId !== null;
  const doc = useFlowDocument(props.initial);
  const { definition } = doc;
  const autosave = useAutosave(flowId, definition, !readOnly);
  const flow = useQuery(trpc.flows.get.queryOptions({ flowId }));
  const problems = useQuery(trpc.flows.validate.queryOptions({ flowId }));
  const environments = useQuery(trpc.connections.environments.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() });
  const setEnvironment = useMutation(trpc.flows.setEnvironment.mutationOptions({ onSettled: refresh }));
  const publish = useMutation(trpc.flows.publish.mutationOptions({ onSettled: refresh }));
  const testRun = useMutation(trpc.flows.testRun.mutationOptions());
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [results, setResults] = useState<TestResults>(props.initialResults);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const router = useRouter();
  const [replay, setReplay] = useState(props.replay);
  const [pin, setPin] = useState(true);
  const pinnable = useMemo(() => (replay ? pinRecordedOutputs(definition, replay.outputs).pinned.length : 0), [replay, definition]);

  const entries = useMemo(() => paletteEntries(props.palette), [props.palette]);
  const icons = useMemo(() => new Map(props.palette.connectors.map((c) => [c.id, c.icon])), [props.palette]);
  // Problems belong to the saved draft; while an edit is unsaved they may be one step behind.
  const problemList: Problem[] = useMemo(() => (problems.data ?? []) as Problem[], [problems.data]);
  const problemsByNode = useMemo(() => {
    const map = new Map<string, Problem[]>();
    for (const p of problemList) if (p.nodeId) map.set(p.nodeId, [...(map.get(p.nodeId) ?? []), p]);
    return map;
  }, [problemList]);
  const context = useMemo(() => ({ problemsByNode, testResults: results, connectorIcon: (id: string) => icons.get(id) ?? null }), [problemsByNode, results, icons]);

  const environment = flow.data?.environment ?? "";
  const selectedNode = selected.size === 1 ? definition.nodes.find((n) => selected.has(n.id)) : undefined;

  const changeNode = useCallback((node: FlowNode) => doc.commit((d) => ({ ...d, nodes: d.nodes.map((n) => (n.id === node.id ? node : n)) }), `node:${node.id}`), [doc]);

  const confirmEnvironment = () => !/^prod/i.test(environment) || window.confirm(`"${environment}" uses live systems: a test run really calls them. Run anyway?`);

  async function testFlow() {
    if (!confirmEnvironment()) return;
    // With a production run's data: its payload, and its connector steps' outputs pinned for this test only.
    const data = replay ? { payload: replay.payload, definition: pin ? pinRecordedOutputs(definition, replay.outputs).definition : definition } : { definition };
    const r = await testRun.mutateAsync({ flowId, ...data, environment, confirmProduction: /^prod/i.test(environment) });
    setResults(r.nodes);
  }

  async function testStep(nodeId: string) {
    if (!confirmEnvironment()) return;
    const r = await testRun.mutateAsync({ flowId, definition, environment, nodeId, ...stepInputs(definition, nodeId, results), confirmProduction: /^prod/i.test(environment) });
    setResults((prev) => ({ ...prev, ...r.nodes }));
  }

  async function doPublish(message: string) {
    await autosave.flush();
    return publish.mutateAsync({ flowId, message });
  }

  const flowProblems = problemList.filter((p) => p.nodeId === null);
  return (
    <div className="editor-page">
      <EditorToolbar
        flowId={flowId}
        name={flow.data?.name ?? ""}
        publishedVersion={flow.data?.publishedVersion ?? null}
        enabled={flow.data?.enabled ?? true}
        environment={environment}
        environments={(environments.data ?? []).map((e) => e.name)}
        canEdit={canEdit}
        readOnly={readOnly}
        runId={runId}
        saveState={autosave.state}
        saveError={autosave.error}
        problemCount={problemList.length}
        testing={testRun.isPending}
        onEnvironment={(env) => setEnvironment.mutate({ flowId, environment: env })}
        onTestFlow={() => void testFlow().catch(() => undefined)}
        onPublish={doPublish}
        onSettings={() => setSettingsOpen((open) => !open)}
      />
      {replay && !readOnly && (
        <ReplayBanner
          runId={replay.runId}
          version={replay.version}
          pinnable={pinnable}
          pin={pin}
          onPin={setPin}
          testing={testRun.isPending}
          onTest={() => void testFlow().catch(() => undefined)}
          onClose={() => {
            setReplay(undefined);
            router.replace(`/flows/${flowId}`);
          }}
        />
      )}
      <QueryError error={setEnvironment.error ?? publish.error ?? testRun.error} />
      <FlowConnectionsHealth flowId={flowId} />
      {flowProblems.length > 0 && (
        <div className="editor-problems" data-testid="flow-problems">
          {flowProblems.map((p, i) => (
            <span key={i} className="notice notice-error" style={{ marginLeft: 0 }}>
              {p.message}
            </span>
          ))}
        </div>
      )}
      <div className={`editor-body${readOnly ? " editor-body-readonly" : ""}`}>
        <FlowCanvas doc={doc} readOnly={readOnly} entries={entries} selected={selected} onSelect={setSelected} context={context} />
        <aside className="node-panel-column" data-testid="node-panel">
          {settingsOpen ? (
            <FlowSettingsPanel
              flowId={flowId}
              flowName={flow.data?.name ?? ""}
              environment={environment}
              definition={definition}
              problems={problemList}
              readOnly={readOnly}
              onChange={(settings, field) => doc.commit((d) => ({ ...d, settings: settings as FlowDefinition["settings"] }), `settings:${field}`)}
              onClose={() => setSettingsOpen(false)}
            />
          ) : selectedNode ? (
            <NodePanelSlot
              flowId={flowId}
              environment={environment}
              definition={definition}
              node={selectedNode}
              problems={problemsByNode.get(selectedNode.id) ?? []}
              {...(results[selectedNode.id] ? { testResult: results[selectedNode.id] } : {})}
              readOnly={readOnly}
              onChange={changeNode}
              {...(readOnly ? {} : { onTestStep: () => void testStep(selectedNode.id).catch(() => undefined) })}
            />
          ) : (
            <div className="node-panel-body">
              <p className="muted small">{selected.size > 1 ? `${selected.size} steps selected.` : "Select a step to configure it."}</p>
              <ProblemList problems={problemList} nodes={definition.nodes} onSelect={(id) => setSelected(new Set([id]))} />
            </div>
          )}
        </aside>
      </div>
    </div>
  );
}

function ProblemList({ problems, nodes, onSelect }: { problems: Problem[]; nodes: FlowNode[]; onSelect(id: string): void }) {
  if (problems.length === 0) return <p className="muted small">No problems.</p>;
  return (
    <ul className="problem-list" data-testid="problem-list">
      {problems.map((p, i) => {
        const node = nodes.find((n) => n.id === p.nodeId);
        return (
          <li key={i}>
            {node ? (
              <button type="button" className="link-button" onClick={() => onSelect(node.id)}>
                {node.name}
              </button>
            ) : (
              <span className="strong">Flow</span>
            )}
            : <span className="small">{p.message}</span>
          </li>
        );
      })}
    </ul>
  );
}
