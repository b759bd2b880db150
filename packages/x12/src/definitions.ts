// Transaction-set definitions as small tables (docs/architecture.md "X12").
// One line per segment: id, mandatory or optional, then its elements as
// [reference, M|O, type, min, max, codes?]. Add a set by adding a table here.
// Only the segments a partner actually sends need to be listed; a segment not in
// the table is reported as AK3 code 2 ("unexpected segment"). Elements past the
// listed ones are unchecked unless the segment is marked `complete` (then they
// are AK4 code 3, "too many data elements"): most tables list the leading elements only.

export type ElementType = "ID" | "AN" | "N0" | "N2" | "R" | "DT" | "TM" | "COMP";
export type ElementDef = [ref: string, req: "M" | "O", type: ElementType, min: number, max: number, codes?: readonly string[]];

export interface SegmentDef {
  id: string;
  req: "M" | "O";
  /** Loop identifier written to AK303 for segments inside a loop. */
  loop?: string;
  elements: ElementDef[];
  /** Every element of the segment is listed. */
  complete?: boolean;
  /** Maximum use within one pass of its loop (or the set); unchecked when absent (AK3 code 5). */
  max?: number;
}

export interface LoopDef {
  /** The enclosing loop; a loop of the set itself when absent. */
  parent?: string;
  /** Maximum repeats within one pass of the parent (or the set); unchecked when absent (AK3 code 4). */
  max?: number;
}

/**
 * `segments` are listed in the standard's order: a segment may only go back to an
 * earlier entry by starting a new pass of a loop it is in (AK3 code 7). An id may be
 * listed twice (REF in the heading and in a line loop): the first entry at or after
 * the current place is taken.
 */
export interface SetDefinition {
  id: string;
  functionalId: string;
  segments: SegmentDef[];
  loops?: Record<string, LoopDef>;
}

const once = (s: SegmentDef): SegmentDef => ({ ...s, max: 1 });

const seg = (id: string, req: "M" | "O", elements: ElementDef[], loop?: string): SegmentDef => (loop ? { id, req, elements, loop } : { id, req, elements });

// Shared segments (the same element layout in every set that uses them).
const REF = (req: "M" | "O", loop?: string) => seg("REF", req, [["128", "M", "ID", 2, 3], ["127", "O", "AN", 1, 50], ["352", "O", "AN", 1, 80]], loop);
const DTM = (loop?: string) => seg("DTM", "O", [["374", "M", "ID", 3, 3], ["373", "O", "DT", 8, 8], ["337", "O", "TM", 4, 8]], loop);
const N1 = seg("N1", "O", [["98", "M", "ID", 2, 3], ["93", "O", "AN", 1, 60], ["66", "O", "ID", 1, 2], ["67", "O", "AN", 2, 80]], "N1");
const N2 = seg("N2", "O", [["93", "M", "AN", 1, 60], ["93", "O", "AN", 1, 60]], "N1");
/** The N1 loop as the typed JSON writes it (docs/architecture.md "X12"); PER_N1 follows where a set allows it. */
const PARTY = () => [N1, N2, N3, N4];
const N3 = seg("N3", "O", [["166", "M", "AN", 1, 55], ["166", "O", "AN", 1, 55]], "N1");
const N4 = seg("N4", "O", [["19", "O", "AN", 2, 30], ["156", "O", "ID", 2, 2], ["116", "O", "ID", 3, 15], ["26", "O", "ID", 2, 3]], "N1");
const PER = seg("PER", "O", [["366", "M", "ID", 2, 2], ["93", "O", "AN", 1, 60], ["365", "O", "ID", 2, 2], ["364", "O", "AN", 1, 256]]);
const PER_N1: SegmentDef = { ...PER, loop: "N1" };
const CTT = seg("CTT", "O", [["354", "M", "N0", 1, 6], ["347", "O", "R", 1, 10]], "CTT");
// PO1-style line: quantity, unit, price, then product id qualifier/value pairs.
const LINE_ITEM: ElementDef[] = [
  ["350", "O", "AN", 1, 20], ["330", "O", "R", 1, 15], ["355", "O", "ID", 2, 2], ["212", "O", "R", 1, 17], ["639", "O", "ID", 2, 2],
  ["235", "O", "ID", 2, 2], ["234", "O", "AN", 1, 48], ["235", "O", "ID", 2, 2], ["234", "O", "AN", 1, 48], ["235", "O", "ID", 2, 2], ["234", "O", "AN", 1, 48],
];
const PO4 = (loop: string) => seg("PO4", "O", [["356", "O", "N0", 1, 6], ["357", "O", "R", 1, 8], ["355", "O", "ID", 2, 2]], loop);
const TXI = (loop?: string) => seg("TXI", "O", [["963", "M", "ID", 2, 2], ["782", "O", "R", 1, 18], ["954", "O", "R", 1, 10], ["955", "O", "ID", 2, 2], ["956", "O", "AN", 1, 10], ["441", "O", "ID", 1, 1]], loop);
const SAC = (loop: string) => seg("SAC", "O", [["248", "M", "ID", 1, 1], ["1300", "O", "ID", 4, 4], ["559", "O", "ID", 2, 2], ["1301", "O", "AN", 1, 10], ["610", "O", "N2", 1, 15]], loop);
const CUR = seg("CUR", "O", [["98", "M", "ID", 2, 3], ["100", "M", "ID", 3, 3]]);
const ITD = seg("ITD", "O", [["336", "O", "ID", 2, 2], ["333", "O", "ID", 1, 2]]);
const TD5 = (loop?: string) => seg("TD5", "O", [["133", "O", "ID", 1, 2], ["66", "O", "ID", 1, 2], ["67", "O", "AN", 2, 80], ["91", "O", "ID", 1, 2], ["387", "O", "AN", 1, 35]], loop);
const LIN = (req: "M" | "O", loop: string) => seg("LIN", req, [["350", "O", "AN", 1, 20], ["235", "M", "ID", 2, 2], ["234", "M", "AN", 1, 48], ["235", "O", "ID", 2, 2], ["234", "O", "AN", 1, 48]], loop);
const MAN = (loop: string) => seg("MAN", "O", [["88", "M", "ID", 1, 2], ["87", "M", "AN", 1, 48]], loop);
const PID = (loop: string) => seg("PID", "O", [["349", "M", "ID", 1, 1], ["750", "O", "ID", 2, 3], ["559", "O", "ID", 2, 2], ["751", "O", "AN", 1, 12], ["352", "O", "AN", 1, 80]], loop);

