// 846 Inventory Inquiry/Advice as typed JSON (docs/architecture.md "X12"):
// one LIN loop per item with its QTY lines. CTT is computed when writing.
import { z } from "zod";
import type { SegmentInput } from "../generate.js";
import type { TransactionSet } from "../model.js";
import { clockTime, compact, Cursor, decimal, extraSegments, fields, isoDate, out, seg, text } from "./common.js";
import {
  currencySchema, dateSchema, hasItemId, ITEM_ID_REQUIRED, itemIdsShape, partySchema, readCommonHeading, readDate, readIds, readReference, referenceSchema, writeCurrency, writeDate, writeIds,
  writeParty, writeReference,
} from "./shared.js";

export const quantitySchema = z.strictObject({
  qualifier: text.describe("QTY01: 33 quantity available for sale, 17 quantity on hand, 02 cumulative, 29 quantity on order"),
  quantity: decimal.describe("QTY02"),
  uom: text.optional().describe("QTY03 (C001-01)"),
});

export const inventory846ItemSchema = z.strictObject({
  lineNumber: text.optional().describe("LIN01"),
  ...itemIdsShape,
  description: text.optional().describe("PID*F PID05"),
  quantities: z.array(quantitySchema).optional().describe("QTY"),
  dates: z.array(dateSchema).optional().describe("DTM in the LIN loop (018 available)"),
  references: z.array(referenceSchema).optional(),
  extra: extraSegments,
}).refine(hasItemId, ITEM_ID_REQUIRED);
export type Inventory846Item = z.infer<typeof inventory846ItemSchema>;

export const inventory846Schema = z
  .strictObject({
    set: z.literal("846"),
    purpose: text.describe("BIA01: 00 original"),
    reportType: text.describe("BIA02: DD distributor inventory report, MM manufacturer, SI seller inventory"),
    reportId: text.describe("BIA03"),
    reportDate: isoDate.describe("BIA04"),
    reportTime: clockTime.optional().describe("BIA05"),
    currency: currencySchema.optional(),
    references: z.array(referenceSchema).optional(),
    dates: z.array(dateSchema).optional(),
    parties: z.array(partySchema).optional(),
    items: z.array(inventory846ItemSchema).min(1).describe("LIN loops"),
    extra: extraSegments,
  })
  .meta({ title: "X12 846", description: "X12 846 inventory advice as typed JSON" });
export type Inventory846 = z.infer<typeof inventory846Schema>;

export function read846(set: TransactionSet): Inventory846 {
  const c = new Cursor(set.segments, "846");
  const bia = fields(c.expect("BIA"), "846", (f) => ({ purpose: f.required(1), reportType: f.required(2), reportId: f.required(3), reportDate: f.date(4) ?? "", reportTime: f.time(5) }));
  const doc: Inventory846 = { set: "846", ...bia, items: [] };
  const extra = c.loop(["LIN", "CTT"], (s) => readCommonHeading(s, c, doc));
  while (c.at("LIN")) {
    const item: Inventory846Item = fields(c.next(), "846", (f) => compact({ lineNumber: f.text(1), ...readIds(f, 2) }));
    const more = c.loop(["LIN", "CTT"], (s) => {
      if (s.id === "PID" && s.elements[0]?.raw === "F" && item.description === undefined) item.description = fields(s, "846", (f) => (f.required(1), f.required(5)));
      else if (s.id === "QTY") (item.quantities ??= []).push(fields(s, "846", (f) => compact({ qualifier: f.required(1), quantity: f.num(2) ?? 0, uom: f.firstComponent(3) })));
      else if (s.id === "DTM") (item.dates ??= []).push(readDate(s, "846"));
      else if (s.id === "REF") (item.references ??= []).push(readReference(s, "846"));
      else return false;
      return true;
    });
    if (more.length > 0) item.extra = more;
    doc.items.push(compact(item));
  }
  extra.push(...c.loop([], (s) => s.id === "CTT"));
  if (extra.length > 0) doc.extra = extra;
  return compact(doc);
}

export function write846(doc: Inventory846): SegmentInput[] {
  const segs: SegmentInput[] = [seg("BIA", [doc.purpose, doc.reportType, doc.reportId, out.date(doc.reportDate), out.time(doc.reportTime)])];
  if (doc.currency) segs.push(writeCurrency(doc.currency));
  for (const r of doc.references ?? []) segs.push(writeReference(r));
  for (const d of doc.dates ?? []) segs.push(writeDate(d));
  for (const p of doc.parties ?? []) segs.push(...writeParty(p));
  segs.push(...(doc.extra ?? []));
  for (const i of doc.items) {
    segs.push(seg("LIN", [i.lineNumber, ...writeIds(i, "LIN")]));
    if (i.description) segs.push(seg("PID", ["F", "", "", "", i.description]));
    for (const d of i.dates ?? []) segs.push(writeDate(d));
    for (const r of i.references ?? []) segs.push(writeReference(r));
    for (const q of i.quantities ?? []) segs.push(seg("QTY", [q.qualifier, out.num(q.quantity), q.uom]));
    segs.push(...(i.extra ?? []));
  }
  segs.push(seg("CTT", [String(doc.items.length)]));
  return segs;
}
