/**
 * The JSON representation of X12 used by every X12 standard mapping (856, 810, 850).
 *
 * A transaction set is an ordered array of segments, exactly as they appear on the
 * wire between ST and SE (both included):
 *
 *   [
 *     { "id": "ST", "elements": ["856", "0001"] },
 *     { "id": "BSN", "elements": ["00", "SHP-2025-000731", "20250317", "1642", "0001"] },
 *     { "id": "HL", "elements": ["1", "", "S"] },
 *     ...
 *     { "id": "SE", "elements": ["23", "0001"] }
 *   ]
 *
 * - `id` is the segment id; `elements[0]` is element 01 (BSN01), and so on. Every
 *   element is text as written on the wire: numbers are already formatted (dates
 *   CCYYMMDD, times HHMM, TDS amounts as implied-2-decimal integers "10498", R
 *   decimals such as "19.99" without trailing zeros beyond what X12 allows).
 * - An element that is not used but is followed by used ones is "" (HL02 of the
 *   shipment level). Trailing unused elements are left out, so
 *   `elements.join("*")` plus the segment terminator is the wire segment.
 * - Composite elements (rare in these sets) are one string with the component
 *   separator already in it.
 * - Free text has gone through $ediSafe, so no element contains a delimiter.
 * - ISA/GS/GE/IEA are not part of it: the EDI transport adds the envelope and
 *   assigns interchange, group and transaction set control numbers. Mappings write
 *   ST02/SE02 as "0001"; the transport replaces both.
 * - Versions: X12 004010 element orders.
 */
export interface X12Segment {
  /** Segment id: "ST", "BSN", "HL", "N1"… */
  id: string;
  /** Elements 01…nn as wire text; "" for a skipped element, trailing empties omitted. */
  elements: string[];
}

/** One transaction set, ST through SE. */
export type X12TransactionSet = X12Segment[];

/** JSON Schema of X12TransactionSet, for a mapping's targetSchema. */
export const x12TransactionSetSchema = {
  type: "array",
  minItems: 3,
  items: {
    type: "object",
    required: ["id", "elements"],
    properties: {
      id: { type: "string", pattern: "^[A-Z][A-Z0-9]{1,2}$" },
      elements: { type: "array", items: { type: "string", pattern: "^[^~*^:\\n\\r]*$" } },
    },
    additionalProperties: false,
  },
} as const;

/** Serializes a transaction set to wire text with the usual delimiters (* elements, ~ segments). */
export function x12ToText(segments: X12TransactionSet, elementSeparator = "*", segmentTerminator = "~\n"): string {
  return segments.map((s) => [s.id, ...s.elements].join(elementSeparator) + segmentTerminator).join("");
}
