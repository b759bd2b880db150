// 945 Warehouse Shipping Advice as typed JSON (docs/architecture.md "X12"). W03
// units shipped is computed when writing. W12 elements past W1208 follow the
// layout seen in 3PL files (lot, weight): confirm against the partner's guide.
import { z } from "zod";
import type { SegmentInput } from "../generate.js";
import type { TransactionSet } from "../model.js";
import { compact, Cursor, decimal, extraSegments, fields, isoDate, out, seg, text } from "./common.js";
import { itemIdsShape, readIds, writeIds } from "./shared.js";
import { readLxLines, readWarehouseHeading, warehouseHeadingShape, warehouseLineShape, writeWarehouseHeading } from "./warehouse.js";

export const warehouse945LineSchema = z.strictObject({
  ...warehouseLineShape,
  sscc: z.string().regex(/^(00)?\d{18}$/).optional().describe("MAN*GM"),
  trackingNumber: text.optional().describe("MAN*CP"),
  status: text.describe("W1201: CC complete, CL complete with lots, PR partial, SH shipped"),
  orderedQuantity: decimal.optional().describe("W1202"),
  shippedQuantity: decimal.optional().describe("W1203"),
  differenceQuantity: decimal.optional().describe("W1204"),
  uom: text.optional().describe("W1205"),
  upcCaseCode: text.optional().describe("W1206"),
  ...itemIdsShape,
  warehouseLot: text.optional().describe("W1209"),
  weight: decimal.optional().describe("W1210"),
  weightQualifier: text.optional().describe("W1211"),
  weightUom: text.optional().describe("W1212"),
});
export type Warehouse945Line = z.infer<typeof warehouse945LineSchema>;

export const warehouse945Schema = z
  .strictObject({
    set: z.literal("945"),
    reportingCode: text.describe("W0601: F final, P partial (per partner guide)"),
    depositorOrderNumber: text.optional().describe("W0602"),
    shipDate: isoDate.optional().describe("W0603"),
    shipmentId: text.optional().describe("W0604"),
    agentShipmentId: text.optional().describe("W0605"),
    poNumber: text.optional().describe("W0606"),
    ...warehouseHeadingShape,
    carrier: z
      .strictObject({
        transportMethod: text.describe("W2701"),
        scac: text.optional().describe("W2702"),
        routing: text.optional().describe("W2703"),
        paymentMethod: text.optional().describe("W2704"),
      })
      .optional()
      .describe("W27"),
    lines: z.array(warehouse945LineSchema).min(1).describe("LX loops with MAN, W12 and G69"),
    totalWeight: decimal.optional().describe("W0302"),
    weightUom: text.optional().describe("W0303"),
    extra: extraSegments,
  })
  .meta({ title: "X12 945", description: "X12 945 warehouse shipping advice as typed JSON" });
export type Warehouse945 = z.infer<typeof warehouse945Schema>;

export function read945(set: TransactionSet): Warehouse945 {
  const c = new Cursor(set.segments, "945");
  const w06 = fields(c.expect("W06"), "945", (f) => ({
    reportingCode: f.required(1), depositorOrderNumber: f.text(2), shipDate: f.date(3), shipmentId: f.text(4), agentShipmentId: f.text(5), poNumber: f.text(6),
  }));
  const doc: Warehouse945 = { set: "945", ...w06, lines: [] };
  const extra = c.loop(["LX", "W03"], (s) => {
    if (readWarehouseHeading(s, c, doc)) return true;
    if (s.id !== "W27" || doc.carrier) return false;
    doc.carrier = fields(s, "945", (f) => compact({ transportMethod: f.required(1), scac: f.text(2), routing: f.text(3), paymentMethod: f.text(4) }));
    return true;
  });
  doc.lines = readLxLines<Warehouse945Line>(c, ["LX", "W03"], (s, line) => {
    const q = s.elements[0]?.raw;
    if (s.id === "MAN" && q === "GM" && line.sscc === undefined) line.sscc = fields(s, "945", (f) => (f.required(1), f.required(2)));
    else if (s.id === "MAN" && q === "CP" && line.trackingNumber === undefined) line.trackingNumber = fields(s, "945", (f) => (f.required(1), f.required(2)));
    else if (s.id === "W12" && !line.status) {
      Object.assign(line, fields(s, "945", (f) => compact({
        status: f.required(1), orderedQuantity: f.num(2), shippedQuantity: f.num(3), differenceQuantity: f.num(4), uom: f.text(5), upcCaseCode: f.text(6),
        ...readIds(f, 7, 1), warehouseLot: f.text(9), weight: f.num(10), weightQualifier: f.text(11), weightUom: f.text(12),
      })));
    } else return false;
    return true;
  });
  extra.push(
    ...c.loop([], (s) => {
      if (s.id !== "W03") return false;
      Object.assign(doc, fields(s, "945", (f) => (f.num(1), compact({ totalWeight: f.num(2), weightUom: f.text(3) }))));
      return true;
    }),
  );
  if (extra.length > 0) doc.extra = extra;
  return compact(doc);
}

export function write945(doc: Warehouse945): SegmentInput[] {
  const segs: SegmentInput[] = [
    seg("W06", [doc.reportingCode, doc.depositorOrderNumber, out.date(doc.shipDate), doc.shipmentId, doc.agentShipmentId, doc.poNumber]),
    ...writeWarehouseHeading(doc),
  ];
  const k = doc.carrier;
  if (k) segs.push(seg("W27", [k.transportMethod, k.scac, k.routing, k.paymentMethod]));
  segs.push(...(doc.extra ?? []));
  for (const l of doc.lines) {
    segs.push(seg("LX", [l.lineNumber]));
    if (l.sscc) segs.push(seg("MAN", ["GM", l.sscc]));
    if (l.trackingNumber) segs.push(seg("MAN", ["CP", l.trackingNumber]));
    const ids = writeIds(l, "W12", 1);
    segs.push(seg("W12", [l.status, out.num(l.orderedQuantity), out.num(l.shippedQuantity), out.num(l.differenceQuantity), l.uom, l.upcCaseCode, ids[0], ids[1], l.warehouseLot, out.num(l.weight), l.weightQualifier, l.weightUom]));
    if (l.description) segs.push(seg("G69", [l.description]));
    segs.push(...(l.extra ?? []));
  }
  segs.push(seg("W03", [out.num(doc.lines.reduce((sum, l) => sum + (l.shippedQuantity ?? 0), 0)), out.num(doc.totalWeight), doc.weightUom]));
  return segs;
}
