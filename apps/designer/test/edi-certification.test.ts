import { parseX12 } from "@ipaas/x12";
import { describe, expect, it } from "vitest";
import { buildCertificationReport, PLACEHOLDER_NUMBERS, type SetCodec, type SetMapping } from "../src/server/services/edi-certification";
import { certificationHtml } from "../src/server/services/edi-certification-html";
import { RETAILER, retailerSamples } from "./edi-samples";

// The onboarding harness's report (docs/architecture.md "EDI dashboard and onboarding"), without the UI.
const at = new Date("2026-01-15T12:00:00Z");

describe("certification report", () => {
  it("passes four good samples and flags the one with a wrong SE count, with its AK codes and the 997 rejecting it", async () => {
    const report = await buildCertificationReport(RETAILER, retailerSamples(), {}, at);
    expect(report.summary).toEqual({ documents: 5, passed: 4, failed: 1 });
    expect(report.documents.map((d) => [d.file, d.passed])).toEqual([
      ["01-po.x12", true],
      ["02-two-pos.x12", true],
      ["03-asn.x12", true],
      ["04-invoice.x12", true],
      ["05-bad-se-count.x12", false],
    ]);
    const bad = report.documents[4]!;
    expect(bad.parsed.ok).toBe(true);
    expect(bad.valid.ok).toBe(false);
    expect(bad.valid.issues).toContainEqual(expect.objectContaining({ source: "x12", codeList: "AK5", code: "4", segmentId: "SE", elementPosition: 1, expected: "8", found: "99" }));
    expect(bad.parsed.sets).toEqual([{ setId: "850", controlNumber: "0005", groupControlNumber: "105", status: "R" }]);
    // The 997 we would send rejects the set with AK5*R*4, with placeholder numbers only.
    expect(bad.ack).toContain("AK5*R*4~");
    expect(bad.ack).toContain(`*${PLACEHOLDER_NUMBERS.interchange}*`);
    const ack = parseX12(bad.ack!).interchanges[0]!;
    expect(ack.isa.senderId.trim()).toBe("SUPPLIER");
    expect(ack.groups[0]?.sets[0]?.controlNumber).toBe(String(PLACEHOLDER_NUMBERS.firstSet));
    // Good ones: each set round-trips through the generator; no standard mapping is wired yet.
    const good = report.documents[1]!;
    expect(good.ack).toContain("AK9*A*2*2*2~");
    expect(good.roundTripped.map((r) => [r.setId, r.controlNumber, r.ok])).toEqual([
      ["850", "0002", true],
      ["850", "0003", true],
    ]);
    expect(good.mapped.map((m) => [m.ok, m.message])).toEqual([
      [null, "not available for set 850"],
      [null, "not available for set 850"],
    ]);
    expect(report.notes.join(" ")).toContain("placeholders");
  });

  it("checks each document against the partner's settings: ids, version, usage, delimiters and configured sets", async () => {
    const [po] = retailerSamples();
    const other = { ...RETAILER, theirIsaId: "OTHERCO", version: "005010" as const, usageIndicator: "P" as const, delimiters: { ...RETAILER.delimiters, element: "|" }, transactionSets: [] };
    const [doc] = (await buildCertificationReport(other, [po!], {}, at)).documents;
    const found = doc!.valid.issues.filter((i) => i.source === "partner").map((i) => `${i.segmentId}${i.elementPosition ?? ""} ${[i.codeList, i.code].filter(Boolean).join(" ")} ${i.expected}/${i.found}`);
    expect(found).toEqual([
      "ISA6 TA1 006 OTHERCO/RETAILER",
      "ISA12 TA1 017 00501/00401",
      "ISA15 TA1 020 P/T",
      "ISA none |/*",
      "GS8 AK9 2 005010/004010",
      "ST1 AK5 1 a set configured inbound/850",
    ]);
    expect(doc!.passed).toBe(false);
  });

  it("reports a file that is not X12 as unparsed, with no 997", async () => {
    const [doc] = (await buildCertificationReport(RETAILER, [{ name: "notes.txt", text: "hello, this is not EDI" }], {}, at)).documents;
    expect(doc).toMatchObject({ parsed: { ok: false, interchanges: 0 }, valid: { ok: false }, ack: null, passed: false });
  });

  it("maps and round-trips through typed JSON when a codec for the set exists", async () => {
    const codec: SetCodec = {
      read: (set) => ({ po: set.segments.find((s) => s.id === "BEG")?.elements[2]?.raw, lines: set.segments.filter((s) => s.id === "PO1").map((s) => s.elements.map((e) => e.raw)) }),
      write: (json, controlNumber) => {
        const typed = json as { po: string; lines: string[][] };
        return { id: "850", controlNumber, segments: [{ id: "BEG", elements: ["00", "SA", typed.po, "", "20260115"] }, ...typed.lines.map((l) => ({ id: "PO1", elements: l })), { id: "CTT", elements: [String(typed.lines.length)] }] };
      },
    };
    const mapping: SetMapping = { target: "PurchaseOrder", toCanonical: async (set) => ({ orderNumber: set.segments[0]?.elements[2]?.raw }), fromCanonical: async (canonical) => canonical };
    const tools = { codecs: new Map([["850", codec]]), mappings: new Map([["850", mapping]]) };
    const [doc] = (await buildCertificationReport(RETAILER, [retailerSamples()[0]!], tools, at)).documents;
    expect(doc!.mapped).toEqual([{ setId: "850", controlNumber: "0001", ok: true, message: "mapped to PurchaseOrder and back" }]);
    expect(doc!.roundTripped[0]).toMatchObject({ ok: true, message: "typed JSON → X12 → typed JSON is unchanged" });
    const lossy: SetCodec = { ...codec, write: (json, controlNumber) => ({ ...codec.write(json, controlNumber), segments: codec.write(json, controlNumber).segments.slice(0, 1) }) };
    const failing: SetMapping = { target: "PurchaseOrder", toCanonical: () => Promise.reject(new Error("BEG05 is not a date")) };
    const [lost] = (await buildCertificationReport(RETAILER, [retailerSamples()[0]!], { codecs: new Map([["850", lossy]]), mappings: new Map([["850", failing]]) }, at)).documents;
    expect(lost!.mapped[0]).toMatchObject({ ok: false, message: "BEG05 is not a date" });
    expect(lost!.roundTripped[0]).toMatchObject({ ok: false, message: "the regenerated set differs from the original" });
    expect(lost!.passed).toBe(false);
  });

  it("renders a self-contained HTML report with escaped content", async () => {
    const report = await buildCertificationReport({ ...RETAILER, name: "<Big & Box>" }, retailerSamples(), {}, at);
    const html = certificationHtml(report);
    expect(html).toContain("&#60;Big &#38; Box&#62;");
    expect(html).not.toContain("<Big");
    expect(html).toContain("4 of 5 documents passed");
    expect(html).toContain("05-bad-se-count.x12 — FAILED");
    expect(html).not.toMatch(/<script|<link|src=/);
  });
});
