import fc from "fast-check";
import { mutatedFrom } from "../../../tooling/fuzz-hostile";
import type { createCaller } from "../src/server/routers/_app";

/*
 * What exists in the fuzz database, so generated inputs name real rows (a random
 * uuid only ever reaches "not found"). Refreshed through the router before each
 * procedure is fuzzed, and grown with every id a successful call returns.
 */

type Caller = ReturnType<typeof createCaller>;

export interface Pools {
  flows: string[];
  connections: string[];
  mappings: string[];
  runs: string[];
  deadLetters: string[];
  /** Users other than the calling admin: the fuzz never disables, demotes or re-links itself. */
  users: string[];
  alertRules: string[];
  apiKeys: string[];
  /** Every uuid any call returned (bulk operation ids, letter ids of retries, …). */
  seen: Set<string>;
  environments: string[];
  connectors: string[];
  templates: string[];
  targetSchemas: string[];
  errorClasses: string[];
  nodeIds: string[];
  definitions: unknown[];
}

export async function loadPools(caller: Caller, selfId: string, seen: Set<string>): Promise<Pools> {
  const [flows, connections, mappings, runs, letters, users, rules, keys, envs, connectors, templates, schemas, errorClasses] = await Promise.all([
    caller.flows.list(),
    caller.connections.list(),
    caller.mappings.list(),
    caller.runs.list({ limit: 200 }),
    caller.deadLetters.list({ filter: {}, limit: 200 }),
    caller.users.list(),
    caller.alerts.rules(),
    caller.apiKeys.list(),
    caller.connections.environments(),
    caller.connections.connectors(),
    caller.templates.list(),
    caller.mappings.targetSchemas(),
    caller.runs.errorClasses(),
  ]);
  const details = await Promise.all(flows.slice(0, 5).map((f) => caller.flows.get({ flowId: f.id })));
  const definitions = details.map((d) => d.draft).filter((d) => d !== null && d !== undefined);
  const nodeIds = definitions.flatMap((d) => ((d as { nodes?: Array<{ id: string }> }).nodes ?? []).map((n) => n.id));
  return {
    flows: flows.map((f) => f.id),
    connections: connections.map((c) => c.id),
    mappings: mappings.map((m) => m.id),
    runs: runs.items.map((r) => r.id),
    deadLetters: letters.items.map((l) => l.id),
    users: users.filter((u) => u.id !== selfId).map((u) => u.id),
    alertRules: rules.map((r) => r.id),
    apiKeys: keys.map((k) => k.id),
    seen,
    environments: envs.map((e) => e.name),
    connectors: connectors.map((c) => c.id),
    templates: templates.map((t) => t.id),
    targetSchemas: schemas.map((s) => s.name),
    errorClasses,
    nodeIds,
    definitions,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Adds every uuid-shaped string of a result to `seen` (bounded walk: results can be large). */
export function harvestIds(value: unknown, seen: Set<string>, budget = { left: 500 }): void {
  if (budget.left-- <= 0 || seen.size > 5_000) return;
  if (typeof value === "string") {
    if (UUID.test(value)) seen.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) harvestIds(item, seen, budget);
  } else if (value && typeof value === "object") {
    for (const item of Object.values(value)) harvestIds(item, seen, budget);
  }
}

/** The pool a uuid field draws from: by its key, else by the router it belongs to. */
function idPool(pools: Pools, procedure: string, key: string | undefined): string[] {
  const [router] = procedure.split(".");
  switch (key) {
    case "flowId":
      return pools.flows;
    case "userId":
    case "assigneeId":
      return pools.users;
    case "ruleId":
      return pools.alertRules;
    case "flowIds":
    case "[]":
      return procedure.startsWith("apiKeys.") ? pools.flows : pools.deadLetters;
  }
  if (procedure === "deadLetters.bulkStatus") return [...pools.seen];
  const byRouter: Record<string, string[]> = {
    connections: pools.connections,
    mappings: pools.mappings,
    runs: pools.runs,
    deadLetters: pools.deadLetters,
    alerts: pools.alertRules,
    apiKeys: pools.apiKeys,
    users: pools.users,
  };
  return byRouter[router ?? ""] ?? [];
}

/** The `known` option of zodArbitrary for one procedure: existing values for the fields that name rows. */
export function knownValues(pools: Pools, procedure: string) {
  const from = (values: readonly unknown[]) => (values.length > 0 ? fc.constantFrom(...values) : undefined);
  return (key: string | undefined, _path: readonly string[], format: string | undefined): fc.Arbitrary<unknown> | undefined => {
    if (format === "uuid") {
      const specific = from(idPool(pools, procedure, key));
      const seen = from([...pools.seen]);
      const options = [specific, seen].filter((a): a is fc.Arbitrary<unknown> => a !== undefined);
      return options.length > 0 ? fc.oneof(...options) : undefined;
    }
    switch (key) {
      case "environment":
        return from(pools.environments);
      case "connectorId":
        return from(pools.connectors);
      case "templateId":
        return from(pools.templates);
      case "targetSchema":
        return from(pools.targetSchemas);
      case "errorClass":
        return from(pools.errorClasses);
      case "nodeId":
        return from(pools.nodeIds);
      case "definition":
        // Saved drafts as they are, or with one field made hostile (a node's config, an edge's target, …).
        return pools.definitions.length > 0 ? fc.oneof(fc.constantFrom(...pools.definitions), mutatedFrom(pools.definitions)) : undefined;
      case "id":
        return procedure === "mappings.runTests" ? from(pools.mappings) : undefined;
      default:
        return undefined;
    }
  };
}
