// 856 Ship Notice/Manifest as typed JSON (docs/architecture.md "X12"): the HL
// hierarchy shipment → order → (tare →) pack → item as nested lists. HL01/HL02/HL04
// and CTT are computed when writing; BSN05 0001 (S, O, T, P, I) is the structure read.
import { z } from "zod";
import type { SegmentInput } from "../generate.js";
import type { Segment, TransactionSet } from "../model.js";
import { compact, Cursor, decimal, extraSegments, fields, isoDate, clockTime, out, seg, text, X12ReadError } from "./common.js";
import {
  carrierSchema, dateSchema, hasItemId, ITEM_ID_REQUIRED, itemIdsShape, partySchema, readCarrier, readDate, readIds, readParty, readReference, referenceSchema, writeCarrier, writeDate,
  writeIds, writeParty, writeReference,
} from "./shared.js";

const levelShape = {
  references: z.array(referenceSchema).optional().describe("REF"),
  dates: z.array(dateSchema).optional().describe("DTM"),
  parties: z.array(partySchema).optional().describe("N1 loops"),
  extra: extraSegments,
};

export const itemSchema = z.strictObject({
  lineNumber: text.optional().describe("LIN01 (the order's line id)"),
  ...itemIdsShape,
  quantity: decimal.describe("SN102 units shipped"),
  uom: text.describe("SN103"),
  orderedQuantity: decimal.optional().describe("SN105"),
  orderedUom: text.optional().describe("SN106"),
  description: text.optional().describe("PID*F PID05"),
  ...levelShape,
}).refine(hasItemId, ITEM_ID_REQUIRED);
export type Item856 = z.infer<typeof itemSchema>;

const sscc = z.string().regex(/^(00)?\d{18}$/, "an SSCC-18 (optionally with its 00 application identifier)");
export const packSchema = z.strictObject({
  sscc: sscc.optional().describe("MAN*GM"),
  trackingNumber: text.optional().describe("REF*CN at the pack level (read from MAN*CP too)"),
  items: z.array(itemSchema).optional().describe("HL I under this pack"),
  ...levelShape,
});
export type Pack856 = z.infer<typeof packSchema>;

export const tareSchema = z.strictObject({ sscc: sscc.optional().describe("MAN*GM of the pallet"), packs: z.array(packSchema).optional(), ...levelShape });

export const orderSchema = z.strictObject({
  poNumber: text.describe("PRF01"),
  releaseNumber: text.optional().describe("PRF02"),
  poDate: isoDate.optional().describe("PRF04"),
  tares: z.array(tareSchema).optional().describe("HL T (pallets)"),
  packs: z.array(packSchema).optional().describe("HL P (cartons)"),
  items: z.array(itemSchema).optional().describe("HL I directly under the order (no pack level)"),
  ...levelShape,
});

export const shipment856Schema = z.strictObject({
  lading: z
    .strictObject({
      packagingCode: text.optional().describe("TD101 (CTN25 carton)"),
      quantity: z.number().int().optional().describe("TD102 lading quantity"),
      weightQualifier: text.optional().describe("TD106 (G gross)"),
      weight: decimal.optional().describe("TD107"),
      weightUom: text.optional().describe("TD108 (LB, KG)"),
    })
    .optional()
    .describe("TD1"),
  carrier: carrierSchema.optional().describe("TD5: SCAC in scac, service in routing / serviceLevel"),
  ...levelShape,
});

export const ship856Schema = z
  .strictObject({
    set: z.literal("856"),
    purpose: text.describe("BSN01: 00 original"),
    shipmentId: text.describe("BSN02"),
    shipDate: isoDate.describe("BSN03"),
    shipTime: clockTime.describe("BSN04"),
    structure: text.optional().describe("BSN05: 0001 shipment/order/pack/item"),
    shipment: shipment856Schema,
    orders: z.array(orderSchema).min(1),
    extra: extraSegments,
  })
  .meta({ title: "X12 856", description: "X12 856 ship notice as typed JSON: shipment → orders → (tares →) packs → items" });
export type Ship856 = z.infer<typeof ship856Schema>;
type Order856 = z.infer<typeof orderSchema>;
type Tare856 = z.infer<typeof tareSchema>;
type Level = { references?: Ship856["shipment"]["references"]; dates?: Ship856["shipment"]["dates"]; parties?: Ship856["shipment"]["parties"]; extra?: SegmentInput[] };

/** Which level may sit under which (HL03 of the parent → allowed HL03 of the child). */
const CHILDREN: Record<string, string[]> = { S: ["O"], O: ["T", "P", "I"], T: ["P"], P: ["I"] };

