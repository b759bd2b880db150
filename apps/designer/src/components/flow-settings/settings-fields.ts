import type { FlowDefinition, Problem, RetryCategory } from "@ipaas/flow";

/**
 * The kinds of retryable failure a flow may retry, labelled for the Settings panel. Mirrors
 * `RETRY_CATEGORIES` of @ipaas/flow (a test keeps them equal): the browser imports only
 * types from that package, whose values pull in the mapping engine's Node-only parts.
 */
export const RETRY_KINDS: ReadonlyArray<{ value: RetryCategory; label: string }> = [
  { value: "network", label: "Network errors (connection refused, DNS)" },
  { value: "timeout", label: "Timeouts" },
  { value: "rate_limited", label: "Rate limits (429, throttling)" },
  { value: "server_error", label: "Server errors (5xx)" },
  { value: "other", label: "Other transient errors" },
];

/** A draft's settings: a blank or older draft may lack any of them (the model's defaults apply on save). */
export type Settings = Partial<FlowDefinition["settings"]>;

/** The problems `validate` and the publish gate report at `settings.<field>` (or inside it). */
export function settingsProblemsAt(problems: readonly Problem[], field: string): Problem[] {
  const path = `settings.${field}`;
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`));
}

/** `retryOn` after a kind was ticked or unticked: all kinds ticked is "all" (absent), as in older flows. */
export function toggledRetryOn(current: readonly RetryCategory[] | undefined, kind: RetryCategory, on: boolean): RetryCategory[] | undefined {
  const all = RETRY_KINDS.map((k) => k.value);
  const set = new Set(current ?? all);
  if (on) set.add(kind);
  else set.delete(kind);
  return set.size === all.length ? undefined : all.filter((k) => set.has(k));
}

/** The connectors the flow's action steps call, then any that only have a default left: each can get a default connection. */
export function connectorsOf(nodes: FlowDefinition["nodes"], settings: Settings): string[] {
  const used = nodes.filter((n) => n.type === "action" && typeof n.config.connectorId === "string").map((n) => String(n.config.connectorId));
  return [...new Set([...used, ...Object.keys(settings.defaultConnections ?? {})])].sort();
}

/** The trigger's sample payload, what the business key is previewed on (the runtime evaluates it over the trigger payload). */
export function triggerSampleOf(definition: Pick<FlowDefinition, "nodes">): unknown {
  return definition.nodes.find((n) => n.type.startsWith("trigger."))?.config.sample;
}
