// 997 Functional Acknowledgment as typed JSON (docs/architecture.md "X12"): the
// AK2 loop per acknowledged set with its AK3/AK4 errors, and AK9 for the group.
import { z } from "zod";
import type { SegmentInput } from "../generate.js";
import type { TransactionSet } from "../model.js";
import { compact, Cursor, extraSegments, fields, seg, text, X12ReadError } from "./common.js";

const count = z.number().int().nonnegative();

export const elementErrorSchema = z.strictObject({
  position: z.number().int().positive().describe("AK401-1 element position"),
  componentPosition: z.number().int().positive().optional().describe("AK401-2"),
  reference: text.optional().describe("AK402 data element reference number"),
  code: text.describe("AK403 (723): 1 mandatory missing, 4 too short, 5 too long, 6 invalid character, 7 invalid code, 8 date, 9 time"),
  data: text.optional().describe("AK404 copy of the bad data"),
});

export const segmentErrorSchema = z.strictObject({
  segmentId: text.describe("AK301"),
  position: z.number().int().positive().describe("AK302 position in the set, ST = 1"),
  loopId: text.optional().describe("AK303"),
  code: text.optional().describe("AK304 (720): 1 unrecognized, 2 unexpected, 3 mandatory missing, 4 loop over max, 5 exceeds max use, 7 out of order, 8 element errors"),
  elements: z.array(elementErrorSchema).optional().describe("AK4"),
});

export const setAckSchema = z.strictObject({
  setId: text.describe("AK201"),
  controlNumber: text.describe("AK202"),
  implementationRef: text.optional().describe("AK203 (5010)"),
  errors: z.array(segmentErrorSchema).optional().describe("AK3 loops"),
  status: text.describe("AK501 (717): A accepted, E accepted with errors, R rejected"),
  codes: z.array(text).max(5).optional().describe("AK502-AK506 (718): 3 control number mismatch, 4 SE count, 5 segment errors"),
});

export const ack997Schema = z
  .strictObject({
    set: z.literal("997"),
    functionalId: text.describe("AK101: the acknowledged group's GS01"),
    groupControlNumber: text.describe("AK102: its GS06"),
    version: text.optional().describe("AK103 (5010): its GS08"),
    sets: z.array(setAckSchema).optional().describe("AK2 loops"),
    status: text.describe("AK901 (715): A, E, P partially accepted, R"),
    included: count.describe("AK902 sets included (GE01)"),
    received: count.describe("AK903"),
    accepted: count.describe("AK904"),
    codes: z.array(text).max(5).optional().describe("AK905-AK909 (716)"),
    extra: extraSegments,
  })
  .meta({ title: "X12 997", description: "X12 997 functional acknowledgment as typed JSON" });
export type Ack997 = z.infer<typeof ack997Schema>;
type SetAck = z.infer<typeof setAckSchema>;

const codesOf = (f: { text(n: number): string | undefined }, from: number) => [1, 2, 3, 4, 5].map((k) => f.text(from + k - 1)).filter((v): v is string => v !== undefined);
const int = (v: string | undefined) => (v === undefined ? undefined : Number(v));

export function read997(set: TransactionSet): Ack997 {
  const c = new Cursor(set.segments, "997");
  const ak1 = fields(c.expect("AK1"), "997", (f) => compact({ functionalId: f.required(1), groupControlNumber: f.required(2), version: f.text(3) }));
  const sets: SetAck[] = [];
  const extra = c.loop(["AK2", "AK9"], () => false);
  while (c.at("AK2")) {
    const ak2 = fields(c.next(), "997", (f) => ({ setId: f.required(1), controlNumber: f.required(2), implementationRef: f.text(3) }));
    const ack: SetAck = { ...ak2, status: "" };
    const more = c.loop(["AK2", "AK9"], (s) => {
      if (s.id === "AK3") {
        (ack.errors ??= []).push(fields(s, "997", (f) => compact({ segmentId: f.required(1), position: Number(f.required(2)), loopId: f.text(3), code: f.text(4) })));
      } else if (s.id === "AK4") {
        const last = ack.errors?.at(-1);
        if (!last) throw new X12ReadError(`997: AK4 at set position ${s.position} before any AK3`, "997", "AK4", s.position);
        const e = fields(s, "997", (f) => {
          const [pos, comp] = f.components(1);
          return compact({ position: Number(pos), componentPosition: int(comp), reference: f.text(2), code: f.required(3), data: f.text(4) });
        });
        (last.elements ??= []).push(e);
      } else if (s.id === "AK5" && !ack.status) Object.assign(ack, fields(s, "997", (f) => compact({ status: f.required(1), codes: codesOf(f, 2) })));
      else return false;
      return true;
    });
    if (!ack.status) throw new X12ReadError(`997: the AK2 loop for ${ak2.setId} ${ak2.controlNumber} has no AK5`, "997", "AK2");
    if (more.length > 0) extra.push(...more);
    sets.push(compact(ack));
  }
  const ak9 = fields(c.expect("AK9"), "997", (f) =>
    compact({ status: f.required(1), included: Number(f.required(2)), received: Number(f.required(3)), accepted: Number(f.required(4)), codes: codesOf(f, 5) }),
  );
  extra.push(...c.loop([], () => false));
  const doc: Ack997 = { set: "997", ...ak1, sets, ...ak9 };
  if (extra.length > 0) doc.extra = extra;
  return compact(doc);
}

export function write997(doc: Ack997): SegmentInput[] {
  const segs: SegmentInput[] = [seg("AK1", [doc.functionalId, doc.groupControlNumber, doc.version]), ...(doc.extra ?? [])];
  for (const s of doc.sets ?? []) {
    segs.push(seg("AK2", [s.setId, s.controlNumber, s.implementationRef]));
    for (const e of s.errors ?? []) {
      segs.push(seg("AK3", [e.segmentId, String(e.position), e.loopId, e.code]));
      for (const x of e.elements ?? []) {
        const pos = x.componentPosition === undefined ? String(x.position) : [String(x.position), String(x.componentPosition)];
        segs.push(seg("AK4", [pos, x.reference, x.code, x.data]));
      }
    }
    segs.push(seg("AK5", [s.status, ...(s.codes ?? [])]));
  }
  segs.push(seg("AK9", [doc.status, String(doc.included), String(doc.received), String(doc.accepted), ...(doc.codes ?? [])]));
  return segs;
}
