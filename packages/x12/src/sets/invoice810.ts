// 810 Invoice as typed JSON (docs/architecture.md "X12"). TDS01 and SAC05 are N2
// (two implied decimals) on the wire and decimal numbers here; CTT is computed.
import { z } from "zod";
import type { SegmentInput } from "../generate.js";
import type { Segment, TransactionSet } from "../model.js";
import { compact, Cursor, decimal, extraSegments, fields, isoDate, out, seg, text } from "./common.js";
import { readLines } from "./po850.js";
import {
  baseLineShape, currencySchema, dateSchema, partySchema, readCommonHeading, readTerms, referenceSchema, termsSchema, writeCurrency, writeDate, writeLine,
  writeParty, writeReference, writeTerms,
} from "./shared.js";

export const allowanceChargeSchema = z.strictObject({
  indicator: z.enum(["A", "C", "N"]).describe("SAC01: A allowance, C charge, N no allowance or charge"),
  code: text.optional().describe("SAC02: C310 discount, D240 freight, H850 tax, F050 other"),
  amount: decimal.optional().describe("SAC05 (N2 on the wire)"),
  percentQualifier: text.optional().describe("SAC06"),
  percent: decimal.optional().describe("SAC07"),
  rate: decimal.optional().describe("SAC08"),
  uom: text.optional().describe("SAC09"),
  quantity: decimal.optional().describe("SAC10"),
  handling: text.optional().describe("SAC12: 02 off invoice, 06 charge to be paid by customer"),
  referenceId: text.optional().describe("SAC13"),
  description: text.optional().describe("SAC15"),
});
export type AllowanceCharge = z.infer<typeof allowanceChargeSchema>;

export const taxSchema = z.strictObject({
  type: text.describe("TXI01: ST state, LS local, TX all taxes, GS goods and services, CP county, CT city"),
  amount: decimal.optional().describe("TXI02"),
  percent: decimal.optional().describe("TXI03"),
  jurisdictionQualifier: text.optional().describe("TXI04"),
  jurisdiction: text.optional().describe("TXI05"),
  exemptCode: text.optional().describe("TXI06"),
});
export type Tax = z.infer<typeof taxSchema>;

export const invoice810LineSchema = z.strictObject({
  ...baseLineShape,
  unitPrice: decimal.describe("IT104 as a decimal"),
  taxes: z.array(taxSchema).optional().describe("TXI in the IT1 loop"),
  allowances: z.array(allowanceChargeSchema).optional().describe("SAC in the IT1 loop"),
  extra: extraSegments,
});
export type Invoice810Line = z.infer<typeof invoice810LineSchema>;

export const invoice810Schema = z
  .strictObject({
    set: z.literal("810"),
    invoiceDate: isoDate.describe("BIG01"),
    invoiceNumber: text.describe("BIG02"),
    poDate: isoDate.optional().describe("BIG03"),
    poNumber: text.optional().describe("BIG04"),
    releaseNumber: text.optional().describe("BIG05"),
    transactionType: text.optional().describe("BIG07: DI debit invoice, CR credit memo"),
    purpose: text.optional().describe("BIG08: 00 original"),
    currency: currencySchema.optional().describe("CUR (USD when absent)"),
    references: z.array(referenceSchema).optional(),
    parties: z.array(partySchema).optional(),
    terms: z.array(termsSchema).optional().describe("ITD"),
    dates: z.array(dateSchema).optional().describe("DTM (011 shipped)"),
    lines: z.array(invoice810LineSchema).min(1).describe("IT1 loops"),
    totalAmount: decimal.describe("TDS01: the amount due, a decimal here (N2 on the wire)"),
    taxes: z.array(taxSchema).optional().describe("TXI in the summary"),
    carrier: z
      .strictObject({
        transportMethod: text.optional().describe("CAD01"),
        scac: text.optional().describe("CAD04"),
        routing: text.optional().describe("CAD05"),
        referenceQualifier: text.optional().describe("CAD07"),
        reference: text.optional().describe("CAD08"),
        serviceLevel: text.optional().describe("CAD09"),
      })
      .optional()
      .describe("CAD"),
    allowances: z.array(allowanceChargeSchema).optional().describe("SAC loops in the summary"),
    extra: extraSegments,
  })
  .meta({ title: "X12 810", description: "X12 810 invoice as typed JSON" });
export type Invoice810 = z.infer<typeof invoice810Schema>;

