import { getFlowVersion, type Db } from "@ipaas/db";
import { parseFlowDefinition, type FlowDefinition } from "@ipaas/flow";

/**
 * Published versions are immutable, so a parsed definition can be cached for the
 * life of the process: the hot path parses each version once, not once per run.
 */
export class DefinitionCache {
  private readonly cache = new Map<string, Promise<FlowDefinition>>();

  constructor(
    private readonly db: Db,
    private readonly limit = 500,
  ) {}

  get(versionId: string): Promise<FlowDefinition> {
    let hit = this.cache.get(versionId);
    if (!hit) {
      hit = getFlowVersion(this.db, versionId).then((v) => parseFlowDefinition(v.definition));
      hit.catch(() => this.cache.delete(versionId));
      this.cache.set(versionId, hit);
      if (this.cache.size > this.limit) this.cache.delete(this.cache.keys().next().value as string);
    }
    return hit;
  }
}
