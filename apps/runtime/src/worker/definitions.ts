import { getFlowVersion, schema, type Db } from "@ipaas/db";
import { parseFlowDefinition, StepError, type FlowDefinition } from "@ipaas/flow";
import { eq } from "drizzle-orm";
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
      const { flows } = schema;
      const [row] = await this.db.select({ environment: flows.environment }).from(flows).where(eq(flows.id, flowId)).limit(1);
      if (!row) throw new StepError(`Flow ${flowId} does not exist`, "non_retryable", "NO_FLOW");
      return row.environment;
    });
  }
}
