import { getFlowEnvironment, getFlowVersion, type Db } from "@ipaas/db";
import { parseVersion, StepError, type FlowDefinition } from "@ipaas/flow";
import { PromiseCache } from "@ipaas/execution";

/**
 * Published versions are immutable, so a loaded definition can be cached for the
 * life of the process: the hot path loads each version once, not once per run, and
 * parseVersion hands it the same parsed object ingress and the schedule sync use.
 */
export class DefinitionCache {
  private readonly cache = new PromiseCache<FlowDefinition>({ ttlMs: Infinity, limit: 500 });

  constructor(private readonly db: Db) {}

  get(versionId: string): Promise<FlowDefinition> {
    return this.cache.get(versionId, () => getFlowVersion(this.db, versionId).then(parseVersion));
  }
}

/**
 * Each flow's environment, which decides the connections its by-name references
 * use. Cached like connections: a flow moved to another environment is picked up
 * within the TTL.
 */
export class FlowEnvironmentCache {
  private readonly cache = new PromiseCache<string>({ ttlMs: 30_000, limit: 5000 });

  constructor(private readonly db: Db) {}

  get(flowId: string): Promise<string> {
    return this.cache.get(flowId, async () => {
      const environment = await getFlowEnvironment(this.db, flowId);
      if (environment === null) throw new StepError(`Flow ${flowId} does not exist`, "non_retryable", "NO_FLOW");
      return environment;
    });
  }
}
