import { registry, type ConnectorDefinition } from "@ipaas/connectors";
import { nodeConfigSchemas, nodeTypes, type NodeType } from "@ipaas/flow";
import { z } from "zod";

/** What the canvas palette and the node side panel need, generated from the flow model and the connector registry. */
export interface NodeTypeEntry {
  type: NodeType;
  label: string;
  description: string;
  category: "trigger" | "logic" | "data" | "connector";
  /** JSON Schema of the node's `config` (forms are generated from it). */
  configSchema: unknown;
}

export interface ConnectorEntry {
  id: string;
  name: string;
  description: string;
  icon: string | null;
  actions: Array<{ key: string; name: string; description: string; sideEffect: boolean; inputSchema: unknown; outputSchema: unknown; sampleInput: unknown; sampleOutput: unknown }>;
  polls: Array<{ key: string; name: string; description: string; optionsSchema: unknown; sample: unknown }>;
  webhookEvents: Array<{ topic: string; description: string; sample: unknown }>;
  /** The connector verifies inbound webhook signatures, so its connections can secure a webhook trigger. */
  verifiesWebhooks: boolean;
}

const NODE_TYPE_INFO: Record<NodeType, { label: string; description: string; category: NodeTypeEntry["category"] }> = {
  "trigger.manual": { label: "Manual trigger", description: "Run by hand from the designer, with a sample payload", category: "trigger" },
  "trigger.webhook": { label: "Webhook", description: "Runs on each event a system posts to the flow's URL, verified by a connection's signature, an HMAC with timestamp, or marked public", category: "trigger" },
  "trigger.schedule": { label: "Schedule", description: "Runs on a cron schedule in a time zone", category: "trigger" },
  "trigger.poll": { label: "Poll", description: "Asks a system what changed since the last poll", category: "trigger" },
  "trigger.api": { label: "API call", description: "A synchronous API endpoint with an API key; answers with Respond", category: "trigger" },
  "trigger.edi": { label: "EDI document", description: "Runs on each accepted X12 transaction set (e.g. an 850) a trading partner sends by AS2 or SFTP", category: "trigger" },
  action: { label: "Connector action", description: "Calls an operation of a connector", category: "connector" },
  map: { label: "Map", description: "Transforms the data with a JSONata expression or a saved mapping", category: "data" },
  filter: { label: "Filter", description: "Stops here unless a condition holds", category: "logic" },
  branch: { label: "Branch", description: "Routes to the first case whose condition holds, else the default", category: "logic" },
  foreach: { label: "For each", description: "Runs the following steps once per item of a list", category: "logic" },
  lookup: { label: "Lookup", description: "Reads a cross-reference table", category: "data" },
  delay: { label: "Delay", description: "Waits before continuing (no worker is held)", category: "logic" },
  subflow: { label: "Subflow", description: "Runs another flow as a linked child run", category: "logic" },
  respond: { label: "Respond", description: "The answer of an API-triggered flow", category: "logic" },
  "edi.send": {
    label: "Send X12",
    description: "Sends an EDI document (856, 855, 810…) to a trading partner: enveloped with its next control numbers, delivered by its AS2 or SFTP transport, its 997 tracked",
    category: "connector",
  },
};

/** Zod → JSON Schema for forms; refinements that JSON Schema cannot express are dropped (the server still checks them). */
function jsonSchema(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { unrepresentable: "any", io: "input" });
  } catch {
    return {};
  }
}

export function nodeTypeCatalog(): NodeTypeEntry[] {
  return nodeTypes.map((type) => ({ type, ...NODE_TYPE_INFO[type], configSchema: jsonSchema(nodeConfigSchemas[type]) }));
}

function connectorEntry(c: ConnectorDefinition): ConnectorEntry {
  return {
    id: c.id,
    name: c.name,
    description: c.description ?? "",
    icon: c.icon ?? null,
    actions: Object.entries(c.actions).map(([key, a]) => ({
      key,
      name: a.name,
      description: a.description,
      sideEffect: a.sideEffect,
      inputSchema: jsonSchema(a.input),
      outputSchema: jsonSchema(a.output),
      sampleInput: a.sampleInput ?? null,
      sampleOutput: a.sampleOutput ?? null,
    })),
    polls: Object.entries(c.polls ?? {}).map(([key, p]) => ({ key, name: p.name, description: p.description, optionsSchema: jsonSchema(p.options), sample: p.sample ?? null })),
    webhookEvents: Object.entries(c.webhook?.events ?? {}).map(([topic, e]) => ({ topic, description: e.description, sample: e.sample ?? null })),
    verifiesWebhooks: c.webhook !== undefined,
  };
}

export function connectorCatalog(): ConnectorEntry[] {
  return registry.list().map(connectorEntry);
}
