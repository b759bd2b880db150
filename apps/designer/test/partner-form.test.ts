import { partnerFieldsSchema } from "@ipaas/db/trading-partner-schema";
import { describe, expect, it } from "vitest";
import { draftOf, fieldsOf } from "../src/components/partners/partner-fields";

// The Partners form's state ↔ the settings the router validates (docs/architecture.md "Trading partners").
const saved = partnerFieldsSchema.parse({
  ourIsaQualifier: "ZZ",
  ourIsaId: "ACME",
  ourGsId: "ACMEGS",
  theirIsaQualifier: "01",
  theirIsaId: "BIGBOX",
  theirGsId: "BIGBOXGS",
  version: "004010",
  delimiters: { element: "|", component: "`", repetition: "^", segment: "\n" },
  transactionSets: [
    { set: "850", direction: "inbound" },
    { set: "856", direction: "outbound" },
  ],
  transport: { kind: "sftp", settings: { host: "sftp.bigbox.test", port: 2222, username: "acme", inboundPath: "/out/bigbox", pollIntervalSeconds: 60 } },
  acknowledgements: { send997: false, expect997WithinHours: 4, asnDue: "before-shipment" },
  crossReferenceTables: ["bigbox-items", "bigbox-uom"],
  contact: { name: "EDI desk", email: "edi@bigbox.test", notes: "call before go-live" },
});

/** A saved partner whose SFTP transport pins the server's host key. */
function sftpPartner(fields: ReturnType<typeof fieldsOf>): ReturnType<typeof fieldsOf> {
  if (fields.transport?.kind !== "sftp") throw new Error("expected an SFTP transport");
  return { ...fields, transport: { kind: "sftp", settings: { ...fields.transport.settings, hostKeyFingerprint: "SHA256:pinned" } } };
}

describe("partner form fields", () => {
  it("round-trips a saved partner unchanged, keeping settings the form does not show", () => {
    const fields = fieldsOf(draftOf({ ...saved, name: "BigBox", environment: "sandbox" }, "sandbox"));
    expect(partnerFieldsSchema.parse(fields)).toEqual(saved);
  });

  it("builds a new partner's settings from what was typed; a mistyped direction is left for the schema to refuse", () => {
    const draft = { ...draftOf(null, "sandbox"), ourIsaId: "US", ourGsId: "US", theirIsaId: "THEM", theirGsId: "THEM", transactionSets: "850 inbound, 855 outbond", transportKind: "as2" as const, as2Url: "https://as2.them.test/in", as2From: "US", as2To: "THEM", poAckWithinHours: "24" };
    const fields = fieldsOf(draft);
    expect(fields.transport).toEqual({ kind: "as2", settings: { url: "https://as2.them.test/in", as2From: "US", as2To: "THEM", partnerCertificate: "", ourCertificate: "", sign: true, encrypt: true, mdn: "sync" } });
    expect(fields.acknowledgements).toEqual({ send997: true, expect997WithinHours: 24, poAckWithinHours: 24, asnDue: null, invoiceAfterShipment: false });
    const parsed = partnerFieldsSchema.safeParse(fields);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["transactionSets.1.direction"]);
    expect(partnerFieldsSchema.safeParse(fieldsOf({ ...draft, transactionSets: "850 inbound, 855 outbound" })).success).toBe(true);
  });

  it("edits every AS2 and SFTP setting, the 997 switch, cross-reference tables and the whole contact", () => {
    const draft = {
      ...draftOf(null, "sandbox"),
      ourIsaId: "US",
      ourGsId: "US",
      theirIsaId: "THEM",
      theirGsId: "THEM",
      transportKind: "as2" as const,
      as2Url: "https://as2.them.test/in",
      as2From: "US",
      as2To: "THEM",
      as2PartnerCertificate: "-----BEGIN CERTIFICATE-----\nTHEIRS",
      as2OurCertificate: "-----BEGIN CERTIFICATE-----\nOURS",
      as2Sign: false,
      as2Encrypt: false,
      as2Mdn: "async" as const,
      send997: false,
      crossReferenceTables: ["them-items"],
      contactPhone: "+1 555 0100",
      contactNotes: "EDI desk",
    };
    const fields = fieldsOf(draft);
    expect(fields.transport).toEqual({ kind: "as2", settings: { url: "https://as2.them.test/in", as2From: "US", as2To: "THEM", partnerCertificate: "-----BEGIN CERTIFICATE-----\nTHEIRS", ourCertificate: "-----BEGIN CERTIFICATE-----\nOURS", sign: false, encrypt: false, mdn: "async" } });
    expect(fields.acknowledgements.send997).toBe(false);
    expect(fields.crossReferenceTables).toEqual(["them-items"]);
    expect(fields.contact).toEqual({ name: "", email: "", phone: "+1 555 0100", notes: "EDI desk" });
    const sftp = fieldsOf({ ...draft, transportKind: "sftp", sftpHost: "sftp.them.test", sftpPort: "2222", sftpUsername: "us", sftpInboundPath: "/out", sftpOutboundPath: "/in", sftpPollIntervalSeconds: "60" });
    expect(sftp.transport).toEqual({ kind: "sftp", settings: { host: "sftp.them.test", port: 2222, username: "us", inboundPath: "/out", outboundPath: "/in", pollIntervalSeconds: 60 } });
    // A pinned host key survives an edit through the form.
    const pinned = fieldsOf({ ...draftOf({ ...sftpPartner(sftp), name: "Them", environment: "sandbox" }, "sandbox") });
    expect(pinned.transport).toEqual({ kind: "sftp", settings: expect.objectContaining({ hostKeyFingerprint: "SHA256:pinned" }) });
    // A mistyped number is left for the schema to refuse, naming the field.
    const bad = partnerFieldsSchema.safeParse(fieldsOf({ ...draft, transportKind: "sftp", sftpHost: "h", sftpUsername: "u", sftpPollIntervalSeconds: "soon" }));
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["transport.settings.pollIntervalSeconds"]);
  });
});
