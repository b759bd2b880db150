// 850 Purchase Order as typed JSON (docs/architecture.md "X12"). Element orders
// are the same in 004010 and 005010 for every segment read here.
import { z } from "zod";
import type { SegmentInput } from "../generate.js";
import type { TransactionSet } from "../model.js";
import { compact, Cursor, decimal, extraSegments, fields, isoDate, out, seg, text } from "./common.js";
import {
  baseLineShape, type BaseLine, carrierSchema, contactSchema, currencySchema, dateSchema, partySchema, readCarrier, readCommonHeading, readContact, readLineDetail,
  readLineSegment, readTerms, referenceSchema, termsSchema, writeCarrier, writeContact, writeCurrency, writeDate, writeLine, writeParty, writeReference, writeTerms,
} from "./shared.js";

export const noteSchema = z.strictObject({
  qualifier: text.describe("N901 (L1 letters or notes, ZZ mutually defined)"),
  value: text.optional().describe("N902"),
  description: text.optional().describe("N903"),
  messages: z.array(text).optional().describe("MSG01 of the MSG segments after this N9"),
});
export type Note = z.infer<typeof noteSchema>;

export const po850LineSchema = z.strictObject({ ...baseLineShape, extra: extraSegments });
export type Po850Line = z.infer<typeof po850LineSchema>;

export const po850Schema = z
  .strictObject({
    set: z.literal("850"),
    purpose: text.describe("BEG01: 00 original, 01 cancellation, 05 replace, 07 duplicate"),
    type: text.describe("BEG02: SA stand-alone, NE new order, DS drop ship, BK blanket, RL release"),
    poNumber: text.describe("BEG03"),
    releaseNumber: text.optional().describe("BEG04"),
    poDate: isoDate.describe("BEG05"),
    contractNumber: text.optional().describe("BEG06"),
    currency: currencySchema.optional().describe("CUR (USD when absent)"),
    references: z.array(referenceSchema).optional().describe("REF"),
    contacts: z.array(contactSchema).optional().describe("PER"),
    terms: z.array(termsSchema).optional().describe("ITD"),
    dates: z.array(dateSchema).optional().describe("DTM"),
    carrier: carrierSchema.optional().describe("TD5"),
    notes: z.array(noteSchema).optional().describe("N9 loops with their MSG lines"),
    parties: z.array(partySchema).optional().describe("N1 loops"),
    lines: z.array(po850LineSchema).min(1).describe("PO1 loops"),
    totalAmount: decimal.optional().describe("AMT*TT; CTT is computed when writing"),
    extra: extraSegments,
  })
  .meta({ title: "X12 850", description: "X12 850 purchase order as typed JSON" });
export type Po850 = z.infer<typeof po850Schema>;

const DETAIL = ["PO1", "CTT", "AMT"];

/** Reads the N9 loop (N9 then its MSGs). */
function readNote(n9: Parameters<typeof readLineSegment>[0], c: Cursor): Note {
  const note: Note = fields(n9, c.setId, (f) => compact({ qualifier: f.required(1), value: f.text(2), description: f.text(3) }));
  while (c.at("MSG")) (note.messages ??= []).push(fields(c.next(), c.setId, (f) => f.required(1)));
  return note;
}

/** A PO1 loop: the line segment, then the segments that belong to it. */
export function readLines<L extends BaseLine & { extra?: SegmentInput[] }>(c: Cursor, id: string, stop: string[], more?: (s: Parameters<typeof readLineSegment>[0], line: L) => boolean): L[] {
  const lines: L[] = [];
  while (c.at(id)) {
    const line = readLineSegment(c.next(), c.setId) as L;
    const extra = c.loop(stop, (s) => readLineDetail(s, line, c.setId) || (more?.(s, line) ?? false));
    if (extra.length > 0) line.extra = extra;
    lines.push(line);
  }
  return lines;
}

export function read850(set: TransactionSet): Po850 {
  const c = new Cursor(set.segments, "850");
  const beg = fields(c.expect("BEG"), "850", (f) => ({
    purpose: f.required(1), type: f.required(2), poNumber: f.required(3), releaseNumber: f.text(4), poDate: f.date(5) ?? "", contractNumber: f.text(6),
  }));
  const doc: Po850 = { set: "850", ...beg, lines: [] };
  const extra = c.loop(DETAIL, (s) => {
    if (readCommonHeading(s, c, doc)) return true;
    if (s.id === "PER") (doc.contacts ??= []).push(readContact(s, "850"));
    else if (s.id === "ITD") (doc.terms ??= []).push(readTerms(s, "850"));
    else if (s.id === "TD5" && !doc.carrier) doc.carrier = readCarrier(s, "850");
    else if (s.id === "N9") (doc.notes ??= []).push(readNote(s, c));
    else return false;
    return true;
  });
  doc.lines = readLines(c, "PO1", DETAIL);
  extra.push(
    ...c.loop([], (s) => {
      if (s.id === "CTT") return true; // computed on write
      if (s.id === "AMT" && s.elements[0]?.raw === "TT" && doc.totalAmount === undefined) doc.totalAmount = fields(s, "850", (f) => (f.required(1), f.num(2)));
      else return false;
      return true;
    }),
  );
  if (extra.length > 0) doc.extra = extra;
  return compact(doc);
}

/** CTT01 line count and CTT02 hash total of quantities. */
export const ctt = (lines: ReadonlyArray<{ quantity: number }>): SegmentInput => seg("CTT", [String(lines.length), out.num(lines.reduce((sum, l) => sum + l.quantity, 0))]);

export function write850(doc: Po850): SegmentInput[] {
  const segs: SegmentInput[] = [seg("BEG", [doc.purpose, doc.type, doc.poNumber, doc.releaseNumber, out.date(doc.poDate), doc.contractNumber])];
  if (doc.currency) segs.push(writeCurrency(doc.currency));
  for (const r of doc.references ?? []) segs.push(writeReference(r));
  for (const k of doc.contacts ?? []) segs.push(writeContact(k));
  for (const t of doc.terms ?? []) segs.push(writeTerms(t));
  for (const d of doc.dates ?? []) segs.push(writeDate(d));
  if (doc.carrier) segs.push(writeCarrier(doc.carrier));
  for (const n of doc.notes ?? []) segs.push(seg("N9", [n.qualifier, n.value, n.description]), ...(n.messages ?? []).map((m) => seg("MSG", [m])));
  for (const p of doc.parties ?? []) segs.push(...writeParty(p));
  segs.push(...(doc.extra ?? []));
  for (const l of doc.lines) segs.push(...writeLine("PO1", l), ...(l.extra ?? []));
  segs.push(ctt(doc.lines));
  if (doc.totalAmount !== undefined) segs.push(seg("AMT", ["TT", out.num(doc.totalAmount)]));
  return segs;
}
