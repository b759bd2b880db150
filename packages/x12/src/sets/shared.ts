// Segment groups several sets share (docs/architecture.md "X12"): N1 parties,
// REF references, DTM dates, CUR, TD5 carrier, product id pairs and the PO1/IT1 line.
import { z } from "zod";
import { X12GenerateError, type SegmentInput } from "../generate.js";
import type { Segment } from "../model.js";
import { clockTime, compact, type Cursor, decimal, type Fields, fields, isoDate, out, seg, text, X12ReadError } from "./common.js";

export const addressSchema = z.strictObject({
  line1: text.optional().describe("N301"),
  line2: text.optional().describe("N302"),
  city: text.optional().describe("N401"),
  state: text.optional().describe("N402 state or province code"),
  postalCode: text.optional().describe("N403"),
  country: text.optional().describe("N404 country code"),
});

export const contactSchema = z.strictObject({
  function: text.describe("PER01: IC information contact, BD buyer, DC delivery contact"),
  name: text.optional().describe("PER02"),
  phone: text.optional().describe("PER qualifier TE"),
  email: text.optional().describe("PER qualifier EM"),
  fax: text.optional().describe("PER qualifier FX"),
});

export const partySchema = z.strictObject({
  role: text.describe("N101 entity code: ST ship-to, BT bill-to, BY buyer, SE/VN seller, SF ship-from, WH warehouse"),
  name: text.optional().describe("N102"),
  idQualifier: text.optional().describe("N103: 92 assigned by buyer, UL GLN, 1 DUNS, 9 DUNS+4"),
  id: text.optional().describe("N104 (store / DC number under qualifier 92)"),
  additionalName: text.optional().describe("N201"),
  address: addressSchema.optional(),
  contact: contactSchema.optional(),
});
export type Party = z.infer<typeof partySchema>;

export const referenceSchema = z.strictObject({
  qualifier: text.describe("REF01: DP department, IA vendor number, BM bill of lading, CN carrier reference (PRO / tracking), PO purchase order"),
  value: text.optional().describe("REF02"),
  description: text.optional().describe("REF03"),
});
export type Reference = z.infer<typeof referenceSchema>;

export const dateSchema = z.strictObject({
  qualifier: text.describe("DTM01: 002 delivery requested, 010 requested ship, 001 cancel after, 011 shipped, 017 estimated delivery"),
  date: isoDate.optional().describe("DTM02"),
  time: clockTime.optional().describe("DTM03"),
  timeZone: text.optional().describe("DTM04"),
});
export type DateEntry = z.infer<typeof dateSchema>;

export const currencySchema = z.strictObject({ entity: text.describe("CUR01: BY buyer, SE seller"), code: z.string().length(3).describe("CUR02 ISO 4217") });

export const carrierSchema = z.strictObject({
  routingSequence: text.optional().describe("TD501: B origin carrier"),
  idQualifier: text.optional().describe("TD502: 2 = SCAC"),
  scac: text.optional().describe("TD503 carrier SCAC (UPSN, FDEG)"),
  transportMethod: text.optional().describe("TD504: M motor, U private parcel, A air"),
  routing: text.optional().describe("TD505 free-form routing / service"),
  serviceLevel: text.optional().describe("TD512 service level code (ND next day, SE second day, CG ground)"),
}).refine((c) => c.scac === undefined || c.idQualifier !== undefined, { message: "TD502 idQualifier (2 = SCAC) is required with scac", path: ["idQualifier"] });
export type Carrier = z.infer<typeof carrierSchema>;

