import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { flows } from "../schema";
import type { RetentionOverride } from "./retention";

/** Each flow's retention override (null = the default), by name. */
export async function listFlowRetention(db: Db): Promise<Array<{ id: string; name: string } & RetentionOverride>> {
  return db
    .select({ id: flows.id, name: flows.name, payloadDays: flows.retentionPayloadDays, runDays: flows.retentionRunDays })
    .from(flows)
    .orderBy(asc(sql`lower(${flows.name})`));
}

/** The flow's override, its row locked until the transaction ends (the audit's "before" stays true); undefined for no such flow. */
export async function lockFlowRetention(db: Db, flowId: string): Promise<({ name: string } & RetentionOverride) | undefined> {
  const [row] = await db
    .select({ name: flows.name, payloadDays: flows.retentionPayloadDays, runDays: flows.retentionRunDays })
    .from(flows)
    .where(eq(flows.id, flowId))
    .for("update");
  return row;
}

export async function setFlowRetention(db: Db, params: { flowId: string } & RetentionOverride): Promise<void> {
  await db.update(flows).set({ retentionPayloadDays: params.payloadDays, retentionRunDays: params.runDays }).where(eq(flows.id, params.flowId));
}