export const SET_850: SetDefinition = {
  id: "850",
  functionalId: "PO",
  segments: [
    once(seg("BEG", "M", [["353", "M", "ID", 2, 2], ["92", "M", "ID", 2, 2], ["324", "M", "AN", 1, 22], ["328", "O", "AN", 1, 30], ["373", "M", "DT", 8, 8]])),
    CUR,
    REF("O"), PER, seg("FOB", "O", [["146", "M", "ID", 2, 2]]),
    ITD,
    DTM(), TD5(),
    seg("N9", "O", [["128", "M", "ID", 2, 3], ["127", "O", "AN", 1, 50], ["369", "O", "AN", 1, 45]], "N9"),
    seg("MSG", "O", [["933", "M", "AN", 1, 264]], "N9"),
    ...PARTY(), PER_N1,
    seg("PO1", "M", LINE_ITEM, "PO1"), PID("PO1"),
    PO4("PO1"), REF("O", "PO1"), DTM("PO1"),
    once(CTT), seg("AMT", "O", [["522", "M", "ID", 1, 3], ["782", "M", "R", 1, 18]], "CTT"),
  ],
  loops: { N9: { max: 1000 }, N1: { max: 200 }, PO1: { max: 100000 }, CTT: { max: 1 } },
};

const full = (s: SegmentDef): SegmentDef => ({ ...s, complete: true });

export const SET_997: SetDefinition = {
  id: "997",
  functionalId: "FA",
  segments: [
    once(full(seg("AK1", "M", [["479", "M", "ID", 2, 2], ["28", "M", "N0", 1, 9], ["480", "O", "AN", 1, 12]]))),
    full(seg("AK2", "O", [["143", "M", "ID", 3, 3], ["329", "M", "AN", 4, 9], ["1705", "O", "AN", 1, 35]], "AK2")),
    full(seg("AK3", "O", [["721", "M", "ID", 2, 3], ["719", "M", "N0", 1, 10], ["447", "O", "AN", 1, 4], ["720", "O", "ID", 1, 3]], "AK3")),
    full(seg("AK4", "O", [["C030", "M", "COMP", 1, 7], ["725", "O", "N0", 1, 4], ["723", "M", "ID", 1, 3], ["724", "O", "AN", 1, 99]], "AK3")),
    once(full(seg("AK5", "O", [["717", "M", "ID", 1, 1, ["A", "E", "M", "R", "W", "X"]], ["718", "O", "ID", 1, 3], ["718", "O", "ID", 1, 3], ["718", "O", "ID", 1, 3], ["718", "O", "ID", 1, 3], ["718", "O", "ID", 1, 3]], "AK2"))),
    once(full(seg("AK9", "M", [["715", "M", "ID", 1, 1, ["A", "E", "M", "P", "R", "W", "X"]], ["97", "M", "N0", 1, 6], ["123", "M", "N0", 1, 6], ["2", "M", "N0", 1, 6], ["716", "O", "ID", 1, 3], ["716", "O", "ID", 1, 3], ["716", "O", "ID", 1, 3], ["716", "O", "ID", 1, 3], ["716", "O", "ID", 1, 3]]))),
  ],
  loops: { AK2: {}, AK3: { parent: "AK2" } },
};

