import { randomUUID } from "node:crypto";
import type { TestDatabase } from "@ipaas/db/testing";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunsQueue } from "../src/server/context";
import { inputProblem, MAX_INPUT_DEPTH } from "../src/server/input-guard";
import { createCaller } from "../src/server/routers/_app";
import { demoDatabaseFixture, seededAdmin } from "./helpers";

/*
 * The inputs the trpc.inputs fuzz target (trpc.fuzz.test.ts) turned into 500s,
 * pinned as plain tests: each must now be a 400 that names the field, and must
 * leave nothing behind that breaks later reads.
 */

let t: TestDatabase;
let queue: RunsQueue;
let caller: ReturnType<typeof createCaller>;
let flowId: string;

const demo = demoDatabaseFixture();
beforeAll(async () => {
  ({ t, queue, flowId } = demo);
  caller = createCaller({ db: t.db, queue, user: await seededAdmin(t.db) });
});

/** The refusal of a call: its code and message (a call that succeeds fails the test). */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return { code: (error as TRPCError).code, message: (error as TRPCError).message };
}

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe("input guard (what no schema says and Postgres refuses)", () => {
  it("names where a NUL, a lone surrogate or too deep nesting is", () => {
    expect(inputProblem({ filter: { errorCode: "a\u0000b" } })).toBe("input.filter.errorCode contains a NUL character (\\u0000), which cannot be stored");
    expect(inputProblem({ payload: ["ok", "\uD800"] })).toBe("input.payload[1] contains an unpaired UTF-16 surrogate (e.g. \\ud800), which cannot be stored");
    expect(inputProblem({ config: { "k\u0000": 1 } })).toMatch(/^input\.config\.k\\u0000 \(a key\) contains a NUL/);
    expect(inputProblem({ input: nested(MAX_INPUT_DEPTH + 5) })).toMatch(/^input\.input(\.a)+ is nested deeper than 100 levels$/);
    // Well-formed text (astral characters are surrogate pairs) and ordinary depth pass.
    expect(inputProblem({ name: "𝕏 👩‍👩‍👧 é", payload: nested(50), when: new Date(0) })).toBeNull();
  });

  it("turns a NUL in a name into a 400 instead of a failed insert", async () => {
    expect(await refusal(caller.flows.create({ name: "order\u0000sync" }))).toEqual({ code: "BAD_REQUEST", message: expect.stringContaining("input.name contains a NUL") });
  });

  it("turns a lone surrogate in a run payload into a 400 instead of a failed jsonb insert", async () => {
    expect(await refusal(caller.flows.run({ flowId, payload: { name: "#1\uDC00" } }))).toEqual({ code: "BAD_REQUEST", message: expect.stringContaining("input.payload.name contains an unpaired UTF-16 surrogate") });
  });

  it("turns a deeply nested payload into a 400 instead of a stack overflow", async () => {
    const { code, message } = await refusal(caller.flows.run({ flowId, payload: nested(20_000) }));
    expect(code).toBe("BAD_REQUEST");
    expect(message).toMatch(/nested deeper than 100 levels/);
  });
});

describe("bounds Postgres has and the schemas did not", () => {
  const farFuture = new Date("+065232-03-21T11:55:35.188Z");
  const farPast = new Date("-000001-01-01T00:00:00.000Z");

  it("refuses filter dates outside years 1 to 9999 in runs, audit and dead letters", async () => {
    for (const call of [
      caller.runs.list({ from: farFuture }),
      caller.audit.list({ to: farPast }),
      caller.deadLetters.list({ filter: { from: farFuture } }),
      caller.deadLetters.countMatching({ filter: { to: farPast } }),
    ]) {
      expect(await refusal(call)).toEqual({ code: "BAD_REQUEST", message: expect.stringContaining("must be in the years 1 to 9999") });
    }
    // The limits themselves are accepted.
    await expect(caller.runs.list({ from: new Date("0001-01-01T00:00:00.000Z"), to: new Date("9999-12-31T23:59:59.999Z") })).resolves.toMatchObject({ items: [] });
  });

  it("refuses version numbers beyond Postgres' integer instead of failing the query", async () => {
    const huge = Number.MAX_SAFE_INTEGER;
    for (const call of [caller.flows.version({ flowId, version: huge }), caller.flows.diff({ flowId, from: 1, to: huge }), caller.flows.export({ flowId, version: huge })]) {
      expect(await refusal(call)).toEqual({ code: "BAD_REQUEST", message: expect.stringContaining("is not a version number") });
    }
    expect((await refusal(caller.flows.version({ flowId, version: 2_147_483_647 }))).code).toBe("NOT_FOUND");
  });
});

describe("mapping tests and draft test runs", () => {
  it("refuses a mapping test whose expected value is undefined, so no saved mapping becomes unreadable", async () => {
    const { code, message } = await refusal(caller.mappings.create({ name: "Half a test", expression: "$", tests: [{ name: "t", input: {}, expected: undefined }], targetSchema: null }));
    expect(code).toBe("BAD_REQUEST");
    expect(message).toMatch(/expected is required/);
    expect((await caller.mappings.list()).map((m) => m.name)).not.toContain("Half a test");
  });

  it("refuses a whole-flow test run of a draft without a trigger with a 400", async () => {
    const definition = { schemaVersion: 1 as const, nodes: [{ id: "m", type: "map" as const, name: "Map", config: { expression: "$" } }], edges: [] };
    expect(await refusal(caller.flows.testRun({ flowId, definition, payload: {} }))).toEqual({ code: "BAD_REQUEST", message: expect.stringContaining("no trigger node") });
    // A single step of the same draft still runs.
    await expect(caller.flows.testRun({ flowId, definition, nodeId: "m", input: { a: 1 } })).resolves.toMatchObject({ status: "succeeded" });
  });

  it("keeps refusing unknown flows as before (the guard adds, it does not replace)", async () => {
    expect((await refusal(caller.flows.get({ flowId: randomUUID() }))).code).toBe("NOT_FOUND");
  });
});
