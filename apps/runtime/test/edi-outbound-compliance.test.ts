import { randomBytes, randomUUID } from "node:crypto";
import { createOutboundPolicy } from "@ipaas/connectors";
import { KeyRing, listExpectations, type Db } from "@ipaas/db";
import { createTestDatabase, insertRow, randomQueuePrefix, selectRows, type TestDatabase } from "@ipaas/db/testing";
import { createEdiDeliveriesQueue, createRunsQueue, type EdiDeliveryJob, type RunJob } from "@ipaas/jobs";
import type { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createEdiSender } from "../src/edi/send";
import { evaluateAlerts } from "../src/maintenance/alerts";
import { checkEdiCompliance } from "../src/maintenance/edi-compliance";
import { asn856, createRetailer, receivedPurchaseOrder } from "./helpers/edi-outbound";

let t: TestDatabase;
let db: Db;
let runs: Queue<RunJob>;
let deliveries: Queue<EdiDeliveryJob>;
const keyRing = new KeyRing(randomBytes(32).toString("base64"));
const outbound = createOutboundPolicy({});

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  const prefix = randomQueuePrefix();
  runs = createRunsQueue({ redisUrl: inject("redisUrl"), prefix });
  deliveries = createEdiDeliveriesQueue({ redisUrl: inject("redisUrl"), prefix });
});
afterAll(async () => {
  await outbound.close();
  await Promise.all([runs?.close(), deliveries?.close()]);
  await t?.close();
});

const tick = (now: Date) => evaluateAlerts({ db, queue: runs, keyRing, outbound, now });
const hours = (base: Date, n: number) => new Date(base.getTime() + n * 3_600_000);

describe("EDI compliance timers (real Postgres)", () => {
  it("an unsent 856 past its due time fires an edi_overdue alert naming partner, document and PO; sending it resolves the alert", async () => {
    const t0 = new Date();
    const bigbox = await createRetailer(db, keyRing, { name: "BigBox", url: "https://as2.bigbox.test/as2" });
    const quiet = await createRetailer(db, keyRing, { name: "Quiet", url: "https://as2.quiet.test/as2", overrides: { theirIsaId: "QUIET" } });
    const po = await receivedPurchaseOrder(db, { partnerId: bigbox.id, po: "PO-4501", dueAt: hours(t0, 2), kinds: ["asn_856"] });
    const anyPartner = await insertRow(db, "alertRules", { name: "EDI late", kind: "edi_overdue", threshold: 0 });
    const quietOnly = await insertRow(db, "alertRules", { name: "Quiet late", kind: "edi_overdue", partnerId: quiet.id, threshold: 0 });

    // Before the due time: open, nothing fires.
    expect(await tick(hours(t0, 1))).toMatchObject({ fired: 0, errors: 0 });
    expect((await listExpectations(db, { now: hours(t0, 1), partnerId: bigbox.id }))[0]).toMatchObject({ state: "open", kind: "asn_856", reference: "PO-4501", setId: "850" });

    // Past it: the rule over all partners fires, the one scoped to another partner does not.
    expect(await tick(hours(t0, 3))).toMatchObject({ fired: 1, errors: 0 });
    const [alert] = await selectRows(db, "alerts", { ruleId: anyPartner.id });
    expect(alert).toMatchObject({ status: "firing", value: 1 });
    expect(alert!.message).toMatch(/^1 EDI document overdue: BigBox: our 856 for 850 PO-4501 \(due .+\) \(alert above 0\)$/);
    expect(await selectRows(db, "alerts", { ruleId: quietOnly.id })).toHaveLength(0);
    expect((await listExpectations(db, { now: hours(t0, 3), state: "overdue" })).map((e) => e.transactionId)).toEqual([po.id]);

    // The compliance task notes each overdue expectation once, however often it looks.
    expect(await checkEdiCompliance({ db, now: hours(t0, 3) })).toEqual({ overdue: 1, requeued: 0 });
    expect(await checkEdiCompliance({ db, now: hours(t0, 3.5) })).toEqual({ overdue: 0, requeued: 0 });
    expect((await selectRows(db, "ediExpectations", { transactionId: po.id }))[0]!.alertedAt).toEqual(hours(t0, 3));

    // The 856 goes out (late): the expectation is met, late, and the alert resolves.
    const send = createEdiSender({ db, deliveries, now: () => hours(t0, 4) });
    await send({ partnerId: bigbox.id, set: "856", input: asn856("SHIP-4501", "PO-4501"), idempotencyKey: `f:${randomUUID()}:n:0`, runId: randomUUID(), correlationId: "c" });
    expect(await tick(hours(t0, 4.1))).toMatchObject({ resolved: 1 });
    expect(await selectRows(db, "alerts", { ruleId: anyPartner.id })).toMatchObject([{ status: "resolved" }]);
    const states = await listExpectations(db, { now: hours(t0, 4.1), partnerId: bigbox.id });
    expect(states.find((e) => e.kind === "asn_856")).toMatchObject({ state: "late", metAt: hours(t0, 4) });
    // The 856 started its own timer: their 997 within the partner's 4 hours, open for now.
    expect(states.find((e) => e.kind === "ack997_theirs")).toMatchObject({ state: "open", setId: "856", reference: "SHIP-4501", dueAt: hours(t0, 8) });

    // Their 997 never comes: the same rule fires again for it.
    expect(await tick(hours(t0, 9))).toMatchObject({ fired: 1 });
    const firing = (await selectRows(db, "alerts", { ruleId: anyPartner.id })).find((a) => a.status === "firing");
    expect(firing!.message).toContain("BigBox: their 997 for 856 SHIP-4501");
  });
});
