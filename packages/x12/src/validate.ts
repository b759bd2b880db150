// Envelope validation (docs/architecture.md "X12"): ISA/IEA, GS/GE, ST/SE
// control numbers and counts, then each set against its definition. The result
// is shaped like the acknowledgements it feeds: a TA1 note per interchange, AK9
// codes per group, AK5 codes and AK3/AK4 errors per set.
import { SET_DEFINITIONS, type SetDefinition } from "./definitions";
import { makeIssue, type X12Issue } from "./issues";
import { el, type FunctionalGroup, type Interchange, type TransactionSet } from "./model";
import type { ParsedFile } from "./parse";
import { validateSetBody, type SegmentError } from "./validate-set";

export type SetStatus = "A" | "E" | "R";
export type GroupStatus = "A" | "E" | "P" | "R";

export interface SetResult {
  set: TransactionSet;
  status: SetStatus;
  /** Element 718 codes (AK502..AK506). */
  codes: string[];
  segmentErrors: SegmentError[];
  issues: X12Issue[];
}

export interface GroupResult {
  group: FunctionalGroup;
  status: GroupStatus;
  /** Element 716 codes (AK905..AK909). */
  codes: string[];
  sets: SetResult[];
  accepted: number;
  issues: X12Issue[];
}

export interface InterchangeResult {
  interchange: Interchange;
  /** TA1 note code (TA105): "000" when the envelope is fine, else the first problem found. */
  note: string;
  groups: GroupResult[];
  /** Interchange-level issues only; see allIssues() for everything. */
  issues: X12Issue[];
}

export interface ValidationResult {
  interchanges: InterchangeResult[];
  /** Every issue at every level, in file order of discovery. */
  issues: X12Issue[];
  valid: boolean;
}

export interface ValidateOptions {
  definitions?: ReadonlyMap<string, SetDefinition>;
  /** Reject sets without a definition (AK5 code 1) instead of checking only their envelope. */
  requireDefinition?: boolean;
  /**
   * Whether this partner already sent the interchange control number: the history is in the
   * database, so the caller answers (TA1 note 025, "duplicate interchange control number": not in
   * our sourced list of notes 000-024, check it). Duplicates inside the file are found here.
   */
  isDuplicateInterchange?: (isa: Interchange["isa"]) => boolean;
}

const missing = (id: string, position = 0) => ({ segmentId: id, position });

/** Issues of one level with their distinct codes (a 997 lists each code once). */
function collector() {
  const issues: X12Issue[] = [];
  const codes: string[] = [];
  const add = (code: string, issue: X12Issue) => {
    if (!codes.includes(code)) codes.push(code);
    issues.push(issue);
  };
  return { issues, codes, add };
}

function validateSet(set: TransactionSet, opts: ValidateOptions, duplicate: boolean): SetResult {
  const { issues, codes, add } = collector();
  const { header: st, trailer: se } = set;
  if (duplicate) add("23", makeIssue("AK5", "23", { segment: st, elementPosition: 2 }, "a control number unique in the group", set.controlNumber, "transaction set control number not unique"));
  const count = set.segments.length + 2;
  if (!/^[0-9]{3}$/.test(set.id)) add("6", makeIssue("AK5", "6", { segment: st, elementPosition: 1 }, "a 3-digit set id", set.id, "invalid transaction set identifier"));
  if (!/^[^\s]{4,9}$/.test(set.controlNumber)) add("7", makeIssue("AK5", "7", { segment: st, elementPosition: 2 }, "AN 4/9", set.controlNumber, "invalid transaction set control number"));
  if (!se) {
    add("2", makeIssue("AK5", "2", missing("SE", count), "SE", "end of group", `transaction set ${set.id} ${set.controlNumber} has no SE trailer`));
  } else {
    if (el(se, 2) !== set.controlNumber) add("3", makeIssue("AK5", "3", { segment: se, elementPosition: 2 }, set.controlNumber, el(se, 2), "SE02 does not match ST02"));
    if (el(se, 1) !== String(count)) add("4", makeIssue("AK5", "4", { segment: se, elementPosition: 1 }, String(count), el(se, 1), "SE01 segment count (ST and SE included) is wrong"));
  }
  const def = (opts.definitions ?? SET_DEFINITIONS).get(set.id);
  let segmentErrors: SegmentError[] = [];
  if (def) {
    segmentErrors = validateSetBody(set, def, issues);
    if (segmentErrors.length > 0 && !codes.includes("5")) codes.push("5");
  } else if (opts.requireDefinition) {
    add("1", makeIssue("AK5", "1", { segment: st, elementPosition: 1 }, "a supported set", set.id, "transaction set not supported"));
  }
  return { set, status: codes.length > 0 ? "R" : "A", codes, segmentErrors, issues };
}