function readLevelCommon(s: Segment, c: Cursor, level: Level): boolean {
  if (s.id === "REF") (level.references ??= []).push(readReference(s, "856"));
  else if (s.id === "DTM") (level.dates ??= []).push(readDate(s, "856"));
  else if (s.id === "N1") (level.parties ??= []).push(readParty(s, c));
  else return false;
  return true;
}

function manGm(s: Segment, holder: { sscc?: string }): boolean {
  if (s.elements[0]?.raw !== "GM" || holder.sscc !== undefined) return false;
  holder.sscc = fields(s, "856", (f) => (f.required(1), f.required(2)));
  return true;
}

function readBody(s: Segment, c: Cursor, code: string, node: Level): boolean {
  if (readLevelCommon(s, c, node)) {
    const pack = node as Pack856;
    // A pack's REF*CN is its tracking number, not a reference.
    const last = pack.references?.at(-1);
    if (code === "P" && s.id === "REF" && last?.qualifier === "CN" && pack.trackingNumber === undefined && last.value && !last.description) {
      pack.trackingNumber = last.value;
      pack.references?.pop();
      if (pack.references?.length === 0) delete pack.references;
    }
    return true;
  }
  if (code === "S") {
    const sh = node as Ship856["shipment"];
    if (s.id === "TD1" && !sh.lading) sh.lading = fields(s, "856", (f) => compact({ packagingCode: f.text(1), quantity: f.num(2), weightQualifier: f.text(6), weight: f.num(7), weightUom: f.text(8) }));
    else if (s.id === "TD5" && !sh.carrier) sh.carrier = readCarrier(s, "856");
    else return false;
    return true;
  }
  if (code === "O" && s.id === "PRF") {
    Object.assign(node, fields(s, "856", (f) => compact({ poNumber: f.required(1), releaseNumber: f.text(2), poDate: f.date(4) })));
    return true;
  }
  if (code === "T" || code === "P") {
    if (s.id !== "MAN") return false;
    if (manGm(s, node as Pack856)) return true;
    const pack = node as Pack856;
    if (code !== "P" || s.elements[0]?.raw !== "CP" || pack.trackingNumber !== undefined) return false;
    pack.trackingNumber = fields(s, "856", (f) => (f.required(1), f.required(2)));
    return true;
  }
  if (code === "I") {
    const item = node as Item856;
    if (s.id === "LIN") Object.assign(item, fields(s, "856", (f) => compact({ lineNumber: f.text(1), ...readIds(f, 2) })));
    else if (s.id === "SN1") Object.assign(item, fields(s, "856", (f) => compact({ quantity: f.num(2), uom: f.required(3), orderedQuantity: f.num(5), orderedUom: f.text(6) })));
    else if (s.id === "PID" && s.elements[0]?.raw === "F" && item.description === undefined) item.description = fields(s, "856", (f) => (f.required(1), f.required(5)));
    else return false;
    return true;
  }
  return false;
}

export function read856(set: TransactionSet): Ship856 {
  const c = new Cursor(set.segments, "856");
  const bsn = fields(c.expect("BSN"), "856", (f) => compact({ purpose: f.required(1), shipmentId: f.required(2), shipDate: f.date(3) ?? "", shipTime: f.time(4) ?? "", structure: f.text(5) }));
  const docExtra = c.loop(["HL", "CTT"], () => false);
  const nodes = new Map<string, { code: string; node: Level }>();
  let shipment: Ship856["shipment"] | undefined;
  const orders: Order856[] = [];
  while (c.at("HL")) {
    const hl = c.next();
    const { id, parent, code } = fields(hl, "856", (f) => ({ id: f.required(1), parent: f.text(2), code: f.required(3), child: f.text(4) }));
    const fail = (what: string): never => {
      throw new X12ReadError(`856: HL at set position ${hl.position} (HL01 ${id}, level ${code}): ${what}`, "856", "HL", hl.position);
    };
    if (nodes.has(id)) fail("HL01 is not unique");
    const up = parent === undefined ? undefined : (nodes.get(parent) ?? fail(`parent HL02 ${parent} is not an earlier HL`));
    if (code === "S" ? up !== undefined || shipment !== undefined : !up || !CHILDREN[up.code]?.includes(code)) {
      fail(code === "S" ? "a second or nested shipment level" : `level ${code} under ${up?.code ?? "nothing"} is not read (structure S → O → (T →) P → I)`);
    }
    const node: Level = code === "O" ? { poNumber: "" } as Order856 : code === "I" ? ({ quantity: 0, uom: "" } as Item856) : {};
    if (code === "S") shipment = node;
    else if (code === "O") orders.push(node as Order856);
    else {
      const key = code === "T" ? "tares" : code === "P" ? "packs" : "items";
      const holder = up?.node as Record<string, Level[] | undefined>;
      (holder[key] ??= []).push(node);
    }
    nodes.set(id, { code, node });
    const extra = c.loop(["HL", "CTT"], (s) => readBody(s, c, code, node));
    if (extra.length > 0) node.extra = extra;
    if (code === "O" && !(node as Order856).poNumber) fail("the order level has no PRF (PO number)");
    if (code === "I" && !(node as Item856).uom) fail("the item level has no SN1 (quantity shipped)");
  }
  docExtra.push(...c.loop([], (s) => s.id === "CTT"));
  if (!shipment) throw new X12ReadError("856: no shipment level (HL*S)", "856", "HL");
  const doc: Ship856 = { set: "856", ...bsn, shipment: compact(shipment), orders };
  if (docExtra.length > 0) doc.extra = docExtra;
  for (const { node } of nodes.values()) compact(node);
  return doc;
}

