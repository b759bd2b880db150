import { randomBytes } from "node:crypto";
import { KeyRing, seedDemo } from "@ipaas/db";
import { demoFlowDefinition } from "@ipaas/flow";
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { fuzzParams } from "../../../tooling/fuzz";
import { hostileValue, prototypePolluted } from "../../../tooling/fuzz-hostile";
import { zodArbitrary } from "../../../tooling/fuzz-zod";
import { appRouter, createCaller } from "../src/server/routers/_app";
import { deadLetterRun, publishOrderFlow, startWorkbench, type Workbench } from "./dead-letters-fixtures";
import { harvestIds, knownValues, loadPools, type Pools } from "./trpc-fuzz-pools";

/*
 * Fuzz target `trpc.inputs`: every procedure of the designer's appRouter, called
 * in-process as an admin (real Postgres and Redis) with inputs generated from its
 * own zod input schema, mixed with hostile values (huge, NUL, lone surrogates,
 * SQL- and path-ish strings, deep nesting, own `__proto__` keys, wrong types,
 * what superjson can deliver: bigint, Map, Date, …). Each call must answer or
 * refuse with a 4xx TRPCError: never INTERNAL_SERVER_ERROR, never a crash, never
 * a polluted Object.prototype; the database and queue still answer afterwards.
 *
 * No procedure is excluded. The one guard against self-harm: user ids come from a
 * pool without the calling admin, so users.setRole / setDisabled / passwordLink
 * never demote, disable or re-link the caller (random uuids cannot name it).
 */

const TARGET = "trpc.inputs";
/** Short: deterministic, a few seconds for all ~80 procedures; long: over 10,000 cases on its own. */
const RUNS = { short: 4, long: 160 };
/** Procedures without input still get called with garbage (tRPC must ignore it). */
const RUNS_NO_INPUT = { short: 1, long: 10 };

const REFUSALS = new Set<string>(["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "METHOD_NOT_SUPPORTED", "TIMEOUT", "CONFLICT", "PRECONDITION_FAILED", "PAYLOAD_TOO_LARGE", "UNPROCESSABLE_CONTENT", "TOO_MANY_REQUESTS"]);

let w: Workbench;
let caller: ReturnType<typeof createCaller>;
const seen = new Set<string>();
const realFetch = globalThis.fetch;

/**
 * Stored URLs are fuzzed too (connection base URLs, alert webhooks), and
 * connections.test / alerts.testNotification / flows.testRun then fetch them. The
 * fuzz must never send traffic off this machine, so every fetch not to loopback
 * fails the way an unreachable host does, before any DNS lookup or connection.
 */
function loopbackOnlyFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) return realFetch(input, { ...init, redirect: "manual" });
  return Promise.reject(new TypeError("fetch failed", { cause: new Error(`fuzz: no traffic to ${url.hostname}`) }));
}

beforeAll(async () => {
  globalThis.fetch = loopbackOnlyFetch as typeof fetch;
  w = await startWorkbench();
  // flows.webhookUrl and apiKeys.invokeInfo read the designer's environment.
  vi.stubEnv("DATABASE_URL", w.t.url);
  vi.stubEnv("REDIS_URL", inject("redisUrl"));
  vi.stubEnv("RUNTIME_URL", "http://runtime.test:3001/");
  await seedDemo(w.db, demoFlowDefinition);
  const keyRing = new KeyRing(randomBytes(32).toString("base64"));
  caller = createCaller({ db: w.db, queue: w.queue, user: w.admin, keyRing, ip: "127.0.0.1" });
  // A few rows of every kind, so generated ids can name something that exists.
  const orders = await publishOrderFlow(w.db, "Fuzz orders");
  for (const orderNo of ["F-1", "F-2", "F-3"]) await deadLetterRun(w, orders, { orderNo });
  await caller.mappings.create({ name: "Fuzz mapping", expression: "{ 'id': orderNo }", tests: [{ name: "one", input: { orderNo: 1 }, expected: { id: 1 } }], targetSchema: null });
  await caller.alerts.createRule({ name: "Fuzz rule", kind: "dead_letters", webhookUrl: "http://127.0.0.1:9/hook" });
  await caller.apiKeys.create({ name: "Fuzz key", flowIds: null });
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  vi.unstubAllEnvs();
  await w?.close();
});

