import { randomUUID } from "node:crypto";
import { createTestDatabase, randomQueuePrefix, type TestDatabase } from "@ipaas/db/testing";
import { createRunsQueue } from "@ipaas/jobs";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RunsQueue } from "../src/server/context";
import { appRouter, createCaller } from "../src/server/routers/_app";
import type { Role, SessionUser } from "../src/server/services/users";

/*
 * docs/architecture.md "Roles and audit", as a table: who may call each procedure. A procedure missing
 * here fails the test, so nobody adds one without deciding its rule. The UI hides
 * controls by role, but this is the guard.
 */
const ALL: Role[] = ["admin", "analyst", "operator", "viewer"];
const ADMIN: Role[] = ["admin"];
const ANALYST: Role[] = ["admin", "analyst"];
const RUNNER: Role[] = ["admin", "analyst", "operator"];
/** Ops actions on runs and dead letters (retry, discard, assign, comment, alert rules). */
const OPERATOR: Role[] = ["admin", "operator"];

const RULES: Record<string, Role[]> = {
  "flows.list": ALL,
  "flows.get": ALL,
  "flows.saveDraft": ANALYST,
  "flows.create": ANALYST,
  "flows.setEnvironment": ANALYST,
  // Read-only evaluations: anyone may check a flow or try an expression.
  "flows.validate": ALL,
  "flows.publish": ANALYST,
  "flows.run": RUNNER,
  "flows.setEnabled": ANALYST,
  "flows.webhookUrl": ALL,
  // Test runs call connectors (side effects) and rollback publishes: editors only. History and export are reads.
  "flows.testRun": ANALYST,
  "flows.versions": ALL,
  "flows.version": ALL,
  "flows.diff": ALL,
  "flows.rollback": ANALYST,
  "flows.export": ALL,
  "flows.import": ANALYST,
  "flows.importLookups": ANALYST,
  // Everyone may browse the templates; creating a flow from one is flow editing.
  "templates.list": ALL,
  "templates.install": ANALYST,
  "mappings.list": ALL,
  "mappings.get": ALL,
  "mappings.targetSchemas": ALL,
  "mappings.functionDocs": ALL,
  "mappings.create": ANALYST,
  "mappings.update": ANALYST,
  "mappings.delete": ANALYST,
  // Server-side evaluation of arbitrary expressions: editors only (issue 13).
  "mappings.preview": ANALYST,
  "mappings.runTests": ANALYST,
  // The mapping library (issue 15): everyone reads it and runs its fixed golden examples; editors copy.
  "mappings.library.list": ALL,
  "mappings.library.get": ALL,
  "mappings.library.runExamples": ALL,
  "mappings.library.copy": ANALYST,
  "runs.list": ALL,
  "runs.byId": ALL,
  "users.me": ALL,
  "palette.get": ALL,
  "users.list": ADMIN,
  "users.create": ADMIN,
  "users.passwordLink": ADMIN,
  "users.setRole": ADMIN,
  "users.setDisabled": ADMIN,
  "users.unlock": ADMIN,
  // Everyone may see which connections exist (analysts pick them in flows), never their secrets.
  "connections.connectors": ALL,
  "connections.list": ALL,
  "connections.byId": ALL,
  "connections.usage": ALL,
  "connections.environments": ALL,
  "connections.health": ALL,
  "connections.ofFlow": ALL,
  // Circuit breaker and rate-limit settings are connection settings: admins only.
  "connections.updateLimits": ADMIN,
  "connections.create": ADMIN,
  "connections.update": ADMIN,
  "connections.rotate": ADMIN,
  "connections.test": ADMIN,
  "connections.delete": ADMIN,
  "connections.createEnvironment": ADMIN,
  "apiKeys.list": ADMIN,
  "apiKeys.create": ADMIN,
  "apiKeys.update": ADMIN,
  "apiKeys.revoke": ADMIN,
  "apiKeys.invokeInfo": ADMIN,
  "audit.list": ADMIN,
  "audit.actions": ADMIN,
  // --- runs explorer (issue 8) ---
  "runs.graph": ALL,
  "runs.related": ALL,
  "runs.errorClasses": ALL,
  // The run's data for a test run of the draft: those who may test-run.
  "runs.replayData": ANALYST,
  // --- dead-letter workbench (issue 8) ---
  // Reading (and checking an edited input) is for everyone; acting on letters is ops.
  "deadLetters.groups": ALL,
  "deadLetters.list": ALL,
  "deadLetters.get": ALL,
  "deadLetters.validateInput": ALL,
  "deadLetters.countMatching": ALL,
  "deadLetters.assignees": ALL,
  "deadLetters.bulkStatus": ALL,
  "deadLetters.retry": OPERATOR,
  "deadLetters.discard": OPERATOR,
  "deadLetters.assign": OPERATOR,
  "deadLetters.comment": OPERATOR,
  "deadLetters.bulk": OPERATOR,
  "deadLetters.replayDryRun": OPERATOR,
  // --- dashboard + alerts (issue 8) ---
  // Everyone sees the dashboard, alerts and rules (never a webhook URL); operators and admins change rules.
  "dashboard.overview": ALL,
  "alerts.rules": ALL,
  "alerts.list": ALL,
  "alerts.firingCount": ALL,
  "alerts.createRule": OPERATOR,
  "alerts.updateRule": OPERATOR,
  "alerts.deleteRule": OPERATOR,
  "alerts.testNotification": OPERATOR,
  // --- retention (issue 8) ---
  // Retention deletes run history: admins only, reading included (it lists every flow's storage).
  "retention.overview": ADMIN,
  "retention.update": ADMIN,
  "retention.pruneNow": ADMIN,
  // --- cross-reference tables (issue 15) ---
  // Everyone reads tables and entries (and exports them); analysts and admins change them.
  // Trading partners hold transport credentials: everyone reads (masked), admins write, like connections.
  "partners.list": ALL,
  "partners.byId": ALL,
  "partners.create": ADMIN,
  "partners.update": ADMIN,
  "partners.delete": ADMIN,
  "partners.generateAs2Certificate": ADMIN,
  // The EDI dashboard is read like the operations dashboard; the onboarding harness is partner setup and flow building.
  "edi.dashboard": ALL,
  "edi.documents": ALL,
  "edi.document": ALL,
  "edi.download": ALL,
  "edi.certify": ANALYST,
  "partners.resendInterchange": OPERATOR,
  "lookups.tables": ALL,
  "lookups.table": ALL,
  "lookups.entries": ALL,
  "lookups.exportCsv": ALL,
  "lookups.createTable": ANALYST,
  "lookups.updateTable": ANALYST,
  "lookups.deleteTable": ANALYST,
  "lookups.upsertEntry": ANALYST,
  "lookups.deleteEntry": ANALYST,
  // A preview writes nothing, but only an editor can go on to import.
  "lookups.previewImport": ANALYST,
  "lookups.importCsv": ANALYST,
  "lookups.copyEntries": ANALYST,
};