export const itemIdsShape = {
  buyerItem: text.optional().describe("qualifier BP (buyer's part number)"),
  vendorItem: text.optional().describe("qualifier VP (vendor's part number, our SKU)"),
  upc: text.optional().describe("qualifier UP (UPC-A 12)"),
  gtin: text.optional().describe("qualifier UK (GTIN-14)"),
  ean: text.optional().describe("qualifier EN (EAN-13)"),
  lotNumber: text.optional().describe("qualifier LT"),
  otherIds: z.array(z.strictObject({ qualifier: text, id: text })).optional().describe("other qualifier/id pairs (IN, VN, SK, ...) in order"),
};
/** LIN02/LIN03 are mandatory: an item line needs at least one product id. */
export const hasItemId = (o: ItemIds) => NAMED_IDS.some(([key]) => o[key] !== undefined) || (o.otherIds ?? []).length > 0;
export const ITEM_ID_REQUIRED = { message: "an item needs at least one product id (buyerItem, vendorItem, upc, gtin, ean, lotNumber or otherIds): LIN02/LIN03 are mandatory", path: ["vendorItem"] };
type ItemIds = { [K in keyof typeof itemIdsShape]?: z.infer<(typeof itemIdsShape)[K]> };
const NAMED_IDS: ReadonlyArray<[keyof Omit<ItemIds, "otherIds">, string]> = [
  ["buyerItem", "BP"], ["vendorItem", "VP"], ["upc", "UP"], ["gtin", "UK"], ["ean", "EN"], ["lotNumber", "LT"],
];

/** Qualifier/id pairs starting at `from` (as many as present; `slots` caps the pairs the segment has). */
export function readIds(f: Fields, from: number, slots = 10): ItemIds {
  const ids: ItemIds = {};
  const other: Array<{ qualifier: string; id: string }> = [];
  for (let k = 0; k < slots; k++) {
    const q = f.text(from + 2 * k);
    const id = f.text(from + 2 * k + 1);
    if (q === undefined && id === undefined) continue;
    if (q === undefined || id === undefined) throw new X12ReadError(`${f.setId}: ${f.seg.id}${String(from + 2 * k).padStart(2, "0")} at set position ${f.seg.position}: a product id qualifier without its id (or the reverse)`, f.setId, f.seg.id, f.seg.position, from + 2 * k);
    const named = NAMED_IDS.find(([key, code]) => code === q && ids[key] === undefined);
    if (named) ids[named[0]] = id;
    else other.push({ qualifier: q, id });
  }
  if (other.length > 0) ids.otherIds = other;
  return ids;
}

/** The id pairs as element values, named ones first; refuses more than `slots` pairs. */
export function writeIds(ids: ItemIds, where: string, slots = 10): string[] {
  const pairs: string[] = [];
  for (const [key, code] of NAMED_IDS) if (ids[key] !== undefined) pairs.push(code, ids[key] as string);
  for (const o of ids.otherIds ?? []) pairs.push(o.qualifier, o.id);
  if (pairs.length / 2 > slots) throw new X12GenerateError(`${where}: ${pairs.length / 2} product ids, the segment has room for ${slots}`);
  return pairs;
}

export function pickIds<T extends ItemIds>(o: T): ItemIds {
  const { buyerItem, vendorItem, upc, gtin, ean, lotNumber, otherIds } = o;
  return { buyerItem, vendorItem, upc, gtin, ean, lotNumber, otherIds };
}

// ---------- readers / writers of the shared segments ----------
export const readReference = (s: Segment, setId: string): Reference => fields(s, setId, (f) => compact({ qualifier: f.required(1), value: f.text(2), description: f.text(3) }));
export const writeReference = (r: Reference, id = "REF"): SegmentInput => seg(id, [r.qualifier, r.value, r.description]);
export const readDate = (s: Segment, setId: string): DateEntry => fields(s, setId, (f) => compact({ qualifier: f.required(1), date: f.date(2), time: f.time(3), timeZone: f.text(4) }));
export const writeDate = (d: DateEntry): SegmentInput => seg("DTM", [d.qualifier, out.date(d.date), out.time(d.time), d.timeZone]);
export const readCurrency = (s: Segment, setId: string) => fields(s, setId, (f) => ({ entity: f.required(1), code: f.required(2) }));
export const writeCurrency = (c: z.infer<typeof currencySchema>): SegmentInput => seg("CUR", [c.entity, c.code]);
export const readCarrier = (s: Segment, setId: string): Carrier =>
  fields(s, setId, (f) => compact({ routingSequence: f.text(1), idQualifier: f.text(2), scac: f.text(3), transportMethod: f.text(4), routing: f.text(5), serviceLevel: f.text(12) }));
