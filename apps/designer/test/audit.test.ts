import { createUser, writeAudit, type Db } from "@ipaas/db";
import { createTestDatabase, insertRow, randomQueuePrefix, type TestDatabase } from "@ipaas/db/testing";
import { createRunsQueue } from "@ipaas/jobs";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Context, RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import { filtersFromSearch, queryFromFilters, searchFromFilters } from "../src/components/audit/filters";
import type { Role, SessionUser } from "../src/server/services/users";

// The audit log browser through tRPC (createCaller, real Postgres + Redis).
let t: TestDatabase;
let queue: RunsQueue;
const users = {} as Record<Role, SessionUser>;

/**
 * 130 rows: 100 in one transaction (one shared microsecond now(), so only id orders
 * them, and a millisecond Date cursor would skip them) and 30 dated an hour apart.
 */
async function seedAudit(db: Db) {
  await db.transaction(async (tx) => {
    for (let i = 0; i < 100; i++) {
      await writeAudit(tx, { id: null, email: i % 2 ? "ops@acme.test" : "Alice@Acme.test", ip: "10.0.0.1" }, { action: "flow.publish", targetType: "flow", targetId: `f${i % 5}`, summary: { i } });
    }
  });
  const base = Date.parse("2024-03-01T00:00:00Z");
  for (let i = 0; i < 30; i++) {
    // Out of id order on purpose: row i is older than row i-1, so order is by time first.
    await insertRow(db, "auditLog", { actorEmail: "100%_bob@acme.test", action: "connection.update", targetType: "connection", targetId: "c1", summary: { i }, createdAt: new Date(base - i * 3_600_000) });
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  for (const role of ["admin", "analyst", "operator", "viewer"] as const) {
    users[role] = await createUser(t.db, { email: `${role}@audit.test`, name: role, role });
  }
  await seedAudit(t.db);
});
afterAll(async () => {
  await queue?.close();
  await t?.close();
});

const callerAs = (user: SessionUser | null) => createCaller({ db: t.db, queue, user } satisfies Context);

type Filters = Omit<Parameters<ReturnType<typeof callerAs>["audit"]["list"]>[0], "cursor" | "limit">;

/** Every page of a filter, following nextCursor; returns the ids in order and the page count. */
async function pageThrough(filters: Filters, limit: number) {
  const caller = callerAs(users.admin);
  const ids: number[] = [];
  let cursor: number | null = null;
  let pages = 0;
  do {
    const page: Awaited<ReturnType<typeof caller.audit.list>> = await caller.audit.list({ ...filters, limit, cursor });
    ids.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor !== null);
  return { ids, pages };
}

/** The same filter's rows in one query, ordered the way pages should be. */
async function expectedIds(filters: Filters) {
  const { items } = await callerAs(users.admin).audit.list({ ...filters, limit: 200 });
  return items.map((r) => r.id);
}

describe("audit router", () => {
  it("pages through everything newest first with no duplicates or gaps", async () => {
    // Only the seeded rows (whatever else the setup may audit, e.g. creating users).
    const seeded = { actor: "acme.test" };
    const all = await expectedIds(seeded);
    expect(all).toHaveLength(130);
    const { ids, pages } = await pageThrough(seeded, 7);
    expect(pages).toBe(Math.ceil(130 / 7));
    expect(ids).toEqual(all);
    expect(new Set(ids).size).toBe(130);

    // The 100 rows of one transaction come first (newest), by id descending; then the dated rows, newest first.
    const rows = (await callerAs(users.admin).audit.list({ ...seeded, limit: 200 })).items;
    expect(rows.slice(0, 100).map((r) => r.id)).toEqual([...rows.slice(0, 100).map((r) => r.id)].sort((a, b) => b - a));
    expect(rows.slice(100).map((r) => (r.summary as { i: number }).i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it("pages through a filtered result the same way", async () => {
    const filters = { action: "flow.publish", targetId: "f3" };
    const { ids } = await pageThrough(filters, 4);
    expect(ids).toHaveLength(20);
    expect(ids).toEqual(await expectedIds(filters));
  });

  it("filters by actor email (contains, case-insensitive, wildcards literal), action, target and dates", async () => {
    const list = (filters: Filters) => callerAs(users.admin).audit.list({ ...filters, limit: 200 }).then((p) => p.items);
    expect(await list({ actor: "alice@" })).toHaveLength(50);
    expect(await list({ actor: "ACME" })).toHaveLength(130);
    expect(await list({ actor: "100%_" })).toHaveLength(30);
    expect(await list({ actor: "0%b" })).toHaveLength(0);
    expect(await list({ action: "connection.update" })).toHaveLength(30);
    expect(await list({ targetType: "flow", targetId: "f0" })).toHaveLength(20);

    // Dated rows are hourly back from 2024-03-01T00:00; [from, to) covers rows 1..5.
    const dated = await list({ from: new Date("2024-02-29T19:00:00Z"), to: new Date("2024-03-01T00:00:00Z") });
    expect(dated.map((r) => (r.summary as { i: number }).i)).toEqual([1, 2, 3, 4, 5]);
    expect(dated[0]).toMatchObject({ actorEmail: "100%_bob@acme.test", targetType: "connection", targetId: "c1", ip: null });
  });

  it("lists the distinct actions for the filter dropdown", async () => {
    const actions = await callerAs(users.admin).audit.actions();
    expect(actions).toEqual(expect.arrayContaining(["connection.update", "flow.publish"]));
    expect(new Set(actions).size).toBe(actions.length);
  });

  it("refuses both procedures to non-admins (FORBIDDEN) and to nobody (UNAUTHORIZED)", async () => {
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => "OK",
        (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
      );
    for (const role of ["analyst", "operator", "viewer"] as const) {
      const caller = callerAs(users[role]);
      expect(await codeOf(caller.audit.list({ limit: 10 }))).toBe("FORBIDDEN");
      expect(await codeOf(caller.audit.actions())).toBe("FORBIDDEN");
    }
    expect(await codeOf(callerAs(null).audit.list({ limit: 10 }))).toBe("UNAUTHORIZED");
  });
});

describe("audit page filters in the query string", () => {
  it("round-trips through the URL, dropping empty and unknown parameters", () => {
    const filters = filtersFromSearch(new URLSearchParams("actor=alice%40&action=apiKey.create&targetType=&page=3&from=2024-03-01"));
    expect(filters).toEqual({ actor: "alice@", action: "apiKey.create", from: "2024-03-01" });
    expect(searchFromFilters(filters)).toBe("?actor=alice%40&action=apiKey.create&from=2024-03-01");
    expect(searchFromFilters({ actor: "  " })).toBe("");
  });

  it("turns the inclusive day range into [local midnight, next local midnight) and ignores malformed days", () => {
    const query = queryFromFilters({ from: "2024-03-01", to: "2024-03-31", targetId: "k1" });
    expect(query).toEqual({ from: new Date(2024, 2, 1), to: new Date(2024, 3, 1), targetId: "k1" });
    expect(queryFromFilters({ from: "yesterday", to: "2024-3-1" })).toEqual({});
  });
});
