import { z } from "zod";
import type { ActionContext, PollTriggerDefinition } from "../sdk";
import { nsRequest, recordPath } from "./client";
import { sampleItemFulfillment } from "./samples";
import { runSuiteQL, sqlString } from "./suiteql";

/**
 * Item fulfillments changed since a watermark. SuiteQL finds them (type 'ItemShip',
 * ordered by lastmodifieddate, id); the watermark is the last (lastModified, id)
 * emitted, so fulfillments modified in the same second are neither lost nor
 * repeated: the query uses >= and rows at the watermark second with an id not
 * above the last one are skipped. Each fulfillment is then read as a REST record
 * with its item and package sublists, and its sales order's externalId and
 * otherRefNum are added to createdFrom (a REST reference carries only id and
 * refName), which is what the Shipment mapping needs to find the source order.
 */
export const fulfillmentCursor = z.object({ lastModified: z.string(), lastId: z.string() });
export type FulfillmentCursor = z.infer<typeof fulfillmentCursor>;

const TS_FORMAT = "YYYY-MM-DD HH24:MI:SS";
const PAGE = 100;
const MAX_PAGES = 10;

function changesQuery(cursor: FulfillmentCursor | undefined): string {
  const since = cursor ? ` AND lastmodifieddate >= TO_TIMESTAMP(${sqlString(cursor.lastModified)}, '${TS_FORMAT}')` : "";
  return `SELECT id, TO_CHAR(lastmodifieddate, '${TS_FORMAT}') AS modified FROM transaction WHERE type = 'ItemShip'${since} ORDER BY lastmodifieddate, id`;
}

const after = (row: { id: string; modified: string }, cursor: FulfillmentCursor | undefined) =>
  !cursor || row.modified !== cursor.lastModified || Number(row.id) > Number(cursor.lastId);

async function changedRows(ctx: ActionContext, cursor: FulfillmentCursor | undefined) {
  const q = changesQuery(cursor);
  for (let p = 0; p < MAX_PAGES; p++) {
    const page = await runSuiteQL(ctx, q, { limit: PAGE, offset: p * PAGE });
    const rows = page.items.map((r) => ({ id: String(r.id), modified: String(r.modified) })).filter((r) => after(r, cursor));
    // A full page of already-emitted rows (many changes in one second) moves on to the next page.
    if (rows.length > 0 || !page.hasMore) return rows;
  }
  return [];
}

async function salesOrderRefs(ctx: ActionContext, ids: string[]): Promise<Map<string, { externalId?: string; otherRefNum?: string }>> {
  const refs = new Map<string, { externalId?: string; otherRefNum?: string }>();
  if (ids.length === 0) return refs;
  const page = await runSuiteQL(ctx, `SELECT id, externalid, otherrefnum FROM transaction WHERE id IN (${ids.map(sqlString).join(", ")})`, { limit: 1000 });
  for (const r of page.items) {
    refs.set(String(r.id), { externalId: r.externalid === undefined ? undefined : String(r.externalid), otherRefNum: r.otherrefnum === undefined ? undefined : String(r.otherrefnum) });
  }
  return refs;
}

export const itemFulfillmentsSince: PollTriggerDefinition = {
  name: "Item fulfillments changed",
  description: "Every item fulfillment created or changed since the last poll, with lines, packages and tracking numbers",
  options: z.object({}),
  sample: sampleItemFulfillment,
  async run(ctx, { cursor }) {
    const current = cursor === null || cursor === undefined ? undefined : fulfillmentCursor.parse(cursor);
    const rows = await changedRows(ctx, current);
    const records: Array<Record<string, unknown>> = [];
    for (const row of rows) {
      const res = await nsRequest(ctx, { method: "GET", path: recordPath("itemFulfillment", { id: row.id }), query: { expandSubResources: true } });
      records.push(res.body as Record<string, unknown>);
    }
    const createdFromId = (r: Record<string, unknown>) => (r.createdFrom as { id?: unknown } | undefined)?.id;
    const refs = await salesOrderRefs(ctx, [...new Set(records.map(createdFromId).filter((id) => id !== undefined).map(String))]);
    const items = rows.map((row, i) => {
      const { links: _links, ...record } = records[i] ?? {};
      const from = record.createdFrom as Record<string, unknown> | undefined;
      const so = from ? refs.get(String(from.id)) : undefined;
      const payload = {
        ...record,
        ...(from ? { createdFrom: { ...from, ...(so?.externalId !== undefined ? { externalId: so.externalId } : {}) } } : {}),
        ...(record.otherRefNum === undefined && so?.otherRefNum !== undefined ? { otherRefNum: so.otherRefNum } : {}),
      };
      return { id: `${row.id}@${row.modified}`, payload };
    });
    const last = rows.at(-1);
    return { items, cursor: last ? { lastModified: last.modified, lastId: last.id } : (current ?? null) };
  },
};
