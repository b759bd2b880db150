import type { CertificationPartner } from "../src/server/services/edi-certification";

/** A retailer's onboarding samples (docs/architecture.md "EDI dashboard and onboarding"): RETAILER sends 850s, we (SUPPLIER) send 856s and 810s. */
export const RETAILER: CertificationPartner = {
  name: "BigBox Retail",
  ourIsaQualifier: "ZZ",
  ourIsaId: "SUPPLIER",
  ourGsId: "SUPPLIER",
  theirIsaQualifier: "ZZ",
  theirIsaId: "RETAILER",
  theirGsId: "RETAILER",
  version: "004010",
  usageIndicator: "T",
  delimiters: { element: "*", component: ">", repetition: "^", segment: "~" },
  transactionSets: [
    { set: "850", direction: "inbound" },
    { set: "856", direction: "outbound" },
    { set: "810", direction: "outbound" },
  ],
};

const pad = (id: string) => id.padEnd(15, " ");
function interchange(params: { from: string; to: string; control: string; functionalId: string; sets: string[][] }): string {
  const lines = [
    `ISA*00*          *00*          *ZZ*${pad(params.from)}*ZZ*${pad(params.to)}*260115*1030*U*00401*${params.control}*0*T*>`,
    `GS*${params.functionalId}*${params.from}*${params.to}*20260115*1030*${Number(params.control)}*X*004010`,
    ...params.sets.flat(),
    `GE*${params.sets.length}*${Number(params.control)}`,
    `IEA*1*${params.control}`,
  ];
  return lines.map((l) => `${l}~\n`).join("");
}

/** A 12-digit UPC with its GS1 check digit (the canonical model checks it). */
export function upc(base11: string): string {
  const sum = [...base11].reduce((n, d, i) => n + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `${base11}${(10 - (sum % 10)) % 10}`;
}

const po = (control: string, number: string, lines = 1) => {
  const items = Array.from({ length: lines }, (_, i) => `PO1*${i + 1}*${10 + i}*EA*12.50*PE*UP*${upc(`0123456789${i}`)}*VN*SKU-${i + 1}`);
  const body = [`BEG*00*SA*${number}**20260115`, "N1*ST*RETAILER DC 12*92*0012", "N3*100 MAIN ST", "N4*SPRINGFIELD*IL*62701*US", ...items, `CTT*${lines}`];
  return [`ST*850*${control}`, ...body, `SE*${body.length + 2}*${control}`];
};

const asn = (control: string) => {
  const body = ["BSN*00*ASN1001*20260115*1030*0001", "HL*1**S*1", "TD5**2*UPSN*M", "REF*BM*BOL1001", "HL*2*1*O*1", "PRF*PO12345", "HL*3*2*P*1", "MAN*GM*00000123450000000017", "HL*4*3*I*0", "LIN**UP*012345678905", "SN1**10*EA", "CTT*4"];
  return [`ST*856*${control}`, ...body, `SE*${body.length + 2}*${control}`];
};

const invoice = (control: string) => {
  const body = ["BIG*20260116*INV-1001**PO12345", "IT1*1*10*EA*12.50**UP*012345678905", "TDS*12500", "CTT*1"];
  return [`ST*810*${control}`, ...body, `SE*${body.length + 2}*${control}`];
};

/** Four good documents and one whose 850 declares the wrong segment count (SE01): AK5 R / 4. */
export function retailerSamples(): Array<{ name: string; text: string }> {
  const broken = po("0005", "PO12349").map((l) => (l.startsWith("SE*") ? "SE*99*0005" : l));
  return [
    { name: "01-po.x12", text: interchange({ from: "RETAILER", to: "SUPPLIER", control: "000000101", functionalId: "PO", sets: [po("0001", "PO12345", 2)] }) },
    { name: "02-two-pos.x12", text: interchange({ from: "RETAILER", to: "SUPPLIER", control: "000000102", functionalId: "PO", sets: [po("0002", "PO12346"), po("0003", "PO12347", 3)] }) },
    { name: "03-asn.x12", text: interchange({ from: "SUPPLIER", to: "RETAILER", control: "000000103", functionalId: "SH", sets: [asn("0004")] }) },
    { name: "04-invoice.x12", text: interchange({ from: "SUPPLIER", to: "RETAILER", control: "000000104", functionalId: "IN", sets: [invoice("0006")] }) },
    { name: "05-bad-se-count.x12", text: interchange({ from: "RETAILER", to: "SUPPLIER", control: "000000105", functionalId: "PO", sets: [broken] }) },
  ];
}