interface Procedure {
  path: string;
  inputs: unknown[];
}

const procedures: Procedure[] = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, { _def: { inputs: unknown[] } }> } })._def.procedures).map(([path, p]) => ({
  path,
  inputs: p._def.inputs,
}));

function invoke(path: string, input: unknown): Promise<unknown> {
  const [router, name] = path.split(".") as [string, string];
  const fn = (caller as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[router]![name]!;
  return fn(input);
}

/** The input as it would show in a failure report: short, whatever its size, depth or type. */
function describeInput(input: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(input, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : typeof v === "string" && v.length > 200 ? `<${v.length} chars: ${v.slice(0, 40)}…>` : v)) ?? String(input);
  } catch (e) {
    text = `<not JSON: ${(e as Error).message}; nested ${depthOf(input)} levels>`;
  }
  return text.length > 1_000 ? `${text.slice(0, 1_000)}… (${text.length} chars)` : text;
}

function depthOf(value: unknown): number {
  let depth = 0;
  for (let v = value; v && typeof v === "object" && depth < 100_000; depth++) v = Object.values(v)[0];
  return depth;
}

/** The innermost cause's message (the driver's, under drizzle's "Failed query"). */
function rootCause(error: unknown): string {
  let e = error;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? `${e.constructor.name}: ${e.message.slice(0, 300)}` : String(e);
}

/** Null when the call answered or refused properly; else what went wrong. */
async function outcome(path: string, input: unknown): Promise<string | null> {
  try {
    harvestIds(await invoke(path, input), seen);
  } catch (error) {
    if (!(error instanceof TRPCError)) return `threw a ${(error as Error)?.constructor?.name}: ${String(error)}`;
    if (!REFUSALS.has(error.code)) {
      return `${error.code}: ${error.message.slice(0, 200)} (root cause: ${rootCause(error)})`;
    }
  }
  const polluted = prototypePolluted();
  return polluted ? `Object.prototype was polluted (${polluted})` : null;
}

describe(`fuzz ${TARGET}: every procedure's input from its zod schema plus hostile values, as an admin`, () => {
  let pools: Pools | undefined;
  let poolsRouter = "";

  it.each(procedures.map((p) => [p.path, p] as const))("%s answers or refuses with a 4xx", async (path, procedure) => {
    // Reloaded per router (not per procedure: ~15 queries); ids created in between are harvested into `seen`.
    const router = path.split(".")[0]!;
    if (!pools || router !== poolsRouter) [pools, poolsRouter] = [await loadPools(caller, w.admin.id, seen), router];
    const schema = procedure.inputs[0];
    const input = schema ? fc.oneof({ arbitrary: zodArbitrary(schema, { known: knownValues(pools, path) }), weight: 9 }, { arbitrary: hostileValue(), weight: 1 }) : hostileValue();
    // Wrapped so that a failure report prints a short description, not a 1 MB string.
    const cases = input.map((value) => ({ value, [fc.toStringMethod]: () => describeInput(value) }));
    await fc.assert(
      fc.asyncProperty(cases, async ({ value }) => {
        const problem = await outcome(path, value);
        if (problem) throw new Error(`${path}(${describeInput(value)}) → ${problem}`);
      }),
      fuzzParams(TARGET, schema ? RUNS : RUNS_NO_INPUT),
    );
  });

  it("leaves the database and the queue answering", async () => {
    expect((await caller.flows.list()).length).toBeGreaterThan(0);
    expect(await w.queue.getJobCounts("waiting")).toEqual(expect.objectContaining({ waiting: expect.any(Number) }));
    expect(prototypePolluted()).toBeNull();
  });
});
