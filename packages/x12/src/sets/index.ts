// The typed JSON per transaction set (docs/architecture.md "X12"): one zod schema
// per set (types, JSON Schema for a mapping's targetSchema), a reader from the
// parsed set and a writer to the generator's input.
//
// Decisions: ST/SE and control numbers belong to the envelope step, so a document
// is only what lies between them. Counts and hash totals (CTT, W76/W03 totals,
// HL01/HL02/HL04) are computed when writing and not kept when reading. A segment the
// typed JSON has no field for is kept, as read, in the `extra` list of the loop it
// appeared in and written back at the end of that loop; an element of a known
// segment that has no field is an X12ReadError naming segment and element.
import { z } from "zod";
import { SET_DEFINITIONS } from "../definitions.js";
import { X12GenerateError, type SegmentInput } from "../generate.js";
import type { Delimiters, TransactionSet } from "../model.js";
import { X12ReadError } from "./common.js";
import { ack997Schema, read997, write997 } from "./ack997.js";
import { inventory846Schema, read846, write846 } from "./inventory846.js";
import { invoice810Schema, read810, write810 } from "./invoice810.js";
import { ack855Schema, read855, write855 } from "./po-ack855.js";
import { po850Schema, read850, write850 } from "./po850.js";
import { read856, ship856Schema, write856 } from "./ship-notice856.js";
import { read940, warehouse940Schema, write940 } from "./warehouse940.js";
import { read945, warehouse945Schema, write945 } from "./warehouse945.js";

export { X12ReadError } from "./common.js";
export type { Ack997 } from "./ack997.js";
export type { Inventory846 } from "./inventory846.js";
export type { Invoice810 } from "./invoice810.js";
export type { Ack855 } from "./po-ack855.js";
export type { Po850 } from "./po850.js";
export type { Ship856 } from "./ship-notice856.js";
export type { Warehouse940 } from "./warehouse940.js";
export type { Warehouse945 } from "./warehouse945.js";
export type { Party, Reference, DateEntry, Carrier, Terms } from "./shared.js";

export const X12_DOCUMENT_SCHEMAS = {
  "850": po850Schema,
  "855": ack855Schema,
  "856": ship856Schema,
  "810": invoice810Schema,
  "846": inventory846Schema,
  "940": warehouse940Schema,
  "945": warehouse945Schema,
  "997": ack997Schema,
} as const;
export type X12DocumentSetId = keyof typeof X12_DOCUMENT_SCHEMAS;
export const X12_DOCUMENT_SET_IDS = Object.keys(X12_DOCUMENT_SCHEMAS) as X12DocumentSetId[];

/** Any typed document, discriminated by `set`. */
export const x12DocumentSchema = z.discriminatedUnion("set", [po850Schema, ack855Schema, ship856Schema, invoice810Schema, inventory846Schema, warehouse940Schema, warehouse945Schema, ack997Schema]);
export type X12Document = z.infer<typeof x12DocumentSchema>;
export type X12DocumentOf<S extends X12DocumentSetId> = Extract<X12Document, { set: S }>;

/** JSON Schema per set (draft 2020-12), for a mapping's targetSchema and the editor's field list. */
export const X12_DOCUMENT_JSON_SCHEMAS = Object.fromEntries(
  X12_DOCUMENT_SET_IDS.map((id) => [id, z.toJSONSchema(X12_DOCUMENT_SCHEMAS[id], { io: "input" }) as Record<string, unknown>]),
) as Record<X12DocumentSetId, Record<string, unknown>>;

export const isX12DocumentSetId = (id: string): id is X12DocumentSetId => Object.hasOwn(X12_DOCUMENT_SCHEMAS, id);

type Codec = { read: (set: TransactionSet) => X12Document; write: (doc: never) => SegmentInput[] };
const CODECS: Record<X12DocumentSetId, Codec> = {
  "850": { read: read850, write: write850 },
  "855": { read: read855, write: write855 },
  "856": { read: read856, write: write856 },
  "810": { read: read810, write: write810 },
  "846": { read: read846, write: write846 },
  "940": { read: read940, write: write940 },
  "945": { read: read945, write: write945 },
  "997": { read: read997, write: write997 },
};

/**
 * A parsed transaction set as its typed JSON. Throws X12ReadError (naming the set,
 * segment, position and element) for a set id without typed JSON or content it cannot hold.
 * `delimiters` is accepted for callers that have them; the parsed model is already split.
 */
export function readTransactionSet(set: TransactionSet, _delimiters?: Delimiters): X12Document {
  if (!isX12DocumentSetId(set.id)) throw new X12ReadError(`no typed JSON for transaction set ${JSON.stringify(set.id)} (ST01); known: ${X12_DOCUMENT_SET_IDS.join(", ")}`, set.id, "ST", 1, 1);
  return CODECS[set.id].read(set);
}

/** What the envelope step needs for one set: ST01, GS01 and the segments between ST and SE. */
export interface TransactionSetBody {
  id: X12DocumentSetId;
  functionalId: string;
  segments: SegmentInput[];
}

/**
 * A typed document as generator input (add `controlNumber` for a SetInput). The
 * document is checked against its schema first: a wrong document is an
 * X12GenerateError listing the paths, never a half-written set.
 */
export function writeTransactionSet(doc: X12Document): TransactionSetBody {
  const set = (doc as { set?: unknown }).set;
  if (typeof set !== "string" || !isX12DocumentSetId(set)) throw new X12GenerateError(`no typed JSON for transaction set ${JSON.stringify(set)}; known: ${X12_DOCUMENT_SET_IDS.join(", ")}`);
  const parsed = X12_DOCUMENT_SCHEMAS[set].safeParse(doc);
  if (!parsed.success) throw new X12GenerateError(`the ${set} document is not valid:\n${z.prettifyError(parsed.error)}`);
  return { id: set, functionalId: SET_DEFINITIONS.get(set)?.functionalId ?? "", segments: CODECS[set].write(parsed.data as never) };
}
