import { z } from "zod";
import { RETRY_CATEGORIES } from "./errors";

/** docs/architecture.md "Flow model". Bump when the definition's shape changes incompatibly. */
export const FLOW_SCHEMA_VERSION = 1;

export const nodeTypes = [
  "trigger.webhook",
  "trigger.schedule",
  "trigger.poll",
  "trigger.manual",
  "trigger.api",
  "trigger.edi",
  "action",
  "map",
  "filter",
  "branch",
  "foreach",
  "lookup",
  "delay",
  "subflow",
  "respond",
  "edi.send",
] as const;
export const nodeTypeSchema = z.enum(nodeTypes);
export type NodeType = z.infer<typeof nodeTypeSchema>;

export const isTriggerType = (type: NodeType) => type.startsWith("trigger.");

export const flowNodeSchema = z.object({
  id: z.string().min(1),
  type: nodeTypeSchema,
  name: z.string().min(1),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  /** Per-type configuration; each node type validates its own (see interpreter). */
  config: z.record(z.string(), z.unknown()).default({}),
});
export type FlowNode = z.infer<typeof flowNodeSchema>;

export const flowEdgeSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  sourceHandle: z.string().optional(),
  target: z.string().min(1),
});
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

export const retryPolicySchema = z.object({
  attempts: z.number().int().min(1).max(100).default(5),
  backoffMs: z.number().int().min(0).default(1000),
  maxDelayMs: z.number().int().min(0).default(5 * 60_000),
  /** Which kinds of retryable failure are retried (`retryCategoryOf`); absent = all of them. */
  retryOn: z.array(z.enum(RETRY_CATEGORIES)).min(1, "choose at least one kind of failure to retry, or set attempts to 1").optional(),
});

export const flowSettingsSchema = z.object({
  retry: retryPolicySchema.default({ attempts: 5, backoffMs: 1000, maxDelayMs: 300_000 }),
  /** JSONata over the trigger payload giving the run's business key (e.g. `name` → "#1001"). */
  businessKey: z.string().optional(),
  /** A flow started with the failed run's context when a run dead-letters (docs/architecture.md "Failures, retries and dead letters"). */
  errorFlowId: z.string().uuid().optional(),
  concurrency: z.number().int().min(1).optional(),
  /** IANA zone for schedules that name none; checked by validate(), not here, so an older draft still loads. */
  timezone: z.string().optional(),
  /** Connector id → connection name (in the flow's environment) for connector steps that name no connection. */
  defaultConnections: z.record(z.string().min(1), z.string().min(1)).optional(),
});
export type FlowSettings = z.infer<typeof flowSettingsSchema>;

/** A sticky note on the canvas: documentation only; validate() and the interpreter never look at notes. */
export const flowNoteSchema = z.object({
  id: z.string().min(1),
  text: z.string().max(5000),
  position: z.object({ x: z.number(), y: z.number() }),
  width: z.number().optional(),
  height: z.number().optional(),
  color: z.enum(["yellow", "blue", "green", "pink"]).default("yellow"),
});
export type FlowNote = z.infer<typeof flowNoteSchema>;
export const noteColors = flowNoteSchema.shape.color.unwrap().options;

export const flowDefinitionSchema = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
  nodes: z.array(flowNodeSchema),
  edges: z.array(flowEdgeSchema),
  notes: z.array(flowNoteSchema).default([]),
  settings: flowSettingsSchema.default({ retry: { attempts: 5, backoffMs: 1000, maxDelayMs: 300_000 } }),
});
export type FlowDefinition = z.infer<typeof flowDefinitionSchema>;
export type FlowDefinitionInput = z.input<typeof flowDefinitionSchema>;

export function parseFlowDefinition(input: unknown): FlowDefinition {
  return flowDefinitionSchema.parse(input);
}
