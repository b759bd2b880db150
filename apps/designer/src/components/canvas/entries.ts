import type { FlowNode, NodeType } from "@ipaas/flow";
import type { RouterOutputs } from "@/trpc/types";

export type PaletteData = RouterOutputs["palette"]["get"];

/** One thing the palette/quick-add can create: a node type, or a connector's operation/event. */
export interface PaletteEntry {
  /** Stable id: "map", "action:http.request", "trigger.poll:shopify.orders", "trigger.webhook:shopify.orders/create". */
  id: string;
  /** "note": the sticky-note entry, which adds to definition.notes instead of a step. */
  type: NodeType | "note";
  label: string;
  description: string;
  group: string;
  icon: string | null;
  config: Record<string, unknown>;
}

const GROUP_LABELS: Record<string, string> = { trigger: "Triggers", logic: "Logic", data: "Data", connector: "Connectors" };

/** Starting configs: enough that the node is recognisable and the validator names what is left to fill in. */
const DEFAULT_CONFIG: Partial<Record<NodeType, Record<string, unknown>>> = {
  "trigger.schedule": { cron: "0 * * * *" },
  "trigger.poll": { intervalSeconds: 60 },
  action: { input: "$" },
  map: { expression: "$" },
  filter: { condition: "true" },
  branch: { cases: [{ id: "case1", label: "Case 1", condition: "true" }] },
  foreach: { items: "$" },
  lookup: { table: "", key: "$" },
  delay: { ms: 60_000 },
  respond: { body: "$" },
  "edi.send": { set: "856", input: "$" },
};

export function defaultConfig(type: NodeType): Record<string, unknown> {
  return structuredClone(DEFAULT_CONFIG[type] ?? {});
}

export function paletteEntries(data: PaletteData): PaletteEntry[] {
  const entries: PaletteEntry[] = data.nodeTypes
    // The generic "action" entry is replaced by one entry per connector operation below.
    .filter((t) => t.type !== "action")
    .map((t) => ({
      id: t.type,
      type: t.type as NodeType,
      label: t.label,
      description: t.description,
      group: GROUP_LABELS[t.category] ?? t.category,
      icon: null,
      config: defaultConfig(t.type as NodeType),
    }));
  for (const c of data.connectors) {
    for (const a of c.actions) {
      entries.push({ id: `action:${c.id}.${a.key}`, type: "action", label: `${c.name}: ${a.name}`, description: a.description, group: c.name, icon: c.icon, config: { ...defaultConfig("action"), connectorId: c.id, operation: a.key } });
    }
    for (const p of c.polls) {
      entries.push({ id: `trigger.poll:${c.id}.${p.key}`, type: "trigger.poll", label: `${c.name}: poll ${p.name}`, description: p.description, group: c.name, icon: c.icon, config: { ...defaultConfig("trigger.poll"), connectorId: c.id, operation: p.key } });
    }
    // A connector's events arrive signed by it: its connection's signature is the scheme to start from.
    for (const e of c.webhookEvents) {
      entries.push({ id: `trigger.webhook:${c.id}.${e.topic}`, type: "trigger.webhook", label: `${c.name}: on ${e.topic}`, description: e.description, group: c.name, icon: c.icon, config: { connectorId: c.id, event: e.topic, verification: "connection" } });
    }
  }
  entries.push(NOTE_ENTRY);
  return entries;
}

export const NOTE_ENTRY: PaletteEntry = {
  id: "note",
  type: "note",
  label: "Sticky note",
  description: "A note on the canvas for whoever reads the flow next; never runs.",
  group: "Canvas",
  icon: null,
  config: {},
};

/** Case-insensitive match of every word against label, description and id. */
export function searchEntries(entries: PaletteEntry[], query: string): PaletteEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return entries;
  return entries.filter((e) => {
    const hay = `${e.label} ${e.description} ${e.id} ${e.group}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export function nodeFromEntry(entry: PaletteEntry, position: { x: number; y: number }, id: string, takenNames: ReadonlySet<string>): FlowNode {
  const type = entry.type;
  if (type === "note") throw new Error("A sticky note is not a step");
  let name = entry.label;
  for (let i = 2; takenNames.has(name); i++) name = `${entry.label} ${i}`;
  return { id, type, name, position, config: structuredClone(entry.config) };
}

export function iconSrc(svg: string | null): string | null {
  if (!svg) return null;
  return svg.trim().startsWith("<") ? `data:image/svg+xml;utf8,${encodeURIComponent(svg)}` : svg;
}
