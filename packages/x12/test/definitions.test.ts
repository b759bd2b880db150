import { describe, expect, it } from "vitest";
import { formatIssue, parseX12, SET_DEFINITIONS, validateX12 } from "../src/index.js";
import { ISA_00401 } from "./fixtures.js";

// One real-world-shaped body per table (ST and SE added by `wrap`).
const SAMPLES: Record<string, { gs: string; body: string[] }> = {
  "855": { gs: "PR", body: ["BAK*00*AD*PO12345*20260116", "PO1*1*10*EA*12.50**UP*012345678905", "ACK*IA*10*EA*068*20260120", "CTT*1"] },
  "810": { gs: "IN", body: ["BIG*20260120*INV1001**PO12345", "N1*BT*RETAILER*92*0012", "IT1*1*10*EA*12.50**UP*012345678905", "TDS*12500", "CTT*1"] },
  "846": { gs: "IB", body: ["BIA*00*MM*INV20260115*20260115*1030", "LIN**UP*012345678905*VN*SKU-1", "QTY*33*250*EA", "CTT*1"] },
  "940": { gs: "OW", body: ["W05*N*SO1001*PO12345", "N1*ST*JANE DOE", "N3*1 ELM ST", "N4*AUSTIN*TX*78701*US", "G62*10*20260116", "W66*PP*M", "LX*1", "W01*2*EA*012345678905*VN*SKU-1", "G69*WIDGET BLUE", "W76*2"] },
  "945": { gs: "SW", body: ["W06*F*SO1001*20260117*SH5001*PO12345", "N1*ST*JANE DOE", "W27*M*UPSN*GROUND", "LX*1", "MAN*CP*1Z999AA10123456784", "W12*CL*120*120****IN*339408*19284*6600*A3*L", "W03*120"] },
};

function wrap(id: string, gs: string, body: string[]): string {
  const lines = [`GS*${gs}*SUPPLIER*RETAILER*20260115*1030*7*X*004010`, `ST*${id}*0001`, ...body, `SE*${body.length + 2}*0001`, "GE*1*7", "IEA*1*000000101"];
  return ISA_00401 + lines.map((l) => `${l}~`).join("");
}

describe("set definitions", () => {
  it("cover 850, 855, 856, 810, 846, 940, 945 and 997", () => {
    expect([...SET_DEFINITIONS.keys()].sort()).toEqual(["810", "846", "850", "855", "856", "940", "945", "997"]);
  });

  it.each(Object.entries(SAMPLES))("%s: a well-formed sample is accepted", (id, { gs, body }) => {
    expect(validateX12(parseX12(wrap(id, gs, body))).issues.map(formatIssue)).toEqual([]);
  });

  it.each(Object.entries(SAMPLES))("%s: dropping the first (mandatory) segment is AK3 code 3", (id, { gs, body }) => {
    const set = validateX12(parseX12(wrap(id, gs, body.slice(1)))).interchanges[0]?.groups[0]?.sets[0];
    expect(set?.status).toBe("R");
    expect(set?.segmentErrors).toContainEqual(expect.objectContaining({ segmentId: body[0]?.slice(0, 3), code: "3" }));
  });
});
