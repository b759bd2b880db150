import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateControlNumbers, createTradingPartner, listExpectations, meetExpectations, partnerFieldsSchema, storeOutboundInterchange, type StoreOutboundParams } from "../src";
import { createTestDatabase, selectRows, type TestDatabase } from "../src/testing";

// Outbound storage and compliance timers on real Postgres (docs/architecture.md "EDI documents", "EDI compliance").
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function partner(theirIsaId: string, expect997WithinHours: number | null = 2) {
  const fields = partnerFieldsSchema.parse({
    ourIsaQualifier: "ZZ",
    ourIsaId: "ACME",
    ourGsId: "ACME",
    theirIsaQualifier: "ZZ",
    theirIsaId,
    theirGsId: theirIsaId,
    acknowledgements: { expect997WithinHours },
  });
  return (await createTradingPartner(t.db, { name: theirIsaId, environment: "sandbox", fields, secrets: {}, keyRing: null, actor: null })).id;
}

const params = (partnerId: string, overrides: Partial<StoreOutboundParams> = {}): StoreOutboundParams => ({
  partnerId,
  sendKey: randomUUID(),
  runId: null,
  sets: [{ setId: "856", functionalId: "SH", reference: "SHIP-1" }],
  render: (n) => ({ raw: `ISA…${n.interchange}`, controlNumbers: { interchange: String(n.interchange).padStart(9, "0"), group: String(n.group), sets: n.sets.map(String) } }),
  answers: [],
  now: new Date(),
  ...overrides,
});

describe("storeOutboundInterchange", () => {
  it("a document that fails to render rolls its control numbers back: no gap", async () => {
    const partnerId = await partner("ROLLBACK");
    await expect(storeOutboundInterchange(t.db, params(partnerId, { render: () => { throw new Error("invalid"); } }))).rejects.toThrow("invalid");
    const stored = await storeOutboundInterchange(t.db, params(partnerId));
    expect(stored).toMatchObject({ created: true, controlNumbers: { interchange: "000000001", group: "1", sets: ["1"] } });
    expect(await allocateControlNumbers(t.db, { partnerId, direction: "outbound", kind: "interchange", count: 1 })).toEqual([2]);
  });

  it("one interchange per send key; no 997 timer when the partner sends none", async () => {
    const partnerId = await partner("NOACK", null);
    const p = params(partnerId);
    const first = await storeOutboundInterchange(t.db, p);
    expect(await storeOutboundInterchange(t.db, p)).toEqual({ ...first, created: false });
    const [set] = await selectRows(t.db, "ediTransactions", { interchangeId: first.interchangeId });
    expect(set).toMatchObject({ ackStatus: "none" });
    expect(await selectRows(t.db, "ediExpectations", { partnerId })).toHaveLength(0);
  });
});

describe("expectations", () => {
  it("are met by the transactions a 997 acknowledges and read as open, overdue, met or late", async () => {
    const partnerId = await partner("STATES");
    const t0 = new Date("2026-03-01T10:00:00Z");
    const a = await storeOutboundInterchange(t.db, params(partnerId, { now: t0 }));
    const b = await storeOutboundInterchange(t.db, params(partnerId, { now: t0 }));
    const c = await storeOutboundInterchange(t.db, params(partnerId, { now: t0 }));
    const setOf = async (id: string) => (await selectRows(t.db, "ediTransactions", { interchangeId: id }))[0]!.id;
    const [sa, sb, sc] = [await setOf(a.interchangeId), await setOf(b.interchangeId), await setOf(c.interchangeId)];
    const at = (h: number) => new Date(t0.getTime() + h * 3_600_000);
    const state = async (now: Date) => Object.fromEntries((await listExpectations(t.db, { partnerId, now })).map((e) => [e.transactionId, e.state]));
    expect(await meetExpectations(t.db, { partnerId, kind: "ack997_theirs", transactionIds: [sa], metByTransactionId: null, at: at(1) })).toBe(1);
    expect(await state(at(1.5))).toEqual({ [sa]: "met", [sb]: "open", [sc]: "open" });
    expect(await meetExpectations(t.db, { partnerId, kind: "ack997_theirs", transactionIds: [sb], metByTransactionId: null, at: at(3) })).toBe(1);
    // Met already: a second 997 for it meets nothing.
    expect(await meetExpectations(t.db, { partnerId, kind: "ack997_theirs", transactionIds: [sa], metByTransactionId: null, at: at(4) })).toBe(0);
    expect(await state(at(5))).toEqual({ [sa]: "met", [sb]: "late", [sc]: "overdue" });
    expect((await listExpectations(t.db, { partnerId, now: at(5), state: "overdue" })).map((e) => e.transactionId)).toEqual([sc]);
  });
});