export const writeCarrier = (c: Carrier): SegmentInput =>
  seg("TD5", [c.routingSequence, c.idQualifier, c.scac, c.transportMethod, c.routing, "", "", "", "", "", "", c.serviceLevel]);

const CONTACT_CODES: ReadonlyArray<["phone" | "email" | "fax", string]> = [["phone", "TE"], ["email", "EM"], ["fax", "FX"]];

export function readContact(s: Segment, setId: string): NonNullable<Party["contact"]> {
  return fields(s, setId, (f) => {
    const c: NonNullable<Party["contact"]> = compact({ function: f.required(1), name: f.text(2) });
    for (const n of [3, 5, 7]) {
      const q = f.text(n);
      const v = f.text(n + 1);
      const key = CONTACT_CODES.find(([, code]) => code === q)?.[0];
      if (q === undefined && v === undefined) continue;
      if (!key || v === undefined || c[key] !== undefined) throw new X12ReadError(`${setId}: PER${String(n).padStart(2, "0")} at set position ${s.position}: communication qualifier ${JSON.stringify(q)} is not one of TE, EM, FX`, setId, "PER", s.position, n);
      c[key] = v;
    }
    return c;
  });
}

/** An N1 loop: the N1 already taken, then at most one each of N2, N3, N4, PER right after it. */
export function readParty(n1: Segment, c: Cursor): Party {
  const p: Party = fields(n1, c.setId, (f) => compact({ role: f.required(1), name: f.text(2), idQualifier: f.text(3), id: f.text(4) }));
  const seen = new Set<string>();
  while (c.at("N2", "N3", "N4", "PER") && !seen.has(c.peek()?.id ?? "")) {
    const s = c.next();
    seen.add(s.id);
    if (s.id === "N2") p.additionalName = fields(s, c.setId, (f) => f.required(1));
    else if (s.id === "PER") p.contact = readContact(s, c.setId);
    else {
      const part = fields(s, c.setId, (f) => (s.id === "N3" ? { line1: f.required(1), line2: f.text(2) } : { city: f.text(1), state: f.text(2), postalCode: f.text(3), country: f.text(4) }));
      p.address = compact({ ...p.address, ...part });
    }
  }
  return p;
}

export function writeParty(p: Party): SegmentInput[] {
  const segs = [seg("N1", [p.role, p.name, p.idQualifier, p.id])];
  if (p.additionalName) segs.push(seg("N2", [p.additionalName]));
  const a = p.address;
  if (a?.line1) segs.push(seg("N3", [a.line1, a.line2]));
  if (a && (a.city || a.state || a.postalCode || a.country)) segs.push(seg("N4", [a.city, a.state, a.postalCode, a.country]));
  if (p.contact) segs.push(writeContact(p.contact));
  return segs;
}

export const writeContact = (k: NonNullable<Party["contact"]>): SegmentInput => seg("PER", [k.function, k.name, ...CONTACT_CODES.flatMap(([key, code]) => (k[key] ? [code, k[key]] : []))]);

// ---------- the PO1 / IT1 line ----------
export const baseLineShape = {
  lineNumber: text.optional().describe("PO101 / IT101 assigned id"),
  quantity: decimal.describe("PO102 / IT102"),
  uom: text.describe("PO103 / IT103 unit: EA each, CA case"),
  unitPrice: decimal.optional().describe("PO104 / IT104 as a decimal"),
  priceBasis: text.optional().describe("PO105 / IT105: PE price per each, CT contract"),
  ...itemIdsShape,
  description: text.optional().describe("PID*F PID05"),
  pack: decimal.optional().describe("PO401 inner units per outer pack"),
  packSize: decimal.optional().describe("PO402"),
  packUom: text.optional().describe("PO403"),
  dates: z.array(dateSchema).optional(),
  references: z.array(referenceSchema).optional(),
};
export const baseLineSchema = z.strictObject(baseLineShape);
export type BaseLine = z.infer<typeof baseLineSchema>;

/** The line segment itself (PO1 or IT1). */
export function readLineSegment(s: Segment, setId: string): BaseLine {
  return fields(s, setId, (f) => compact({ lineNumber: f.text(1), quantity: f.num(2) ?? 0, uom: f.required(3), unitPrice: f.num(4), priceBasis: f.text(5), ...readIds(f, 6) }) as BaseLine);
}