export const SET_855: SetDefinition = {
  id: "855",
  functionalId: "PR",
  segments: [
    once(seg("BAK", "M", [["353", "M", "ID", 2, 2], ["587", "M", "ID", 2, 2], ["324", "M", "AN", 1, 22], ["373", "M", "DT", 8, 8], ["328", "O", "AN", 1, 30], ["326", "O", "AN", 1, 45], ["367", "O", "AN", 1, 30], ["373", "O", "DT", 8, 8]])),
    CUR, REF("O"), DTM(), TD5(), ...PARTY(), PER_N1,
    seg("PO1", "O", LINE_ITEM, "PO1"), PID("PO1"), PO4("PO1"), REF("O", "PO1"), DTM("PO1"),
    seg("ACK", "O", [["668", "M", "ID", 2, 2], ["380", "O", "R", 1, 15], ["355", "O", "ID", 2, 2], ["374", "O", "ID", 3, 3], ["373", "O", "DT", 8, 8]], "ACK"),
    once(CTT),
  ],
  loops: { N1: { max: 200 }, PO1: { max: 100000 }, ACK: { parent: "PO1", max: 104 }, CTT: { max: 1 } },
};

export const SET_856: SetDefinition = {
  id: "856",
  functionalId: "SH",
  segments: [
    once(seg("BSN", "M", [["353", "M", "ID", 2, 2], ["396", "M", "AN", 2, 30], ["373", "M", "DT", 8, 8], ["337", "M", "TM", 4, 8], ["1005", "O", "ID", 4, 4]])),
    DTM(),
    full(seg("HL", "M", [["628", "M", "AN", 1, 12], ["734", "O", "AN", 1, 12], ["735", "M", "ID", 1, 2], ["736", "O", "ID", 1, 1]], "HL")),
    once(LIN("O", "HL")),
    once(seg("SN1", "O", [["350", "O", "AN", 1, 20], ["382", "M", "R", 1, 10], ["355", "M", "ID", 2, 2]], "HL")),
    once(seg("PRF", "O", [["324", "M", "AN", 1, 22], ["328", "O", "AN", 1, 30], ["327", "O", "AN", 1, 8], ["373", "O", "DT", 8, 8]], "HL")),
    PO4("HL"), PID("HL"),
    seg("TD1", "O", [["103", "O", "AN", 3, 5], ["80", "O", "N0", 1, 7], ["23", "O", "ID", 1, 1], ["22", "O", "AN", 1, 30], ["79", "O", "AN", 1, 50], ["187", "O", "ID", 1, 2], ["81", "O", "R", 1, 10], ["355", "O", "ID", 2, 2]], "HL"),
    TD5("HL"),
    REF("O", "HL"), MAN("HL"), DTM("HL"), ...PARTY(), PER_N1,
    once(CTT),
  ],
  loops: { HL: { max: 200000 }, N1: { parent: "HL", max: 200 } },
};

export const SET_810: SetDefinition = {
  id: "810",
  functionalId: "IN",
  segments: [
    once(seg("BIG", "M", [["373", "M", "DT", 8, 8], ["76", "M", "AN", 1, 22], ["373", "O", "DT", 8, 8], ["324", "O", "AN", 1, 22]])),
    CUR, REF("O"), ...PARTY(), PER_N1, ITD, DTM(),
    seg("IT1", "O", LINE_ITEM, "IT1"), TXI("IT1"), PID("IT1"), PO4("IT1"), REF("O", "IT1"), SAC("SAC"), DTM("IT1"),
    once(seg("TDS", "M", [["610", "M", "N2", 1, 15]])),
    TXI(),
    seg("CAD", "O", [["91", "O", "ID", 1, 2], ["206", "O", "AN", 1, 4], ["207", "O", "AN", 1, 10], ["140", "O", "ID", 2, 4], ["387", "O", "AN", 1, 35]]),
    SAC("SAC_SUMMARY"),
    seg("ISS", "O", [["382", "O", "R", 1, 10], ["355", "O", "ID", 2, 2]], "ISS"),
    once(CTT),
  ],
  loops: { N1: { max: 200 }, IT1: { max: 200000 }, SAC: { parent: "IT1", max: 25 }, SAC_SUMMARY: { max: 25 } },
};

