// Property: generated 850 and 856 documents round-trip through the wire
// (docs/architecture.md "X12"): write → generateX12 (random delimiters, 004010 or
// 005010) → parseX12 → validateX12 clean → readTransactionSet equals the input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatIssue, parseX12, readTransactionSet, validateX12, type Delimiters, type Po850, type Ship856, type X12Document } from "../src/index.js";
import { envelope } from "./set-samples.js";

const word = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Z0-9][A-Z0-9 .#/-]{${min - 1},${max - 2}}[A-Z0-9]$`));
const code = (...codes: string[]) => fc.constantFrom(...codes);
const isoDate = fc.integer({ min: 0, max: 3650 }).map((d) => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
const amount = fc.integer({ min: 0, max: 99_999_999 }).map((c) => c / 100);
const quantity = fc.integer({ min: 1, max: 99_999 });
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const strip = <T extends object>(o: T): T => JSON.parse(JSON.stringify(o)) as T;

const party = fc.record(
  {
    role: code("ST", "BT", "BY", "SF", "VN"),
    name: word(2, 40),
    idQualifier: code("92", "UL", "1"),
    id: word(2, 17),
    address: fc.record({ line1: word(2, 40), city: word(2, 30), state: code("TX", "IL", "ON"), postalCode: word(3, 10), country: code("US", "CA") }, { requiredKeys: ["line1"] }),
  },
  { requiredKeys: ["role"] },
);
const ids = { buyerItem: opt(word(2, 20)), vendorItem: opt(word(2, 20)), upc: opt(fc.stringMatching(/^\d{12}$/)), gtin: opt(fc.stringMatching(/^\d{14}$/)) };

const po850: fc.Arbitrary<Po850> = fc
  .record({
    set: fc.constant("850" as const), purpose: code("00", "01", "05"), type: code("SA", "NE", "DS"), poNumber: word(2, 22), poDate: isoDate,
    references: opt(fc.array(fc.record({ qualifier: code("DP", "IA", "VR"), value: word(1, 30) }), { minLength: 1, maxLength: 3 })),
    dates: opt(fc.array(fc.record({ qualifier: code("002", "010", "001"), date: isoDate }), { minLength: 1, maxLength: 3 })),
    parties: opt(fc.array(party, { minLength: 1, maxLength: 3 })),
    lines: fc.array(fc.record({ lineNumber: opt(fc.integer({ min: 1, max: 999 }).map(String)), quantity, uom: code("EA", "CA"), unitPrice: opt(amount), description: opt(word(2, 40)), ...ids }), { minLength: 1, maxLength: 5 }),
    totalAmount: opt(amount),
  })
  .map(strip);

const item = fc.record({ lineNumber: opt(fc.integer({ min: 1, max: 99 }).map(String)), quantity, uom: code("EA", "CA"), ...ids, vendorItem: word(2, 20) });
const sscc = fc.stringMatching(/^\d{18}$/);
const pack = fc.record({ sscc: opt(sscc), trackingNumber: opt(word(8, 30)), items: opt(fc.array(item, { minLength: 1, maxLength: 3 })) });
const ship856: fc.Arbitrary<Ship856> = fc
  .record({
    set: fc.constant("856" as const), purpose: fc.constant("00"), shipmentId: word(2, 30), shipDate: isoDate, shipTime: fc.constantFrom("00:00", "16:42", "23:59"), structure: fc.constant("0001"),
    shipment: fc.record({
      carrier: opt(fc.record({ idQualifier: fc.constant("2"), scac: code("UPSN", "FDEG", "ODFL"), transportMethod: code("U", "M"), routing: word(2, 20) })),
      references: opt(fc.array(fc.record({ qualifier: code("BM", "CN"), value: word(2, 30) }), { minLength: 1, maxLength: 2 })),
      parties: opt(fc.array(party, { minLength: 1, maxLength: 2 })),
    }),
    orders: fc.array(
      fc.record({ poNumber: word(2, 22), tares: opt(fc.array(fc.record({ sscc: opt(sscc), packs: opt(fc.array(pack, { minLength: 1, maxLength: 2 })) }), { minLength: 1, maxLength: 2 })), packs: opt(fc.array(pack, { minLength: 1, maxLength: 3 })), items: opt(fc.array(item, { minLength: 1, maxLength: 2 })) }),
      { minLength: 1, maxLength: 2 },
    ),
  })
  .map(strip);

// Delimiters the generated text never contains (upper case, digits, space, . # / - are data).
const delimiters: fc.Arbitrary<Delimiters> = fc
  .record({ chars: fc.shuffledSubarray(["*", "|", "^", "~", ">", ":", "`", "!", "{", "}"], { minLength: 4, maxLength: 4 }), v5: fc.boolean(), newline: fc.boolean() })
  .map(({ chars: [element, component, repetition, segment], v5, newline }) => ({
    element: element as string, component: component as string, segment: newline ? "\n" : (segment as string), ...(v5 ? { repetition: repetition as string } : {}),
  }));

function roundTrip(doc: X12Document, d: Delimiters): X12Document {
  const parsed = parseX12(envelope([doc], d, undefined, d.segment === "\n" ? "" : "\r\n"));
  expect(validateX12(parsed).issues.map(formatIssue)).toEqual([]);
  return readTransactionSet(parsed.interchanges[0]!.groups[0]!.sets[0]!);
}

describe("typed JSON property", () => {
  it("generated 850s round-trip with any delimiters", () => {
    fc.assert(fc.property(po850, delimiters, (doc, d) => {
        expect(roundTrip(doc, d)).toStrictEqual(doc);
      }), { numRuns: 150 });
  });
  it("generated 856 hierarchies (tares, packs, items) round-trip with any delimiters", () => {
    fc.assert(fc.property(ship856, delimiters, (doc, d) => {
        expect(roundTrip(doc, d)).toStrictEqual(doc);
      }), { numRuns: 150 });
  });
});
