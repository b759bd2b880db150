import { z } from "zod";
import { isTriggerType, type FlowNode, type NodeType } from "./model";

/**
 * The `config` of each node type (docs/architecture.md "Flow model"). model.ts keeps `config`
 * an open record so that a draft with a half-filled node still loads in the
 * designer; these schemas are what `validate()` holds a flow to before it runs.
 *
 * Objects are not strict: the designer may keep its own bookkeeping next to the
 * fields below (e.g. a saved Mapping's id on a `map` node), and that must not
 * block a publish. Typos in required fields still surface as "missing".
 */

/** A JSONata expression. Syntax is checked separately (validate.ts) so the problem carries a position. */
const expression = z.string().refine((s) => s.trim() !== "", "must not be empty");
const nonEmpty = z.string().refine((s) => s.trim() !== "", "must not be empty");

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * One comma-separated part of a cron field: `*`, `?`, a value or range (numbers or
 * names such as MON-FRI), Quartz extras (`L`, `15W`, `5#3`), each optionally `/step`.
 * Value ranges per field (minute 0-59, ...) are not checked: this catches shape
 * mistakes (wrong field count, stray characters) while the flow is edited.
 */
const CRON_PART = /^(?:\*|\?|[0-9A-Za-z#]+(?:-[0-9A-Za-z]+)?)(?:\/\d+)?$/;

export function isCronExpression(text: string): boolean {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return false;
  return fields.every((field) => field.split(",").every((part) => CRON_PART.test(part)));
}

export function isIanaTimeZone(name: string): boolean {
  try {
    // Throws RangeError for anything the ICU data does not know.
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const sampleOnly = z.object({ sample: z.unknown().optional() });

/** A node's own retry policy over the flow's (`retryOverrideOf`); any node may carry one. */
export const retryOverrideSchema = z.object({
  attempts: z.number().int().min(1).max(100).optional(),
  backoffMs: z.number().int().min(0).optional(),
  maxDelayMs: z.number().int().min(0).optional(),
});
const retryOverride = retryOverrideSchema;

/** Bounds of an action's own request timeout (`timeoutMs`); without one the HTTP client's default applies. */
export const ACTION_TIMEOUT_MS = { min: 100, max: 10 * 60_000 } as const;

/**
 * An action's stale-update guard (docs/architecture.md "Failures, retries and dead letters"):
 * JSONata over the mapped input giving the entity and its sequence; an update older than the
 * last one applied for that entity stops the lineage and the run ends `skipped`.
 */
export const staleGuardSchema = z.object({
  entityKey: expression,
  sequence: expression,
  /** Entities of one scope share sequences; default: this flow's node. */
  scope: nonEmpty.optional(),
});
export type StaleConfig = z.output<typeof staleGuardSchema>;

/**
 * How a webhook trigger authenticates deliveries (issue 13: no unsigned ingress by default):
 * - `connection`: the connection's connector verifies its own signature (Shopify's
 *   X-Shopify-Hmac-Sha256, the HTTP connector's X-Signature-256);
 * - `hmac-timestamp`: `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`
 *   with `X-Webhook-Timestamp` (Unix seconds) within ±5 minutes, each signature accepted once.
 *   The secret is the connection's sealed `webhookSecret`, never a literal in the flow;
 * - `public`: unauthenticated, chosen explicitly (shown as a warning, audited on publish).
 */
export const WEBHOOK_VERIFICATIONS = ["connection", "hmac-timestamp", "public"] as const;
export type WebhookVerification = (typeof WEBHOOK_VERIFICATIONS)[number];

/**
 * The scheme a webhook trigger's config names, or null when it names none. A trigger
 * bound to a connection without `verification` (flows made before the field existed)
 * keeps meaning what it always did: the connection's signature.
 */
export function webhookVerification(config: Record<string, unknown> | undefined): WebhookVerification | null {
  const named = config?.verification;
  if (typeof named === "string") return (WEBHOOK_VERIFICATIONS as readonly string[]).includes(named) ? (named as WebhookVerification) : null;
  return config?.connectionId || config?.connectionName ? "connection" : null;
}

/**
 * Transaction sets a "Send X12" step can send (docs/architecture.md "EDI documents"). Kept here
 * rather than read from @ipaas/x12: the flow package imports no other package but the mapping engine.
 */
export const EDI_OUTBOUND_SETS = ["810", "846", "850", "855", "856", "940", "945"] as const;
export type EdiOutboundSet = (typeof EDI_OUTBOUND_SETS)[number];

export const nodeConfigSchemas = {
  "trigger.manual": sampleOnly,
  "trigger.api": sampleOnly,
  "trigger.webhook": z
    .object({
      /** How the runtime authenticates a delivery (see `webhookVerification`). */
      verification: z.enum(WEBHOOK_VERIFICATIONS).optional(),
      connectionId: z.string().optional(),
      /** Resolved in the flow's environment, like an action's. */
      connectionName: z.string().min(1).optional(),
      connectorId: z.string().optional(),
      event: z.string().optional(),
      sample: z.unknown().optional(),
    })
    .superRefine((config, ctx) => {
      const hasConnection = Boolean(config.connectionId || config.connectionName);
      const scheme = webhookVerification(config);
      if (scheme === null) {
        ctx.addIssue({
          code: "custom",
          path: ["verification"],
          message: 'must name how deliveries are verified: "connection" (the connection\'s signature), "hmac-timestamp" (a connection\'s shared secret over timestamp.body) or "public" (unauthenticated: anyone who knows the URL can start runs)',
        });
      } else if (scheme === "public" && hasConnection) {
        // A connection next to "public" reads as if deliveries were checked; they would not be.
        ctx.addIssue({ code: "custom", path: ["verification"], message: 'is "public", which checks no signature: remove the connection or choose "connection" or "hmac-timestamp"' });
      } else if (scheme !== "public" && !hasConnection) {
        ctx.addIssue({ code: "custom", path: ["connectionId"], message: `is required: "${scheme}" verifies deliveries with the secret sealed in a connection` });
      }
    }),
  // An X12 transaction set from one trading partner (docs/architecture.md "EDI documents"):
  // the runtime's inbound pipeline dispatches one run per accepted set of (partner, set).
  "trigger.edi": z.object({
    partnerId: z.uuid("must be a trading partner"),
    set: z.string().regex(/^\d{3}$/, "must be a three-digit transaction set id, e.g. 850"),
    sample: z.unknown().optional(),
  }),
  "trigger.schedule": z.object({
    cron: z.string().refine(isCronExpression, 'must be a cron expression with 5 or 6 fields, e.g. "*/15 * * * *"'),
    timezone: z
      .string()
      .refine(isIanaTimeZone, 'must be an IANA time zone such as "Europe/Berlin" or "America/New_York"')
      .optional(),
  }),
  "trigger.poll": z.object({
    connectorId: nonEmpty,
    connectionId: z.string().optional(),
    connectionName: nonEmpty.optional(),
    operation: nonEmpty,
    // Below 10 s a poll is a busy loop against someone else's rate limit.
    intervalSeconds: z.number().int().min(10),
  }),
  action: z
    .object({
      connectorId: nonEmpty,
      operation: nonEmpty,
      connectionId: z.uuid().optional(),
      connectionName: nonEmpty.optional(),
      input: expression,
      retry: retryOverride.optional(),
      timeoutMs: z.number().int().min(ACTION_TIMEOUT_MS.min).max(ACTION_TIMEOUT_MS.max).optional(),
      stale: staleGuardSchema.optional(),
    })
    .superRefine((config, ctx) => {
      // Two references could point at different connections; the run must not guess.
      if (config.connectionId !== undefined && config.connectionName !== undefined) {
        ctx.addIssue({ code: "custom", path: ["connectionName"], message: "set either connectionId or connectionName, not both" });
      }
    }),
  map: z.object({ expression }),
  filter: z.object({ condition: expression }),
  branch: z.object({
    cases: z
      .array(z.object({ id: nonEmpty, label: z.string().optional(), condition: expression }))
      .min(1, "needs at least one case")
      .superRefine((cases, ctx) => {
        // Case ids are the edges' sourceHandles, so they must be unique and not collide with "default".
        const seen = new Set<string>();
        cases.forEach((c, i) => {
          if (c.id === "default") ctx.addIssue({ code: "custom", path: [i, "id"], message: 'case id "default" is reserved for the default path' });
          else if (seen.has(c.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `is used by another case too ("${c.id}")` });
          seen.add(c.id);
        });
      }),
  }),
  foreach: z.object({ items: expression, concurrency: z.number().int().min(1).max(100).optional() }),
  lookup: z.object({
    table: nonEmpty,
    key: expression,
    default: z.unknown().optional(),
    onMissing: z.enum(["default", "fail"]).optional(),
  }),
  delay: z
    .object({ ms: z.number().int().min(0).max(THIRTY_DAYS_MS).optional(), until: expression.optional() })
    .superRefine((config, ctx) => {
      // A plain union would report "invalid input" at config root; this names the fields.
      if ((config.ms === undefined) === (config.until === undefined)) {
        ctx.addIssue({ code: "custom", path: [], message: "needs exactly one of ms (a fixed wait) or until (an expression giving the time)" });
      }
    }),
  subflow: z.object({ flowId: z.uuid(), input: expression.optional() }),
  respond: z.object({
    status: z.number().int().min(100).max(599).optional(),
    body: expression,
    headers: z.record(z.string(), z.string()).optional(),
  }),
  "edi.send": z.object({
    /** The trading partner (docs/architecture.md "Trading partners"): its envelope ids, delimiters and transport. */
    partnerId: z.uuid(),
    set: z.enum(EDI_OUTBOUND_SETS),
    /** JSONata giving the set's content: its typed JSON, or its segments `[{ id, elements }]` between ST and SE. */
    input: expression,
    retry: retryOverride.optional(),
  }),
} satisfies Record<NodeType, z.ZodType>;

/**
 * Fields the runtime reads that the schemas above leave out on purpose: the node
 * panel builds its form from the schemas, and these have no form field (a poll's
 * connector-specific `options` are parsed by the connector's own schema).
 */
interface UnlistedConfig {
  "trigger.poll": { options?: unknown };
}

/** The typed `config` of a node of type `T` (docs/architecture.md "Flow model"). */
export type NodeConfig<T extends NodeType> = z.output<(typeof nodeConfigSchemas)[T]> & (T extends keyof UnlistedConfig ? UnlistedConfig[T] : unknown);

/**
 * A node's config, typed by its type. Not parsed again: a published version's
 * configs passed the publish gate (`validate`), and the engine calls this on every
 * step, so it costs one comparison. Handlers still refuse an empty expression at
 * run time (a version published before a rule existed).
 */
export function configOf<T extends NodeType>(node: FlowNode, type: T): NodeConfig<T> {
  if (node.type !== type) throw new Error(`Node "${node.name}" is a ${node.type} node, not ${type}`);
  return node.config as NodeConfig<T>;
}

/**
 * A node's own retry policy over the flow's. Read from any node, not only actions:
 * the designer's test run sets `retry: { attempts: 1 }` on every node.
 */
export function retryOverrideOf(node: FlowNode): z.output<typeof retryOverride> {
  return (node.config.retry ?? {}) as z.output<typeof retryOverride>;
}

/** The connector a node calls or listens to (actions, polls, webhooks); null for logic nodes. */
export function connectorOf(node: FlowNode): string | null {
  const { connectorId } = node.config;
  return typeof connectorId === "string" ? connectorId : null;
}

/**
 * Config fields holding JSONata, compiled by `validate()`. `a[].b` means field `b`
 * of every element of array `a` (a branch's case conditions), `a.b` field `b` of object `a`.
 */
export const expressionFields: Partial<Record<NodeType, string[]>> = {
  action: ["input", "stale.entityKey", "stale.sequence"],
  map: ["expression"],
  filter: ["condition"],
  branch: ["cases[].condition"],
  foreach: ["items"],
  lookup: ["key"],
  delay: ["until"],
  subflow: ["input"],
  respond: ["body"],
  "edi.send": ["input"],
};

/** The trigger's sample payload: what a manual or test run sends when the user gives none. */
export function triggerSample(definition: { nodes: FlowNode[] }): unknown {
  const trigger = definition.nodes.find((n) => isTriggerType(n.type));
  return trigger?.config.sample ?? {};
}
