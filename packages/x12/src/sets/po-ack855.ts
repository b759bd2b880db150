// 855 Purchase Order Acknowledgment as typed JSON (docs/architecture.md "X12").
import { z } from "zod";
import type { SegmentInput } from "../generate.js";
import type { TransactionSet } from "../model.js";
import { compact, Cursor, decimal, extraSegments, fields, isoDate, out, seg, text } from "./common.js";
import { ctt, readLines } from "./po850.js";
import {
  baseLineShape, carrierSchema, currencySchema, dateSchema, partySchema, readCarrier, readCommonHeading, referenceSchema, writeCarrier, writeCurrency, writeDate,
  writeLine, writeParty, writeReference,
} from "./shared.js";

export const lineAckSchema = z.strictObject({
  status: text.describe("ACK01: IA accepted, IB backordered, IC accepted with changes, IR rejected, IQ quantity changed, DR date rescheduled"),
  quantity: decimal.optional().describe("ACK02"),
  uom: text.optional().describe("ACK03"),
  dateQualifier: text.optional().describe("ACK04: 068 current schedule ship, 067 current schedule delivery"),
  date: isoDate.optional().describe("ACK05"),
});

export const ack855LineSchema = z.strictObject({ ...baseLineShape, acknowledgements: z.array(lineAckSchema).optional().describe("ACK loop"), extra: extraSegments });
export type Ack855Line = z.infer<typeof ack855LineSchema>;

export const ack855Schema = z
  .strictObject({
    set: z.literal("855"),
    purpose: text.describe("BAK01: 00 original, 06 confirmation"),
    ackType: text.describe("BAK02: AC acknowledge with detail and change, AD with detail no change, AK no detail, RJ rejected"),
    poNumber: text.describe("BAK03"),
    poDate: isoDate.describe("BAK04"),
    releaseNumber: text.optional().describe("BAK05"),
    requestReference: text.optional().describe("BAK06"),
    contractNumber: text.optional().describe("BAK07"),
    ackDate: isoDate.optional().describe("BAK08"),
    currency: currencySchema.optional(),
    references: z.array(referenceSchema).optional(),
    dates: z.array(dateSchema).optional(),
    carrier: carrierSchema.optional().describe("TD5"),
    parties: z.array(partySchema).optional(),
    lines: z.array(ack855LineSchema).optional().describe("PO1 loops with their ACK lines"),
    extra: extraSegments,
  })
  .meta({ title: "X12 855", description: "X12 855 purchase order acknowledgment as typed JSON" });
export type Ack855 = z.infer<typeof ack855Schema>;

const DETAIL = ["PO1", "CTT"];

export function read855(set: TransactionSet): Ack855 {
  const c = new Cursor(set.segments, "855");
  const bak = fields(c.expect("BAK"), "855", (f) => ({
    purpose: f.required(1), ackType: f.required(2), poNumber: f.required(3), poDate: f.date(4) ?? "", releaseNumber: f.text(5), requestReference: f.text(6),
    contractNumber: f.text(7), ackDate: f.date(8),
  }));
  const doc: Ack855 = { set: "855", ...bak };
  const extra = c.loop(DETAIL, (s) => {
    if (readCommonHeading(s, c, doc)) return true;
    if (s.id === "TD5" && !doc.carrier) doc.carrier = readCarrier(s, "855");
    else return false;
    return true;
  });
  doc.lines = readLines<Ack855Line>(c, "PO1", DETAIL, (s, line) => {
    if (s.id !== "ACK") return false;
    const ack = fields(s, "855", (f) => compact({ status: f.required(1), quantity: f.num(2), uom: f.text(3), dateQualifier: f.text(4), date: f.date(5) }));
    (line.acknowledgements ??= []).push(ack);
    return true;
  });
  extra.push(...c.loop([], (s) => s.id === "CTT"));
  if (extra.length > 0) doc.extra = extra;
  return compact(doc);
}

export function write855(doc: Ack855): SegmentInput[] {
  const segs: SegmentInput[] = [
    seg("BAK", [doc.purpose, doc.ackType, doc.poNumber, out.date(doc.poDate), doc.releaseNumber, doc.requestReference, doc.contractNumber, out.date(doc.ackDate)]),
  ];
  if (doc.currency) segs.push(writeCurrency(doc.currency));
  for (const r of doc.references ?? []) segs.push(writeReference(r));
  for (const d of doc.dates ?? []) segs.push(writeDate(d));
  if (doc.carrier) segs.push(writeCarrier(doc.carrier));
  for (const p of doc.parties ?? []) segs.push(...writeParty(p));
  segs.push(...(doc.extra ?? []));
  const lines = doc.lines ?? [];
  for (const l of lines) {
    segs.push(...writeLine("PO1", l));
    for (const a of l.acknowledgements ?? []) segs.push(seg("ACK", [a.status, out.num(a.quantity), a.uom, a.dateQualifier, out.date(a.date)]));
    segs.push(...(l.extra ?? []));
  }
  if (lines.length > 0) segs.push(ctt(lines));
  return segs;
}
