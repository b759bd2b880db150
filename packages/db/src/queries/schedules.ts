import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../client";
import { flows, flowVersions } from "../schema";

export interface LiveVersion {
  flowId: string;
  versionId: string;
  definition: unknown;
}

/**
 * The published version of every enabled flow: what the runtime's schedule sync
 * turns into cron and poll job schedulers (docs/architecture.md "Ingress").
 */
export async function listLiveVersions(db: Db): Promise<LiveVersion[]> {
  return db
    .select({ flowId: flows.id, versionId: flowVersions.id, definition: flowVersions.definition })
    .from(flows)
    .innerJoin(flowVersions, eq(flowVersions.id, flows.publishedVersionId))
    .where(and(eq(flows.enabled, true), isNotNull(flows.publishedVersionId)));
}
