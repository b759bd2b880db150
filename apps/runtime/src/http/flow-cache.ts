import { type Db } from "@ipaas/db";
import { loadRunnableFlow, type RunnableFlow } from "@ipaas/jobs";
import { PromiseCache } from "@ipaas/execution";

/**
 * Ingress looks up the flow for every request; published versions are immutable,
 * so a short TTL is enough to pick up a publish, enable or disable within seconds
 * while keeping the hot path off the flows tables. Errors (unknown, unpublished,
 * disabled) are not cached.
 */
export class RunnableFlowCache {
  private readonly cache: PromiseCache<RunnableFlow>;

  constructor(
    private readonly db: Db,
    ttlMs = 5000,
  ) {
    this.cache = new PromiseCache({ ttlMs, limit: 10_000 });
  }

  get(flowId: string): Promise<RunnableFlow> {
    return this.cache.get(flowId, () => loadRunnableFlow(this.db, flowId));
  }
}