export const SET_846: SetDefinition = {
  id: "846",
  functionalId: "IB",
  segments: [
    once(seg("BIA", "M", [["353", "M", "ID", 2, 2], ["755", "M", "ID", 2, 2], ["127", "M", "AN", 1, 50], ["373", "M", "DT", 8, 8], ["337", "O", "TM", 4, 8]])),
    CUR,
    REF("O"), DTM(), ...PARTY(), PER_N1,
    LIN("M", "LIN"),
    PID("LIN"), DTM("LIN"), REF("O", "LIN"),
    seg("QTY", "O", [["673", "M", "ID", 2, 2], ["380", "O", "R", 1, 15], ["C001", "O", "COMP", 1, 20]], "LIN"),
    once(CTT),
  ],
  loops: { N1: { max: 200 }, LIN: { max: 10000 } },
};

// 940/945: leading elements only (docs/architecture.md "X12"); confirm code lists
// such as W0601 against the partner's implementation guide.
const WAREHOUSE_PARTIES = [...PARTY(), PER_N1, seg("N9", "O", [["128", "M", "ID", 2, 3], ["127", "O", "AN", 1, 50]]), seg("G62", "O", [["432", "O", "ID", 2, 2], ["373", "O", "DT", 8, 8], ["176", "O", "ID", 1, 1], ["337", "O", "TM", 4, 8]])];
const NTE = seg("NTE", "O", [["363", "O", "ID", 3, 3], ["352", "M", "AN", 1, 80]]);
const LX = seg("LX", "O", [["554", "M", "N0", 1, 6]], "LX");
const G69 = seg("G69", "O", [["348", "M", "AN", 1, 45]], "LX");
const W27 = seg("W27", "M", [["91", "M", "ID", 1, 2], ["140", "O", "ID", 2, 4], ["387", "O", "AN", 1, 35]]);

export const SET_940: SetDefinition = {
  id: "940",
  functionalId: "OW",
  segments: [
    once(seg("W05", "M", [["473", "M", "ID", 1, 1], ["145", "M", "AN", 1, 22], ["324", "O", "AN", 1, 22], ["472", "O", "N0", 6, 6], ["474", "O", "AN", 1, 22], ["640", "O", "ID", 2, 2]])),
    ...WAREHOUSE_PARTIES,
    NTE,
    seg("W66", "O", [["146", "M", "ID", 2, 2], ["91", "M", "ID", 1, 2]]),
    LX,
    seg("W01", "M", [["330", "M", "R", 1, 15], ["355", "M", "ID", 2, 2], ["438", "O", "AN", 12, 12], ["235", "O", "ID", 2, 2], ["234", "O", "AN", 1, 48]], "LX"),
    G69,
    once(seg("W76", "M", [["347", "M", "R", 1, 10]])),
  ],
  loops: { N1: { max: 10 }, LX: { max: 9999 } },
};

export const SET_945: SetDefinition = {
  id: "945",
  functionalId: "SW",
  segments: [
    // W0604 shipment id, W0605 agent shipment id, W0606 PO number.
    once(seg("W06", "M", [["353", "M", "ID", 1, 2], ["145", "O", "AN", 1, 22], ["373", "O", "DT", 8, 8], ["145", "O", "AN", 1, 30], ["146", "O", "AN", 1, 12], ["324", "O", "AN", 1, 22]])),
    ...WAREHOUSE_PARTIES,
    NTE, W27, LX,
    MAN("LX"),
    // W1201 status, W1202 ordered, W1203 shipped, W1204 difference, W1205 UoM, W1206 UPC, W1207/W1208 product id.
    seg("W12", "M", [["368", "M", "ID", 2, 2], ["330", "O", "R", 1, 15], ["382", "O", "R", 1, 10], ["668", "O", "R", 1, 9], ["355", "O", "ID", 2, 2], ["438", "O", "AN", 12, 12], ["235", "O", "ID", 2, 2], ["234", "O", "AN", 1, 48]], "LX"),
    G69,
    once(seg("W03", "M", [["382", "M", "R", 1, 10], ["81", "O", "R", 1, 10], ["355", "O", "ID", 2, 2]])),
  ],
  loops: { N1: { max: 10 }, LX: { max: 9999 } },
};

export const SET_DEFINITIONS: ReadonlyMap<string, SetDefinition> = new Map(
  [SET_850, SET_855, SET_856, SET_810, SET_846, SET_940, SET_945, SET_997].map((d) => [d.id, d]),
);
