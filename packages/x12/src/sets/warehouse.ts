// Pieces the 940 and 945 share (docs/architecture.md "X12"): N9 references,
// G62 dates, NTE notes and the LX line loop's G69 description.
import { z } from "zod";
import type { SegmentInput } from "../generate.js";
import type { Segment } from "../model.js";
import { clockTime, compact, type Cursor, extraSegments, fields, isoDate, out, seg, text } from "./common.js";
import { partySchema, readParty, writeParty, type Party } from "./shared.js";

export const warehouseReferenceSchema = z.strictObject({
  qualifier: text.describe("N901: PO purchase order, BM bill of lading, CO customer order"),
  value: text.optional().describe("N902"),
  description: text.optional().describe("N903"),
});
export const warehouseDateSchema = z.strictObject({
  qualifier: text.describe("G6201: 10 requested ship, 02 delivery requested, 11 shipped"),
  date: isoDate.optional().describe("G6202"),
  timeQualifier: text.optional().describe("G6203"),
  time: clockTime.optional().describe("G6204"),
});
export const noteSchema = z.strictObject({ code: text.optional().describe("NTE01: WHI warehouse instruction, DEL delivery"), text: text.describe("NTE02") });

export const warehouseHeadingShape = {
  parties: z.array(partySchema).optional().describe("N1 loops (ST ship-to, WH warehouse, DE depositor)"),
  references: z.array(warehouseReferenceSchema).optional().describe("N9"),
  dates: z.array(warehouseDateSchema).optional().describe("G62"),
  notes: z.array(noteSchema).optional().describe("NTE"),
};
export const warehouseLineShape = { lineNumber: text.describe("LX01"), description: text.optional().describe("G69"), extra: extraSegments };

export interface WarehouseHeading {
  parties?: Party[];
  references?: Array<z.infer<typeof warehouseReferenceSchema>>;
  dates?: Array<z.infer<typeof warehouseDateSchema>>;
  notes?: Array<z.infer<typeof noteSchema>>;
}

export function readWarehouseHeading(s: Segment, c: Cursor, doc: WarehouseHeading): boolean {
  const id = c.setId;
  if (s.id === "N1") (doc.parties ??= []).push(readParty(s, c));
  else if (s.id === "N9") (doc.references ??= []).push(fields(s, id, (f) => compact({ qualifier: f.required(1), value: f.text(2), description: f.text(3) })));
  else if (s.id === "G62") (doc.dates ??= []).push(fields(s, id, (f) => compact({ qualifier: f.required(1), date: f.date(2), timeQualifier: f.text(3), time: f.time(4) })));
  else if (s.id === "NTE") (doc.notes ??= []).push(fields(s, id, (f) => compact({ code: f.text(1), text: f.required(2) })));
  else return false;
  return true;
}

export function writeWarehouseHeading(doc: WarehouseHeading): SegmentInput[] {
  return [
    ...(doc.parties ?? []).flatMap(writeParty),
    ...(doc.references ?? []).map((r) => seg("N9", [r.qualifier, r.value, r.description])),
    ...(doc.dates ?? []).map((d) => seg("G62", [d.qualifier, out.date(d.date), d.timeQualifier, out.time(d.time)])),
    ...(doc.notes ?? []).map((n) => seg("NTE", [n.code, n.text])),
  ];
}

/** LX loops: `detail` reads the line's own segments; G69 is the description; the rest is `extra`. */
export function readLxLines<L extends { lineNumber: string; description?: string; extra?: SegmentInput[] }>(c: Cursor, stop: string[], detail: (s: Segment, line: L) => boolean): L[] {
  const lines: L[] = [];
  while (c.at("LX")) {
    const line = { lineNumber: fields(c.next(), c.setId, (f) => f.required(1)) } as L;
    const extra = c.loop(stop, (s) => {
      if (s.id === "G69" && line.description === undefined) line.description = fields(s, c.setId, (f) => f.required(1));
      else return detail(s, line);
      return true;
    });
    if (extra.length > 0) line.extra = extra;
    lines.push(compact(line));
  }
  return lines;
}