const readSac = (s: Segment): AllowanceCharge =>
  fields(s, "810", (f) =>
    compact({
      indicator: f.required(1) as AllowanceCharge["indicator"], code: f.text(2), amount: f.n2(5), percentQualifier: f.text(6), percent: f.num(7), rate: f.num(8),
      uom: f.text(9), quantity: f.num(10), handling: f.text(12), referenceId: f.text(13), description: f.text(15),
    }),
  );
const writeSac = (a: AllowanceCharge): SegmentInput =>
  seg("SAC", [a.indicator, a.code, "", "", out.n2(a.amount), a.percentQualifier, out.num(a.percent), out.num(a.rate), a.uom, out.num(a.quantity), "", a.handling, a.referenceId, "", a.description]);
const readTax = (s: Segment): Tax =>
  fields(s, "810", (f) => compact({ type: f.required(1), amount: f.num(2), percent: f.num(3), jurisdictionQualifier: f.text(4), jurisdiction: f.text(5), exemptCode: f.text(6) }));
const writeTax = (t: Tax): SegmentInput => seg("TXI", [t.type, out.num(t.amount), out.num(t.percent), t.jurisdictionQualifier, t.jurisdiction, t.exemptCode]);

export function read810(set: TransactionSet): Invoice810 {
  const c = new Cursor(set.segments, "810");
  const big = fields(c.expect("BIG"), "810", (f) => ({
    invoiceDate: f.date(1) ?? "", invoiceNumber: f.required(2), poDate: f.date(3), poNumber: f.text(4), releaseNumber: f.text(5), transactionType: f.text(7), purpose: f.text(8),
  }));
  const doc: Invoice810 = { set: "810", ...big, lines: [], totalAmount: 0 };
  const extra = c.loop(["IT1", "TDS"], (s) => {
    if (readCommonHeading(s, c, doc)) return true;
    if (s.id !== "ITD") return false;
    (doc.terms ??= []).push(readTerms(s, "810"));
    return true;
  });
  doc.lines = readLines<Invoice810Line>(c, "IT1", ["IT1", "TDS"], (s, line) => {
    if (s.id === "SAC") (line.allowances ??= []).push(readSac(s));
    else if (s.id === "TXI") (line.taxes ??= []).push(readTax(s));
    else return false;
    return true;
  });
  doc.totalAmount = fields(c.expect("TDS"), "810", (f) => f.n2(1) ?? 0);
  extra.push(
    ...c.loop([], (s) => {
      if (s.id === "TXI") (doc.taxes ??= []).push(readTax(s));
      else if (s.id === "SAC") (doc.allowances ??= []).push(readSac(s));
      else if (s.id === "CAD" && !doc.carrier) {
        doc.carrier = fields(s, "810", (f) => compact({ transportMethod: f.text(1), scac: f.text(4), routing: f.text(5), referenceQualifier: f.text(7), reference: f.text(8), serviceLevel: f.text(9) }));
      } else return s.id === "CTT"; // CTT is computed on write
      return true;
    }),
  );
  if (extra.length > 0) doc.extra = extra;
  return compact(doc);
}

export function write810(doc: Invoice810): SegmentInput[] {
  const segs: SegmentInput[] = [seg("BIG", [out.date(doc.invoiceDate), doc.invoiceNumber, out.date(doc.poDate), doc.poNumber, doc.releaseNumber, "", doc.transactionType, doc.purpose])];
  if (doc.currency) segs.push(writeCurrency(doc.currency));
  for (const r of doc.references ?? []) segs.push(writeReference(r));
  for (const p of doc.parties ?? []) segs.push(...writeParty(p));
  for (const t of doc.terms ?? []) segs.push(writeTerms(t));
  for (const d of doc.dates ?? []) segs.push(writeDate(d));
  segs.push(...(doc.extra ?? []));
  for (const l of doc.lines) {
    segs.push(...writeLine("IT1", l, (l.taxes ?? []).map(writeTax)), ...(l.allowances ?? []).map(writeSac), ...(l.extra ?? []));
  }
  segs.push(seg("TDS", [out.n2(doc.totalAmount)]), ...(doc.taxes ?? []).map(writeTax));
  const k = doc.carrier;
  if (k) segs.push(seg("CAD", [k.transportMethod, "", "", k.scac, k.routing, "", k.referenceQualifier, k.reference, k.serviceLevel]));
  segs.push(...(doc.allowances ?? []).map(writeSac), seg("CTT", [String(doc.lines.length)]));
  return segs;
}
