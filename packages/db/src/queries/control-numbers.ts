import { sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { partnerControlNumbers, partnerInboundInterchanges } from "../schema";
import { CONTROL_NUMBER_MAX, type ControlNumberKind, type PartnerDirection } from "../trading-partner-schema";

/**
 * Hands out `count` consecutive control numbers for a partner, direction and kind
 * (docs/architecture.md "Trading partners"). One upsert moves the counter: its row
 * lock serializes concurrent processes, so the numbers handed out never repeat or
 * skip (inside a caller's transaction the row stays locked until it commits, and a rollback
 * returns the numbers). After the X12 maximum (9 digits) numbering starts again at 1.
 */
export async function allocateControlNumbers(db: Db | Tx, params: { partnerId: string; direction: PartnerDirection; kind: ControlNumberKind; count: number }): Promise<number[]> {
  const max = CONTROL_NUMBER_MAX[params.kind];
  if (!Number.isInteger(params.count) || params.count < 1 || params.count > max) throw new RangeError(`count must be between 1 and ${max}`);
  const t = partnerControlNumbers;
  const [row] = await db
    .insert(t)
    .values({ partnerId: params.partnerId, direction: params.direction, kind: params.kind, lastValue: params.count })
    .onConflictDoUpdate({
      target: [t.partnerId, t.direction, t.kind],
      set: { lastValue: sql`((${t.lastValue} + ${params.count} - 1) % ${max}) + 1`, updatedAt: sql`now()` },
    })
    .returning({ lastValue: t.lastValue });
  if (!row) throw new Error("control-number upsert returned no row");
  // The `count` numbers ending at lastValue, in order, wrapping from max to 1.
  return Array.from({ length: params.count }, (_, i) => ((((row.lastValue - params.count + i) % max) + max) % max) + 1);
}

/** Records a received interchange control number (ISA13, leading zeros ignored); `duplicate` when this partner sent it before. */
export async function recordInboundInterchange(db: Db, params: { partnerId: string; controlNumber: string }): Promise<{ duplicate: boolean }> {
  const inserted = await db
    .insert(partnerInboundInterchanges)
    .values({ partnerId: params.partnerId, controlNumber: params.controlNumber.trim().replace(/^0+(?=\d)/, "") })
    .onConflictDoNothing()
    .returning({ partnerId: partnerInboundInterchanges.partnerId });
  return { duplicate: inserted.length === 0 };
}
