import { getFlowVersion, type Db } from "@ipaas/db";
import { parseFlowDefinition, type FlowDefinition } from "@ipaas/flow";
import { PromiseCache } from "../promise-cache";

/**
 * Published versions are immutable, so a parsed definition can be cached for the
 * life of the process: the hot path parses each version once, not once per run.
 */
export class DefinitionCache {
  private readonly cache = new PromiseCache<FlowDefinition>({ ttlMs: Infinity, limit: 500 });

  constructor(private readonly db: Db) {}

  get(versionId: string): Promise<FlowDefinition> {
    return this.cache.get(versionId, () => getFlowVersion(this.db, versionId).then((v) => parseFlowDefinition(v.definition)));
  }
}
