import { parseFlowDefinition, type FlowDefinition } from "./model";

/** Enough for every flow's current version and a few it just replaced, per process. */
export const PARSED_VERSIONS_LIMIT = 1000;

const parsed = new Map<string, FlowDefinition>();

/**
 * A published version's definition, parsed once per process. Versions are
 * immutable (docs/architecture.md "Flow model"), so the id names the content: the
 * worker, ingress and the schedule sync share one parsed object per version (and
 * with it the engine's graph index, built once per definition object), instead of
 * parsing again on every load. The result is shared: callers must not mutate it.
 * Least recently used versions are forgotten past PARSED_VERSIONS_LIMIT. A
 * definition that does not parse throws and is not remembered.
 */
export function parseVersion(version: { id: string; definition: unknown }): FlowDefinition {
  const known = parsed.get(version.id);
  if (known) {
    // Re-inserted so the Map's insertion order is recency order.
    parsed.delete(version.id);
    parsed.set(version.id, known);
    return known;
  }
  const definition = parseFlowDefinition(version.definition);
  parsed.set(version.id, definition);
  if (parsed.size > PARSED_VERSIONS_LIMIT) parsed.delete(parsed.keys().next().value as string);
  return definition;
}
