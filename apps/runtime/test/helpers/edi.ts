import { createTradingPartner, partnerFieldsSchema, type Db, type KeyRing } from "@ipaas/db";
import { createEdiDeliveriesQueue } from "@ipaas/jobs";
import { afterAll } from "vitest";
import type { Harness } from "./harness";
import { publishFlow } from "./harness";

/** A retailer sending as ZZ:RETAILER to us (ZZ:SUPPLIER), 00401, acknowledgements on. */
export async function createRetailer(db: Db, keyRing: KeyRing, overrides: Record<string, unknown> = {}, name = "Retailer", secrets: Record<string, string> = {}) {
  const fields = partnerFieldsSchema.parse({
    ourIsaQualifier: "ZZ",
    ourIsaId: "SUPPLIER",
    ourGsId: "SUPPLIER",
    theirIsaQualifier: "ZZ",
    theirIsaId: "RETAILER",
    theirGsId: "RETAILER",
    version: "004010",
    acknowledgements: { send997: true, poAckWithinHours: 24, asnDue: "at-shipment" },
    ...overrides,
  });
  return createTradingPartner(db, { name, environment: "sandbox", fields, secrets, keyRing, actor: null });
}

/** A published flow started by (partner, set) that maps its payload (no connector). */
export function publishEdiFlow(db: Db, partnerId: string, set = "850", name = `EDI ${set}`) {
  return publishFlow(db, name, [{ id: "map", type: "map", name: "Map", config: { expression: "{ 'po': reference, 'lines': $count(segments[id = 'PO1']) }" } }], {
    trigger: { id: "trigger", type: "trigger.edi", name: "EDI", config: { partnerId, set } },
  });
}

export function ediDeliveries(h: Harness) {
  const queue = createEdiDeliveriesQueue({ redisUrl: h.redisUrl, prefix: h.prefix });
  afterAll(() => queue.close());
  return queue;
}

const isa = (control: string, sender = "RETAILER", ack = "0") =>
  `ISA*00*          *00*          *ZZ*${sender.padEnd(15)}*ZZ*SUPPLIER       *260115*1030*U*00401*${control}*${ack}*T*>~`;

export interface PoOptions {
  isa13?: string;
  gs06?: string;
  st02?: string;
  po?: string;
  shipDate?: string | null;
  /** SE01 as written; default the right count. */
  seCount?: number;
  sender?: string;
  ackRequested?: "0" | "1";
}

/** A retailer's 850 in one 00401 interchange, segments on their own lines. */
export function purchaseOrder(o: PoOptions = {}): string {
  const st02 = o.st02 ?? "0001";
  const body = [
    `ST*850*${st02}`,
    `BEG*00*SA*${o.po ?? "PO-1001"}**20260115`,
    ...(o.shipDate === null ? [] : [`DTM*010*${o.shipDate ?? "20260120"}`]),
    "N1*ST*RETAILER DC 12*92*0012",
    "PO1*1*10*EA*12.50*PE*UP*012345678905*VN*SKU-1",
    "PO1*2*5*CA*30*PE*UP*012345678912*VN*SKU-2",
    "CTT*2*15",
  ];
  body.push(`SE*${o.seCount ?? body.length + 1}*${st02}`);
  const gs06 = o.gs06 ?? "101";
  const isa13 = o.isa13 ?? "000000101";
  return [isa(isa13, o.sender, o.ackRequested), `GS*PO*RETAILER*SUPPLIER*20260115*1030*${gs06}*X*004010~`, ...body.map((l) => `${l}~`), `GE*1*${gs06}~`, `IEA*1*${isa13}~`].join("\n") + "\n";
}

/** Their 997 for one of our groups: `sets` are [set id, ST02, AK5 status, extra segments]. */
export function functionalAck(o: { isa13: string; group: string; functionalId: string; sets: [string, string, string, string[]][]; ak9: string }): string {
  const body = ["ST*997*0001", `AK1*${o.functionalId}*${o.group}`];
  for (const [id, control, status, extra] of o.sets) body.push(`AK2*${id}*${control}`, ...extra, `AK5*${status}${extra.length ? "*5" : ""}`);
  body.push(`AK9*${o.ak9}*1*1*${o.ak9 === "R" ? 0 : 1}`);
  body.push(`SE*${body.length + 1}*0001`);
  return [isa(o.isa13), "GS*FA*RETAILER*SUPPLIER*20260115*1030*900*X*004010~", ...body.map((l) => `${l}~`), "GE*1*900~", `IEA*1*${o.isa13}~`].join("\n");
}
