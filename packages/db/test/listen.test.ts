import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenChannel, LOOKUP_CHANGED_CHANNEL, upsertLookupTable } from "../src";
import { createTestDatabase, terminateListeners, type TestDatabase } from "../src/testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("listenChannel", () => {
  it("hears lookup changes when they commit, reports a lost connection and listens again by itself", async () => {
    const heard: string[] = [];
    const live: boolean[] = [];
    const listener = listenChannel(t.url, LOOKUP_CHANGED_CHANNEL, { onNotify: (p) => heard.push(p), onLive: (l) => live.push(l) }, { retryMs: 50 });
    try {
      await listener.ready;
      expect(live).toEqual([true]);
      await upsertLookupTable(t.db, "netsuite-item", { "SKU-1": "1" });
      await until(() => heard.length === 1);
      expect(heard.map((p) => JSON.parse(p))).toEqual([{ table: "netsuite-item", environment: "sandbox" }]);

      expect(await terminateListeners(t.pool)).toBe(1);
      await until(() => live.length === 3);
      expect(live).toEqual([true, false, true]);
      await upsertLookupTable(t.db, "netsuite-unit", { EA: "1" });
      await until(() => heard.length === 2);
      expect(heard.map((p) => JSON.parse(p).table)).toEqual(["netsuite-item", "netsuite-unit"]);
    } finally {
      await listener.close();
    }
    expect(live.at(-1)).toBe(false);
  });
});
