// Real-world-shaped documents, written with `*` `~` `>` and re-delimited by `redelimit`.
export const ISA_00401 = "ISA*00*          *00*          *ZZ*RETAILER       *ZZ*SUPPLIER       *260115*1030*U*00401*000000101*0*T*>~";
export const ISA_00501 = "ISA*00*          *00*          *ZZ*RETAILER       *ZZ*SUPPLIER       *260115*1030*^*00501*000000102*1*P*>~";

export const PO_850_BODY = [
  "ST*850*0001",
  "BEG*00*SA*PO12345**20260115",
  "REF*DP*042",
  "DTM*002*20260120",
  "N1*ST*RETAILER DC 12*92*0012",
  "N3*100 MAIN ST",
  "N4*SPRINGFIELD*IL*62701*US",
  "PO1*1*10*EA*12.50*PE*UP*012345678905*VN*SKU-1",
  "PID*F****WIDGET BLUE",
  "PO1*2*5*CA*30*PE*UP*012345678912*VN*SKU-2",
  "CTT*2*15",
  "SE*12*0001",
];

export const ASN_856_BODY = [
  "ST*856*0002",
  "BSN*00*ASN1001*20260115*1030*0001",
  "HL*1**S*1",
  "TD5**2*UPSN*M",
  "REF*BM*BOL1001",
  "HL*2*1*O*1",
  "PRF*PO12345",
  "HL*3*2*P*1",
  "MAN*GM*00000123450000000017",
  "HL*4*3*I*0",
  "LIN**UP*012345678905",
  "SN1**10*EA",
  "CTT*4",
  "SE*14*0002",
];

/** One 00401 interchange with one PO group holding `sets` (bodies incl. ST/SE). */
export function interchange401(sets: string[][] = [PO_850_BODY], groupControl = "101"): string {
  const lines = [ISA_00401, `GS*PO*RETAILER*SUPPLIER*20260115*1030*${groupControl}*X*004010`];
  for (const s of sets) lines.push(...s.map((l) => `${l}~`));
  lines.push(`GE*${sets.length}*${groupControl}~`, "IEA*1*000000101~");
  return lines.map((l) => (l.endsWith("~") ? l : `${l}~`)).join("");
}

/** One 00501 interchange, two groups (PO and SH), with a repeated element in the 850. */
export function interchange501(): string {
  const po = PO_850_BODY.map((l) => (l.startsWith("REF") ? "REF*DP*042^043" : l));
  return [
    ISA_00501,
    "GS*PO*RETAILER*SUPPLIER*20260115*1030*201*X*005010",
    ...po,
    "GE*1*201",
    "GS*SH*RETAILER*SUPPLIER*20260115*1031*202*X*005010",
    ...ASN_856_BODY,
    "GE*1*202",
    "IEA*2*000000102",
  ].map((l) => (l.endsWith("~") ? l : `${l}~`)).join("");
}

export interface Delims {
  element: string;
  component: string;
  repetition?: string;
  segment: string;
}

/** Rewrites a `*` `>` `^` `~` document with other delimiters (the fixtures' values contain none of them). */
export function redelimit(doc: string, d: Delims, lineBreak = ""): string {
  const map: Record<string, string> = { "*": d.element, ">": d.component, "^": d.repetition ?? "^", "~": d.segment + lineBreak };
  return doc.replace(/[*>^~]/g, (c) => map[c] ?? c);
}
