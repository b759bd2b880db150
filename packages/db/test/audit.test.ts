import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordRefusedAttempt, schema } from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const attempt = { action: "webhook.rejected", targetType: "flow", targetId: "f-1", ip: "127.0.0.1", reason: "invalid signature" };
const rowsOf = async (ip: string) => (await t.db.select().from(schema.auditLog)).filter((r) => r.ip === ip);

describe("refused attempts in the audit log", () => {
  it("counts parallel refusals into one row per action, target, address and reason", async () => {
    await Promise.all(Array.from({ length: 20 }, () => recordRefusedAttempt(t.db, attempt)));
    const rows = await rowsOf("127.0.0.1");
    // Twenty racing writers, one row (two only if the minute turned meanwhile).
    expect(rows.length).toBeLessThanOrEqual(2);
    expect(rows.reduce((n, r) => n + (r.summary as { count: number }).count, 0)).toBe(20);
    expect(rows[0]).toMatchObject({ action: "webhook.rejected", targetType: "flow", targetId: "f-1", summary: expect.objectContaining({ reason: "invalid signature" }) });
  });

  it("keeps different reasons, addresses and targets apart, and null targets together", async () => {
    await recordRefusedAttempt(t.db, { ...attempt, ip: "127.0.0.2" });
    await recordRefusedAttempt(t.db, { ...attempt, ip: "127.0.0.2", reason: "replayed signature" });
    await recordRefusedAttempt(t.db, { ...attempt, ip: "127.0.0.2", targetId: "f-2" });
    await recordRefusedAttempt(t.db, { ...attempt, ip: "127.0.0.2", targetType: "api", targetId: null });
    await recordRefusedAttempt(t.db, { ...attempt, ip: "127.0.0.2", targetType: "api", targetId: null });
    const rows = await rowsOf("127.0.0.2");
    expect(rows.map((r) => [r.targetId, (r.summary as { reason: string }).reason, (r.summary as { count: number }).count]).sort()).toEqual(
      [
        ["f-1", "invalid signature", 1],
        ["f-1", "replayed signature", 1],
        ["f-2", "invalid signature", 1],
        [null, "invalid signature", 2],
      ].sort(),
    );
  });
});