/**
 * A segment belonging to a line: PID*F (first only), PO4, DTM, REF. Returns false
 * for anything else, which the caller keeps in the line's `extra`.
 */
export function readLineDetail(s: Segment, line: BaseLine, setId: string): boolean {
  if (s.id === "PID" && s.elements[0]?.raw === "F" && line.description === undefined) {
    line.description = fields(s, setId, (f) => (f.required(1), f.required(5)));
  } else if (s.id === "PO4" && line.pack === undefined) {
    Object.assign(line, fields(s, setId, (f) => compact({ pack: f.num(1), packSize: f.num(2), packUom: f.text(3) })));
  } else if (s.id === "DTM") (line.dates ??= []).push(readDate(s, setId));
  else if (s.id === "REF") (line.references ??= []).push(readReference(s, setId));
  else return false;
  return true;
}

/** The line's segments; `afterLine` goes right after PO1/IT1 (the 810's TXI comes before PID). */
export function writeLine(id: "PO1" | "IT1", l: BaseLine, afterLine: SegmentInput[] = []): SegmentInput[] {
  const segs = [seg(id, [l.lineNumber, out.num(l.quantity), l.uom, out.num(l.unitPrice), l.priceBasis, ...writeIds(l, id)]), ...afterLine];
  if (l.description) segs.push(seg("PID", ["F", "", "", "", l.description]));
  if (l.pack !== undefined || l.packSize !== undefined || l.packUom) segs.push(seg("PO4", [out.num(l.pack), out.num(l.packSize), l.packUom]));
  for (const r of l.references ?? []) segs.push(writeReference(r));
  for (const d of l.dates ?? []) segs.push(writeDate(d));
  return segs;
}

// ---------- ITD terms (850, 810) ----------
export const termsSchema = z.strictObject({
  type: text.optional().describe("ITD01: 01 basic, 05 discount not applicable, 08 basic discount offered"),
  basisDate: text.optional().describe("ITD02: 3 invoice date, 2 delivery date"),
  discountPercent: decimal.optional().describe("ITD03"),
  discountDueDate: isoDate.optional().describe("ITD04"),
  discountDays: z.number().int().optional().describe("ITD05"),
  netDueDate: isoDate.optional().describe("ITD06"),
  netDays: z.number().int().optional().describe("ITD07"),
  discountAmount: decimal.optional().describe("ITD08 (N2, decimal here)"),
  description: text.optional().describe("ITD12"),
  dayOfMonth: z.number().int().optional().describe("ITD13"),
});
export type Terms = z.infer<typeof termsSchema>;

export const readTerms = (s: Segment, setId: string): Terms =>
  fields(s, setId, (f) =>
    compact({
      type: f.text(1), basisDate: f.text(2), discountPercent: f.num(3), discountDueDate: f.date(4), discountDays: f.num(5), netDueDate: f.date(6),
      netDays: f.num(7), discountAmount: f.n2(8), description: f.text(12), dayOfMonth: f.num(13),
    }),
  );
export const writeTerms = (t: Terms): SegmentInput =>
  seg("ITD", [t.type, t.basisDate, out.num(t.discountPercent), out.date(t.discountDueDate), out.int(t.discountDays), out.date(t.netDueDate), out.int(t.netDays), out.n2(t.discountAmount), "", "", "", t.description, out.int(t.dayOfMonth)]);

/** Heading segments most sets share; returns false for others. */
export interface CommonHeading {
  currency?: z.infer<typeof currencySchema>;
  references?: Reference[];
  dates?: DateEntry[];
  parties?: Party[];
}
export function readCommonHeading(s: Segment, c: Cursor, doc: CommonHeading): boolean {
  if (s.id === "CUR" && !doc.currency) doc.currency = readCurrency(s, c.setId);
  else if (s.id === "REF") (doc.references ??= []).push(readReference(s, c.setId));
  else if (s.id === "DTM") (doc.dates ??= []).push(readDate(s, c.setId));
  else if (s.id === "N1") (doc.parties ??= []).push(readParty(s, c));
  else return false;
  return true;
}
