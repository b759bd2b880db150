import type { FlowDefinition, FlowEdge, FlowNode, NodeType } from "@ipaas/flow";
import { z } from "zod";
import { newId } from "./definition-edits";

/** What Ctrl/Cmd-C puts on the system clipboard: plain JSON, so it pastes into another flow (or another tab). */
// Local schemas: @ipaas/flow's runtime code pulls Node built-ins into the browser bundle,
// so client code imports only its types. saveDraft checks node types on the server.
const clipboardSchema = z.object({
  kind: z.literal("ipaas-flow-fragment"),
  nodes: z.array(
    z.object({
      id: z.string().min(1),
      type: z.string().transform((t) => t as NodeType),
      name: z.string().min(1),
      position: z.object({ x: z.number(), y: z.number() }),
      config: z.record(z.string(), z.unknown()),
    }),
  ),
  edges: z.array(z.object({ id: z.string().min(1), source: z.string().min(1), target: z.string().min(1), sourceHandle: z.string().optional() })),
});
export interface Fragment {
  kind: "ipaas-flow-fragment";
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** The selected nodes and the edges between them (edges leaving the selection are not copied). */
export function copyFragment(definition: FlowDefinition, ids: ReadonlySet<string>): Fragment {
  return {
    kind: "ipaas-flow-fragment",
    nodes: definition.nodes.filter((n) => ids.has(n.id)),
    edges: definition.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

export function parseFragment(text: string): Fragment | null {
  try {
    const parsed = clipboardSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as Fragment) : null;
  } catch {
    return null;
  }
}

/**
 * Adds a fragment with fresh node and edge ids (pasting twice must not collide),
 * shifted by `offset`, and names made unique within the flow. Returns the new
 * definition and the pasted node ids (they become the selection).
 */
export function pasteFragment(
  definition: FlowDefinition,
  fragment: Fragment,
  offset: { x: number; y: number },
  makeId: (prefix: string) => string = newId,
): { definition: FlowDefinition; ids: string[] } {
  const idMap = new Map<string, string>();
  const names = new Set(definition.nodes.map((n) => n.name));
  const nodes: FlowNode[] = fragment.nodes.map((n) => {
    const id = makeId(n.type.replace(/\W/g, "_"));
    idMap.set(n.id, id);
    const name = uniqueName(n.name, names);
    names.add(name);
    return { ...n, id, name, position: { x: n.position.x + offset.x, y: n.position.y + offset.y }, config: structuredClone(n.config) };
  });
  const edges: FlowEdge[] = fragment.edges.flatMap((e) => {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    return source && target ? [{ ...e, id: makeId("e"), source, target }] : [];
  });
  return { definition: { ...definition, nodes: [...definition.nodes, ...nodes], edges: [...definition.edges, ...edges] }, ids: nodes.map((n) => n.id) };
}

export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const base = name.replace(/ \(\d+\)$/, "");
  for (let i = 2; ; i++) {
    const candidate = `${base} (${i})`;
    if (!taken.has(candidate)) return candidate;
  }
}
