// Every validation finding, named the way a 997/TA1 names it
// (docs/architecture.md "X12"): the code list it belongs to and its code.
//   TA1: interchange note codes (001 ISA13/IEA02 mismatch, 021 group count, 023 end of file, ...)
//   AK9: functional group codes, element 716 (3 GE missing, 4 GS06/GE02 mismatch, 5 GE01 count)
//   AK5: transaction set codes, element 718 (2 SE missing, 3 ST/SE control number, 4 SE01 count, 5 segment errors)
//   AK3: segment codes, element 720 (1 unrecognized, 2 unexpected, 3 mandatory missing, 8 element errors)
//   AK4: element codes, element 723 (1 mandatory missing, 3 too many elements, 4 too short, 5 too long, 6 invalid character, 7 invalid code, 8 date, 9 time)
import type { Segment } from "./model";

export type CodeList = "TA1" | "AK9" | "AK5" | "AK3" | "AK4";

export interface X12Issue {
  codeList: CodeList;
  code: string;
  segmentId: string;
  /** Position in the transaction set (ST = 1); 0 for envelope segments. */
  segmentPosition: number;
  /** 1-based ordinal of the segment in the file (0 when the segment is missing). */
  ordinal: number;
  /** 1-based element position, when the issue is about one element. */
  elementPosition?: number;
  expected: string;
  found: string;
  message: string;
}

export interface IssueSite {
  segment?: Segment;
  /** Used when the segment is missing (e.g. "IEA"). */
  segmentId?: string;
  position?: number;
  elementPosition?: number;
}

export function makeIssue(codeList: CodeList, code: string, site: IssueSite, expected: string, found: string, message: string): X12Issue {
  const issue: X12Issue = {
    codeList,
    code,
    segmentId: site.segment?.id ?? site.segmentId ?? "",
    segmentPosition: site.position ?? site.segment?.position ?? 0,
    ordinal: site.segment?.ordinal ?? 0,
    expected,
    found,
    message,
  };
  if (site.elementPosition !== undefined) issue.elementPosition = site.elementPosition;
  return issue;
}

/** One line per issue, for logs, dead letters and the certification report. */
export function formatIssue(i: X12Issue): string {
  const where = `${i.segmentId || "?"}${i.elementPosition ? String(i.elementPosition).padStart(2, "0") : ""}`;
  const pos = i.segmentPosition ? ` at set position ${i.segmentPosition}` : i.ordinal ? ` (segment #${i.ordinal} in file)` : "";
  return `${i.codeList} ${i.code}: ${where}${pos}: ${i.message} (expected ${i.expected}, found ${i.found})`;
}
