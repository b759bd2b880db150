import { type Db } from "@ipaas/db";
import { loadRunnableFlow, type RunnableFlow } from "@ipaas/jobs";

/**
 * Ingress looks up the flow for every request; published versions are immutable,
 * so a short TTL is enough to pick up a publish, enable or disable within seconds
 * while keeping the hot path off the flows tables.
 */
export class RunnableFlowCache {
  private readonly entries = new Map<string, { at: number; value: Promise<RunnableFlow> }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 5000,
  ) {}

  get(flowId: string): Promise<RunnableFlow> {
    const hit = this.entries.get(flowId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const value = loadRunnableFlow(this.db, flowId);
    // Errors (unknown, unpublished, disabled) are not cached: the fix shows up at once.
    value.catch(() => this.entries.delete(flowId));
    this.entries.set(flowId, { at: Date.now(), value });
    return value;
  }
}