/** The level's REF, then `marks` (MAN), DTM and N1 loops: the order of the 856 HL loop. */
function writeLevel(l: Level, marks: SegmentInput[] = []): SegmentInput[] {
  return [...(l.references ?? []).map((r) => writeReference(r)), ...marks, ...(l.dates ?? []).map(writeDate), ...(l.parties ?? []).flatMap(writeParty)];
}
const gm = (sscc: string | undefined): SegmentInput[] => (sscc ? [seg("MAN", ["GM", sscc])] : []);

export function write856(doc: Ship856): SegmentInput[] {
  const segs: SegmentInput[] = [seg("BSN", [doc.purpose, doc.shipmentId, out.date(doc.shipDate), out.time(doc.shipTime), doc.structure]), ...(doc.extra ?? [])];
  let count = 0;
  let shipped = 0;
  const hl = (parent: number | undefined, code: string, hasChildren: boolean, body: SegmentInput[], extra: SegmentInput[] | undefined): number => {
    const id = ++count;
    segs.push(seg("HL", [String(id), parent === undefined ? "" : String(parent), code, hasChildren ? "1" : "0"]), ...body, ...(extra ?? []));
    return id;
  };
  const items = (parent: number, list: Item856[] | undefined) => {
    for (const i of list ?? []) {
      shipped += i.quantity;
      const lin = writeIds(i, "LIN");
      hl(parent, "I", false, [
        ...(i.lineNumber !== undefined || lin.length > 0 ? [seg("LIN", [i.lineNumber, ...lin])] : []),
        seg("SN1", ["", out.num(i.quantity), i.uom, "", out.num(i.orderedQuantity), i.orderedUom]),
        ...(i.description ? [seg("PID", ["F", "", "", "", i.description])] : []),
        ...writeLevel(i),
      ], i.extra);
    }
  };
  const packs = (parent: number, list: Pack856[] | undefined) => {
    for (const p of list ?? []) {
      const body = [...(p.trackingNumber ? [seg("REF", ["CN", p.trackingNumber])] : []), ...writeLevel(p, gm(p.sscc))];
      items(hl(parent, "P", (p.items ?? []).length > 0, body, p.extra), p.items);
    }
  };
  const s = doc.shipment;
  const sh = hl(undefined, "S", doc.orders.length > 0, [
    ...(s.lading ? [seg("TD1", [s.lading.packagingCode, out.int(s.lading.quantity), "", "", "", s.lading.weightQualifier, out.num(s.lading.weight), s.lading.weightUom])] : []),
    ...(s.carrier ? [writeCarrier(s.carrier)] : []),
    ...writeLevel(s),
  ], s.extra);
  for (const o of doc.orders) {
    const kids = [...(o.tares ?? []), ...(o.packs ?? []), ...(o.items ?? [])].length > 0;
    const oid = hl(sh, "O", kids, [seg("PRF", [o.poNumber, o.releaseNumber, "", out.date(o.poDate)]), ...writeLevel(o)], o.extra);
    for (const t of o.tares ?? []) packs(hl(oid, "T", (t.packs ?? []).length > 0, writeLevel(t, gm(t.sscc)), t.extra), t.packs);
    packs(oid, o.packs);
    items(oid, o.items);
  }
  segs.push(seg("CTT", [String(count), out.num(shipped)]));
  return segs;
}

export type { Tare856 };