function validateGroup(group: FunctionalGroup, opts: ValidateOptions, duplicate: boolean): GroupResult {
  const { issues, codes, add } = collector();
  const { header: gs, trailer: ge } = group;
  if (duplicate) add("19", makeIssue("AK9", "19", { segment: gs, elementPosition: 6 }, "a control number unique in the interchange", group.controlNumber, "group control number not unique"));
  if (!/^\d{1,9}$/.test(group.controlNumber)) add("6", makeIssue("AK9", "6", { segment: gs, elementPosition: 6 }, "N0 1/9", group.controlNumber, "invalid group control number"));
  if (!/^\d{6}/.test(group.version)) add("2", makeIssue("AK9", "2", { segment: gs, elementPosition: 8 }, "a version like 004010", group.version, "group version not supported"));
  if (!ge) {
    add("3", makeIssue("AK9", "3", missing("GE"), "GE", "end of interchange", `functional group ${group.controlNumber} has no GE trailer`));
  } else {
    if (el(ge, 2) !== group.controlNumber) add("4", makeIssue("AK9", "4", { segment: ge, elementPosition: 2 }, group.controlNumber, el(ge, 2), "GE02 does not match GS06"));
    if (el(ge, 1) !== String(group.sets.length)) add("5", makeIssue("AK9", "5", { segment: ge, elementPosition: 1 }, String(group.sets.length), el(ge, 1), "GE01 set count is wrong"));
  }
  const sets = group.sets.map((s, i) => validateSet(s, opts, seenBefore(group.sets, i, (x) => x.controlNumber)));
  const accepted = sets.filter((s) => s.status !== "R").length;
  let status: GroupStatus;
  if (codes.length > 0 || (sets.length > 0 && accepted === 0)) status = "R";
  else if (accepted < sets.length) status = "P";
  else status = sets.some((s) => s.status === "E") ? "E" : "A";
  return { group, status, codes, sets, accepted, issues };
}

/** Whether item i's key already occurred earlier in the list. */
const seenBefore = <T>(list: T[], i: number, key: (x: T) => string) => list.slice(0, i).some((x) => key(x) === key(list[i] as T));

const DIGITS = (n: number) => new RegExp(`^\\d{${n}}$`);

function validateInterchange(ic: Interchange, opts: ValidateOptions, duplicate: boolean): InterchangeResult {
  const issues: X12Issue[] = [];
  const isa = ic.header;
  const h = ic.isa;
  const check = (ok: boolean, note: string, elementPosition: number, expected: string, found: string, message: string) => {
    if (!ok) issues.push(makeIssue("TA1", note, { segment: isa, elementPosition }, expected, found, message));
  };
  check(ic.isaLength === 106, "024", 16, "an ISA of 106 characters", String(ic.isaLength), "ISA is not fixed width");
  check(DIGITS(6).test(h.date), "014", 9, "YYMMDD", h.date, "invalid interchange date");
  check(DIGITS(4).test(h.time), "015", 10, "HHMM", h.time, "invalid interchange time");
  check(DIGITS(5).test(h.version), "017", 12, "a version like 00401", h.version, "invalid interchange version");
  check(h.version >= "00402" || h.standardsOrRepetition === "U", "016", 11, "U", h.standardsOrRepetition, "invalid standards identifier");
  check(DIGITS(9).test(h.controlNumber), "018", 13, "N0 9/9", h.controlNumber, "invalid interchange control number");
  check(h.ackRequested === "0" || h.ackRequested === "1", "019", 14, "0 or 1", h.ackRequested, "invalid acknowledgment requested");
  check(["P", "T", "I"].includes(h.usage), "020", 15, "P, T or I", h.usage, "invalid usage indicator");
  check(!duplicate && !opts.isDuplicateInterchange?.(h), "025", 13, "a control number not used before by this sender", h.controlNumber, "duplicate interchange control number");
  for (const s of ic.stray) issues.push(makeIssue("TA1", "024", { segment: s }, "a segment inside a GS/GE or ST/SE envelope", s.id, "segment outside its envelope"));
  if (ic.truncated) issues.push(makeIssue("TA1", "023", missing(ic.trailer ? "IEA" : "?"), "a segment terminator", "end of file", "the last segment is not terminated: the file is truncated"));
  if (!ic.trailer) {
    issues.push(makeIssue("TA1", "023", missing("IEA"), "IEA", "end of file or next ISA", "interchange has no IEA trailer"));
  } else {
    const iea = ic.trailer;
    if (el(iea, 2) !== h.controlNumber) {
      issues.push(makeIssue("TA1", "001", { segment: iea, elementPosition: 2 }, h.controlNumber, el(iea, 2), "IEA02 does not match ISA13"));
    }
    if (el(iea, 1) !== String(ic.groups.length)) {
      issues.push(makeIssue("TA1", "021", { segment: iea, elementPosition: 1 }, String(ic.groups.length), el(iea, 1), "IEA01 group count is wrong"));
    }
  }
  const groups = ic.groups.map((g, i) => validateGroup(g, opts, seenBefore(ic.groups, i, (x) => x.controlNumber)));
  return { interchange: ic, note: issues[0]?.code ?? "000", groups, issues };
}

/** Validates every interchange of a parsed file. Never throws. */
export function validateX12(file: ParsedFile, opts: ValidateOptions = {}): ValidationResult {
  const sender = (ic: Interchange) => `${ic.isa.senderQualifier}/${ic.isa.senderId}/${ic.isa.controlNumber}`;
  const interchanges = file.interchanges.map((ic, i) => validateInterchange(ic, opts, seenBefore(file.interchanges, i, sender)));
  const issues = interchanges.flatMap((r) => [...r.issues, ...r.groups.flatMap((g) => [...g.issues, ...g.sets.flatMap((s) => s.issues)])]);
  if (file.trailingGarbage) {
    issues.push(makeIssue("TA1", "024", missing("?"), "ISA or end of file", JSON.stringify(file.trailingGarbage.text.slice(0, 20)), `unreadable text after the last interchange at offset ${file.trailingGarbage.offset}`));
  }
  return { interchanges, issues, valid: issues.length === 0 };
}
