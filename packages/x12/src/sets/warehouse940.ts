// 940 Warehouse Shipping Order as typed JSON (docs/architecture.md "X12"). W76
// total quantity is computed when writing. Code lists such as W0501 vary by
// partner: confirm them against the partner's implementation guide.
import { z } from "zod";
import type { SegmentInput } from "../generate.js";
import type { TransactionSet } from "../model.js";
import { compact, Cursor, decimal, extraSegments, fields, out, seg, text } from "./common.js";
import { itemIdsShape, readIds, writeIds } from "./shared.js";
import { readLxLines, readWarehouseHeading, warehouseHeadingShape, warehouseLineShape, writeWarehouseHeading } from "./warehouse.js";

export const warehouse940LineSchema = z.strictObject({
  ...warehouseLineShape,
  quantity: decimal.describe("W0101 quantity ordered"),
  uom: text.describe("W0102"),
  upcCaseCode: text.optional().describe("W0103"),
  ...itemIdsShape,
});
export type Warehouse940Line = z.infer<typeof warehouse940LineSchema>;

export const warehouse940Schema = z
  .strictObject({
    set: z.literal("940"),
    orderStatus: text.describe("W0501: N original, F cancel, R replace (per partner guide)"),
    depositorOrderNumber: text.describe("W0502"),
    poNumber: text.optional().describe("W0503"),
    linkSequence: text.optional().describe("W0504"),
    masterReference: text.optional().describe("W0505"),
    transactionType: text.optional().describe("W0506"),
    ...warehouseHeadingShape,
    carrier: z
      .strictObject({
        paymentMethod: text.optional().describe("W6601: PP prepaid, CC collect, TP third party"),
        transportMethod: text.optional().describe("W6602"),
        routing: text.optional().describe("W6605"),
        scac: text.optional().describe("W6610"),
      })
      .optional()
      .describe("W66"),
    lines: z.array(warehouse940LineSchema).min(1).describe("LX loops with W01 and G69"),
    totalWeight: decimal.optional().describe("W7602"),
    weightUom: text.optional().describe("W7603"),
    extra: extraSegments,
  })
  .meta({ title: "X12 940", description: "X12 940 warehouse shipping order as typed JSON" });
export type Warehouse940 = z.infer<typeof warehouse940Schema>;

export function read940(set: TransactionSet): Warehouse940 {
  const c = new Cursor(set.segments, "940");
  const w05 = fields(c.expect("W05"), "940", (f) => ({
    orderStatus: f.required(1), depositorOrderNumber: f.required(2), poNumber: f.text(3), linkSequence: f.text(4), masterReference: f.text(5), transactionType: f.text(6),
  }));
  const doc: Warehouse940 = { set: "940", ...w05, lines: [] };
  const extra = c.loop(["LX", "W76"], (s) => {
    if (readWarehouseHeading(s, c, doc)) return true;
    if (s.id !== "W66" || doc.carrier) return false;
    doc.carrier = fields(s, "940", (f) => compact({ paymentMethod: f.required(1), transportMethod: f.text(2), routing: f.text(5), scac: f.text(10) }));
    return true;
  });
  doc.lines = readLxLines<Warehouse940Line>(c, ["LX", "W76"], (s, line) => {
    if (s.id !== "W01" || line.uom) return false;
    Object.assign(line, fields(s, "940", (f) => compact({ quantity: f.num(1), uom: f.required(2), upcCaseCode: f.text(3), ...readIds(f, 4, 2) })));
    return true;
  });
  extra.push(
    ...c.loop([], (s) => {
      if (s.id !== "W76") return false;
      Object.assign(doc, fields(s, "940", (f) => (f.num(1), compact({ totalWeight: f.num(2), weightUom: f.text(3) }))));
      return true;
    }),
  );
  if (extra.length > 0) doc.extra = extra;
  return compact(doc);
}

export function write940(doc: Warehouse940): SegmentInput[] {
  const segs: SegmentInput[] = [
    seg("W05", [doc.orderStatus, doc.depositorOrderNumber, doc.poNumber, doc.linkSequence, doc.masterReference, doc.transactionType]),
    ...writeWarehouseHeading(doc),
  ];
  const k = doc.carrier;
  if (k) segs.push(seg("W66", [k.paymentMethod, k.transportMethod, "", "", k.routing, "", "", "", "", k.scac]));
  segs.push(...(doc.extra ?? []));
  for (const l of doc.lines) {
    segs.push(seg("LX", [l.lineNumber]), seg("W01", [out.num(l.quantity), l.uom, l.upcCaseCode, ...writeIds(l, "W01", 2)]));
    if (l.description) segs.push(seg("G69", [l.description]));
    segs.push(...(l.extra ?? []));
  }
  segs.push(seg("W76", [out.num(doc.lines.reduce((sum, l) => sum + l.quantity, 0)), out.num(doc.totalWeight), doc.weightUom]));
  return segs;
}