let t: TestDatabase;
let queue: RunsQueue;

beforeAll(async () => {
  t = await createTestDatabase();
  queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
});
afterAll(async () => {
  await queue?.close();
  await t?.close();
});

const procedures = Object.keys(appRouter._def.procedures).sort();

/** Calls a procedure by its dotted path with an empty input; resolves to the error code or "OK". */
async function outcome(user: SessionUser | null, path: string): Promise<string> {
  let fn: unknown = createCaller({ db: t.db, queue, user, keyRing: null });
  for (const key of path.split(".")) fn = (fn as Record<string, unknown>)[key];
  try {
    await (fn as (input: unknown) => Promise<unknown>)({});
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("role rules", () => {
  it("every procedure has a rule, and every rule a procedure", () => {
    expect(procedures.filter((p) => !(p in RULES))).toEqual([]);
    expect(Object.keys(RULES).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  it.each(procedures)("%s: signed-out callers are refused", async (path) => {
    expect(await outcome(null, path)).toBe("UNAUTHORIZED");
  });

  it.each(procedures)("%s: allowed roles get past the guard, the others are FORBIDDEN", async (path) => {
    const allowed = RULES[path] ?? [];
    for (const role of ALL) {
      const code = await outcome({ id: randomUUID(), email: `${role}@example.com`, role }, path);
      // An allowed role may still fail on the empty input or a missing row, but never on its role.
      if (allowed.includes(role)) expect([role, code]).not.toEqual([role, "FORBIDDEN"]);
      else expect([role, code]).toEqual([role, "FORBIDDEN"]);
    }
  });
});
