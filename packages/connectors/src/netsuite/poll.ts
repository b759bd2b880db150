import { z } from "zod";
import type { ActionContext, PollTriggerDefinition } from "../sdk";
import { nsRequest, recordPath } from "./client";
import { sampleInvoiceEvent, sampleItemFulfillment } from "./samples";
import { runSuiteQL, sqlString } from "./suiteql";

/**
 * Transactions of one type changed since a watermark (item fulfillments, invoices).
 * SuiteQL finds them (`transaction WHERE type = '<code>'`, ordered by
 * lastmodifieddate, id); the watermark is the last (lastModified, id) emitted, so
 * transactions modified in the same second are neither lost nor repeated: the
 * query uses >= and rows at the watermark second with an id not above the last one
 * are skipped. Each one is then read as a REST record with its sublists, and its
 * sales order's externalId and otherRefNum (the customer's PO number) are added to
 * createdFrom (a REST reference carries only id and refName), which is what the
 * Shipment and Invoice mappings need to find the source order.
 */
export const transactionCursor = z.object({ lastModified: z.string(), lastId: z.string() });
export type TransactionCursor = z.infer<typeof transactionCursor>;

const TS_FORMAT = "YYYY-MM-DD HH24:MI:SS";
const PAGE = 100;
const MAX_PAGES = 10;

/** A transaction type as SuiteQL (type code) and the REST record API (record type) name it. */
interface TransactionKind {
  tranType: "ItemShip" | "CustInvc";
  recordType: "itemFulfillment" | "invoice";
}

function changesQuery(kind: TransactionKind, cursor: TransactionCursor | undefined): string {
  const since = cursor ? ` AND lastmodifieddate >= TO_TIMESTAMP(${sqlString(cursor.lastModified)}, '${TS_FORMAT}')` : "";
  return `SELECT id, TO_CHAR(lastmodifieddate, '${TS_FORMAT}') AS modified FROM transaction WHERE type = '${kind.tranType}'${since} ORDER BY lastmodifieddate, id`;
}

const after = (row: { id: string; modified: string }, cursor: TransactionCursor | undefined) =>
  !cursor || row.modified !== cursor.lastModified || Number(row.id) > Number(cursor.lastId);

async function changedRows(ctx: ActionContext, kind: TransactionKind, cursor: TransactionCursor | undefined) {
  const q = changesQuery(kind, cursor);
  for (let p = 0; p < MAX_PAGES; p++) {
    const page = await runSuiteQL(ctx, q, { limit: PAGE, offset: p * PAGE });
    const rows = page.items.map((r) => ({ id: String(r.id), modified: String(r.modified) })).filter((r) => after(r, cursor));
    // A full page of already-emitted rows (many changes in one second) moves on to the next page.
    if (rows.length > 0 || !page.hasMore) return rows;
  }
  return [];
}

type SalesOrderRef = { externalId?: string; otherRefNum?: string };

async function salesOrderRefs(ctx: ActionContext, ids: string[]): Promise<Map<string, SalesOrderRef>> {
  const refs = new Map<string, SalesOrderRef>();
  if (ids.length === 0) return refs;
  const page = await runSuiteQL(ctx, `SELECT id, externalid, otherrefnum FROM transaction WHERE id IN (${ids.map(sqlString).join(", ")})`, { limit: 1000 });
  for (const r of page.items) {
    refs.set(String(r.id), { externalId: r.externalid === undefined ? undefined : String(r.externalid), otherRefNum: r.otherrefnum === undefined ? undefined : String(r.otherrefnum) });
  }
  return refs;
}

/** createdFrom gains the order's externalId; the record's own otherRefNum wins over the order's. */
function enrich(record: Record<string, unknown>, so: SalesOrderRef | undefined): Record<string, unknown> {
  const from = record.createdFrom as Record<string, unknown> | undefined;
  return {
    ...record,
    ...(from ? { createdFrom: { ...from, ...(so?.externalId !== undefined ? { externalId: so.externalId } : {}) } } : {}),
    ...(record.otherRefNum === undefined && so?.otherRefNum !== undefined ? { otherRefNum: so.otherRefNum } : {}),
  };
}

/** One poll: the changed transactions of a kind as enriched REST records, and the next watermark. */
async function pollTransactions(ctx: ActionContext, kind: TransactionKind, cursor: unknown) {
  const current = cursor === null || cursor === undefined ? undefined : transactionCursor.parse(cursor);
  const rows = await changedRows(ctx, kind, current);
  const records: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    const res = await nsRequest(ctx, { method: "GET", path: recordPath(kind.recordType, { id: row.id }), query: { expandSubResources: true } });
    const { links: _links, ...record } = res.body as Record<string, unknown>;
    records.push(record);
  }
  const createdFromId = (r: Record<string, unknown>) => (r.createdFrom as { id?: unknown } | undefined)?.id;
  const refs = await salesOrderRefs(ctx, [...new Set(records.map(createdFromId).filter((id) => id !== undefined).map(String))]);
  const items = rows.map((row, i) => {
    const record = records[i] ?? {};
    const from = createdFromId(record);
    return { id: `${row.id}@${row.modified}`, payload: enrich(record, from === undefined ? undefined : refs.get(String(from))) };
  });
  const last = rows.at(-1);
  return { items, cursor: last ? { lastModified: last.modified, lastId: last.id } : (current ?? null) };
}

export const itemFulfillmentsSince: PollTriggerDefinition = {
  name: "Item fulfillments changed",
  description: "Every item fulfillment created or changed since the last poll, with lines, packages and tracking numbers",
  options: z.object({}),
  sample: sampleItemFulfillment,
  run: (ctx, { cursor }) => pollTransactions(ctx, { tranType: "ItemShip", recordType: "itemFulfillment" }, cursor),
};

export const invoicesSince: PollTriggerDefinition = {
  name: "Invoices changed",
  description: "Every invoice created or changed since the last poll, with its lines, totals and the sales order's PO number",
  options: z.object({}),
  sample: sampleInvoiceEvent,
  run: (ctx, { cursor }) => pollTransactions(ctx, { tranType: "CustInvc", recordType: "invoice" }, cursor),
};
