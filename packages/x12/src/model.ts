// The typed model of a parsed X12 file (docs/architecture.md "X12").
// Envelope segments (ISA/GS/ST and their trailers) are kept as segments too, so
// every error can name the exact segment, and so generation can reproduce them.

export interface Delimiters {
  element: string;
  component: string;
  /** ISA11 from 00402 on; absent in 00401, where ISA11 is the standards id `U`. */
  repetition?: string;
  segment: string;
}

/** One element: its raw text, split into repetitions, each split into components. */
export interface X12Element {
  raw: string;
  repetitions: string[][];
}

export interface Segment {
  id: string;
  elements: X12Element[];
  /** Position inside the transaction set (ST = 1); 0 for envelope segments outside a set. */
  position: number;
  /** 1-based ordinal of the segment in the file: names segments outside any set. */
  ordinal: number;
  /** Character offset of the segment's first character in the file. */
  offset: number;
}

export interface IsaHeader {
  authorizationQualifier: string;
  authorizationInfo: string;
  securityQualifier: string;
  securityInfo: string;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  date: string;
  time: string;
  /** ISA11 as written: `U` in 00401, the repetition separator from 00402 on. */
  standardsOrRepetition: string;
  version: string;
  controlNumber: string;
  ackRequested: string;
  usage: string;
}

export interface TransactionSet {
  header: Segment;
  /** ST01, e.g. "850". */
  id: string;
  /** ST02. */
  controlNumber: string;
  /** ST03 (5010 implementation convention reference), when present. */
  implementationRef?: string;
  /** The segments between ST and SE, positions 2..n. */
  segments: Segment[];
  trailer?: Segment;
}

export interface FunctionalGroup {
  header: Segment;
  functionalId: string;
  senderId: string;
  receiverId: string;
  date: string;
  time: string;
  controlNumber: string;
  agency: string;
  version: string;
  sets: TransactionSet[];
  trailer?: Segment;
}

export interface Interchange {
  header: Segment;
  isa: IsaHeader;
  delimiters: Delimiters;
  /** The ISA's length as written (106 when fixed width is respected). */
  isaLength: number;
  groups: FunctionalGroup[];
  /** TA1 segments directly inside the interchange (an interchange acknowledgement). */
  ta1: Segment[];
  /** Segments found where the envelope does not allow them (before GS, after GE, ...). */
  stray: Segment[];
  trailer?: Segment;
  /** The file ended inside this interchange (an unterminated last segment). */
  truncated: boolean;
}

/** The value of element `n` (1-based, as in "BEG03"), "" when absent. */
export function el(segment: Segment | undefined, n: number): string {
  return segment?.elements[n - 1]?.raw ?? "";
}
