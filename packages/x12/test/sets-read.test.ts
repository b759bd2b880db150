// Reading hand-written, real-world-shaped transaction sets into typed JSON
// (docs/architecture.md "X12"): 004010 and 005010, odd delimiters, unknown segments.
import { describe, expect, it } from "vitest";
import { acknowledgeInterchange, generateX12, parseX12, readTransactionSet, validateX12, X12ReadError, type Ack997, type Po850, type Ship856, type X12Document } from "../src/index.js";
import { interchange401, interchange501, ISA_00401, PO_850_BODY, redelimit } from "./fixtures.js";

function readAll(text: string): X12Document[] {
  const ic = parseX12(text).interchanges[0];
  if (!ic) throw new Error("no interchange");
  return ic.groups.flatMap((g) => g.sets.map((s) => readTransactionSet(s, ic.delimiters)));
}

// The synthetic S/O/P/I 856 of the wire-format notes, plus a MAN*CP on the second carton (SE01 = 21).
const ASN_401 = [
  ISA_00401.replace("RETAILER       *ZZ*SUPPLIER", "SUPPLIER       *ZZ*RETAILER"),
  "GS*SH*SUPPLIER*RETAILER*20260115*1030*101*X*004010~",
  "ST*856*0001~BSN*00*ASN1001*20260115*1030*0001~",
  "HL*1**S*1~TD5**2*UPSN*M~REF*BM*BOL1001~N1*ST*RETAILER DC 12*92*0012~",
  "HL*2*1*O*1~PRF*PO5555~",
  "HL*3*2*P*1~MAN*GM*00012345670000000018~HL*4*3*I*0~LIN**UP*012345678905~SN1**12*EA~",
  "HL*5*2*P*1~MAN*GM*00012345670000000025~MAN*CP*1Z999AA10123456784~HL*6*5*I*0~LIN**UP*012345678912~SN1**6*EA~",
  "CTT*6*18~SE*21*0001~GE*1*101~IEA*1*000000101~",
].join("\n");

describe("reading real-world-shaped sets", () => {
  it("004010 850 with | : ` delimiters and CRLF after each segment: lines, ids, dates, parties", () => {
    const text = redelimit(interchange401(), { element: "|", component: "`", segment: "~" }, "\r\n");
    const [po] = readAll(text) as [Po850];
    expect(po).toEqual({
      set: "850", purpose: "00", type: "SA", poNumber: "PO12345", poDate: "2026-01-15",
      references: [{ qualifier: "DP", value: "042" }],
      dates: [{ qualifier: "002", date: "2026-01-20" }],
      parties: [{ role: "ST", name: "RETAILER DC 12", idQualifier: "92", id: "0012", address: { line1: "100 MAIN ST", city: "SPRINGFIELD", state: "IL", postalCode: "62701", country: "US" } }],
      lines: [
        { lineNumber: "1", quantity: 10, uom: "EA", unitPrice: 12.5, priceBasis: "PE", upc: "012345678905", otherIds: [{ qualifier: "VN", id: "SKU-1" }], description: "WIDGET BLUE" },
        { lineNumber: "2", quantity: 5, uom: "CA", unitPrice: 30, priceBasis: "PE", upc: "012345678912", otherIds: [{ qualifier: "VN", id: "SKU-2" }] },
      ],
    });
  });

  it("004010 856 (S/O/P/I, newline after terminators): SSCC per carton, SCAC, BOL; MAN*CP is the carton's tracking number", () => {
    expect(validateX12(parseX12(ASN_401)).valid).toBe(true);
    const [asn] = readAll(ASN_401) as [Ship856];
    expect(asn.shipment).toEqual({
      carrier: { idQualifier: "2", scac: "UPSN", transportMethod: "M" },
      references: [{ qualifier: "BM", value: "BOL1001" }],
      parties: [{ role: "ST", name: "RETAILER DC 12", idQualifier: "92", id: "0012" }],
    });
    expect(asn.orders).toEqual([
      {
        poNumber: "PO5555",
        packs: [
          { sscc: "00012345670000000018", items: [{ upc: "012345678905", quantity: 12, uom: "EA" }] },
          { sscc: "00012345670000000025", trackingNumber: "1Z999AA10123456784", items: [{ upc: "012345678912", quantity: 6, uom: "EA" }] },
        ],
      },
    ]);
  });

  it("005010 with a repetition separator: two groups read; a REF whose REF02 repeats is kept whole in extra, never flattened", () => {
    const docs = readAll(redelimit(interchange501(), { element: "*", component: ":", repetition: "`", segment: "\n" }));
    expect(docs.map((d) => d.set)).toEqual(["850", "856"]);
    const [po, asn] = docs as [Po850, Ship856];
    expect(po.references).toBeUndefined();
    expect(po.extra).toEqual([{ id: "REF", elements: ["DP", [["042"], ["043"]]] }]);
    expect(asn.orders[0]?.packs?.[0]?.sscc).toBe("00000123450000000017");
  });

  it("unknown segments stay in the extra list of their loop and are written back there", () => {
    const body = PO_850_BODY.flatMap((l) => (l.startsWith("PID") ? [l, "SLN*1**I*10*EA"] : l.startsWith("REF") ? [l, "FOB*PP"] : [l])).map((l) => (l.startsWith("SE*") ? "SE*14*0001" : l));
    const [po] = readAll(interchange401([body])) as [Po850];
    expect(po.extra).toEqual([{ id: "FOB", elements: ["PP"] }]);
    expect(po.lines[0]?.extra).toEqual([{ id: "SLN", elements: ["1", "", "I", "10", "EA"] }]);
  });

  it("an element without a field, a set without typed JSON, and a broken hierarchy are X12ReadErrors naming segment and element", () => {
    const withBeg07 = PO_850_BODY.map((l) => (l.startsWith("BEG") ? "BEG*00*SA*PO12345**20260115**AC" : l));
    const err = (() => {
      try {
        readAll(interchange401([withBeg07]));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(X12ReadError);
    expect(err).toMatchObject({ setId: "850", segmentId: "BEG", position: 2, element: 7, message: expect.stringContaining("BEG07") });
    expect(() => readAll(ASN_401.replace("HL*4*3*I*0", "HL*4*9*I*0"))).toThrow(/HL at set position 11 .*parent HL02 9/);
    expect(() => readAll(ASN_401.replace("ST*856", "ST*204"))).toThrow(/no typed JSON for transaction set "204"/);
  });

  it("the 997 we generate for a rejected set reads back with its AK3/AK4 detail", () => {
    const bad = PO_850_BODY.map((l) => (l.startsWith("BEG") ? "BEG*00*SA*PO12345**20261345" : l));
    const result = validateX12(parseX12(interchange401([bad])));
    const reply = acknowledgeInterchange(result.interchanges[0]!, { interchange: 9, group: 9, sets: [1] }, new Date("2026-01-15T10:45:00Z"));
    const [ack] = readAll(generateX12(reply, { delimiters: { element: "*", component: ">", segment: "~" } })) as [Ack997];
    expect(ack).toEqual({
      set: "997", functionalId: "PO", groupControlNumber: "101",
      sets: [{ setId: "850", controlNumber: "0001", errors: [{ segmentId: "BEG", position: 2, code: "8", elements: [{ position: 5, reference: "373", code: "8", data: "20261345" }] }], status: "R", codes: ["5"] }],
      status: "R", included: 1, received: 1, accepted: 0,
    });
  });
});
