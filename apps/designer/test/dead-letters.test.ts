import { createUser, findDeadLetter, getRunWithSteps, listAudit, listRunDeadLetters } from "@ipaas/db";
import { runJobId } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf } from "./helpers";
import { deadLetterRun, finishResumedRun, publishOrderFlow, startWorkbench, type Workbench } from "./dead-letters-fixtures";

let w: Workbench;
let orders: string;
let invoices: string;
const letters: Record<string, { runId: string; letterId: string }> = {};

beforeAll(async () => {
  w = await startWorkbench();
  orders = await publishOrderFlow(w.db, "Orders to ERP");
  invoices = await publishOrderFlow(w.db, "Invoices to ERP");
  for (const key of ["#1001", "#1002", "#1003"]) letters[key] = await deadLetterRun(w, orders, { orderNo: key, sku: "9999" });
  letters["#1004"] = await deadLetterRun(w, orders, { orderNo: "#1004" }, { status: 503, body: "Service Unavailable", errorClass: "retryable" });
  letters["I-1"] = await deadLetterRun(w, invoices, { orderNo: "I-1" }, { inputResolved: false });
  letters["I-2"] = await deadLetterRun(w, invoices, { orderNo: "I-2" });
});
afterAll(async () => {
  await w?.close();
});

/** A letter's audit rows, oldest first. */
const audit = async (targetId: string) => (await listAudit(w.db, { targetType: "dead_letter", targetId, limit: 100 })).items.reverse();
const letterRow = (id: string) => findDeadLetter(w.db, id);
const runRow = async (id: string) => (await getRunWithSteps(w.db, id))!.run;

describe("groups and list", () => {
  it("groups open letters by flow + node + error class, biggest first, with a sample error", async () => {
    const { groups, errorClasses } = await w.as(w.viewer).deadLetters.groups({ filter: {} });
    expect(groups.map((g) => [g.flowName, g.nodeName, g.errorClass, g.count])).toEqual([
      ["Orders to ERP", "Post order", "non_retryable", 3],
      ["Invoices to ERP", "Post order", "non_retryable", 2],
      ["Orders to ERP", "Post order", "retryable", 1],
    ]);
    expect(groups[0]).toMatchObject({ flowId: orders, nodeId: "post", errorCode: "HTTP_400", sampleMessage: "POST http://erp.test/orders answered HTTP 400" });
    expect(groups[0]!.oldest.getTime()).toBeLessThanOrEqual(groups[0]!.newest.getTime());
    expect(errorClasses).toEqual(["non_retryable", "retryable"]);

    const byFlow = await w.as(w.viewer).deadLetters.groups({ filter: { flowId: invoices } });
    expect(byFlow.groups.map((g) => g.count)).toEqual([2]);
    const byClass = await w.as(w.viewer).deadLetters.groups({ filter: { errorClass: "retryable" } });
    expect(byClass.groups.map((g) => [g.flowName, g.count])).toEqual([["Orders to ERP", 1]]);
    // The target's error code splits piles further (what ops recognise: "INVALID_KEY_OR_REF — 37"), and filters them.
    const byCode = await w.as(w.viewer).deadLetters.groups({ filter: { errorCode: "HTTP_400" } });
    expect(byCode.groups.map((g) => [g.flowName, g.errorCode, g.count])).toEqual([
      ["Orders to ERP", "HTTP_400", 3],
      ["Invoices to ERP", "HTTP_400", 2],
    ]);
    expect((await w.as(w.viewer).deadLetters.countMatching({ filter: { errorCode: "HTTP_400" } })).count).toBe(5);
  });

  it("finds a letter by business key with or without the #", async () => {
    for (const search of ["1002", "#1002", " 1002 "]) {
      const { items } = await w.as(w.viewer).deadLetters.list({ filter: { search } });
      expect(items.map((i) => i.businessKey)).toEqual(["#1002"]);
    }
    const { groups } = await w.as(w.viewer).deadLetters.groups({ filter: { search: "1002" } });
    expect(groups.map((g) => g.count)).toEqual([1]);
    expect((await w.as(w.viewer).deadLetters.list({ filter: { search: "4242" } })).items).toEqual([]);
  });

  it("lists a group's letters newest first, page by page, without repeats or gaps", async () => {
    const filter = { flowId: orders, nodeId: "post", errorClass: "non_retryable" };
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<ReturnType<Workbench["as"]>["deadLetters"]["list"]>> = await w.as(w.viewer).deadLetters.list({ filter, limit: 2, cursor });
      seen.push(...page.items.map((i) => i.businessKey ?? ""));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["#1003", "#1002", "#1001"]);
    const [first] = (await w.as(w.viewer).deadLetters.list({ filter: { search: "1001" } })).items;
    expect(first).toMatchObject({ runId: letters["#1001"]!.runId, errorClass: "non_retryable", errorCode: "HTTP_400", attempts: 1, assigneeEmail: null });
  });
});

describe("one letter", () => {
  it("get: the full error with the target's answer, the kept input, its schema and the run", async () => {
    const letter = await w.as(w.viewer).deadLetters.get({ id: letters["#1001"]!.letterId });
    expect(letter).toMatchObject({
      status: "open",
      flowName: "Orders to ERP",
      nodeName: "Post order",
      runId: letters["#1001"]!.runId,
      runStatus: "dead",
      businessKey: "#1001",
      targetStatus: 400,
      responseBody: { error: "INVALID_KEY_OR_REF" },
      input: { method: "POST", path: "/orders", body: { orderNo: "#1001", sku: "9999" } },
      operation: { connectorId: "http", operation: "request" },
      comments: [],
      history: [],
    });
    expect(letter.inputSchema).toMatchObject({ type: "object", properties: { method: { enum: ["GET", "POST", "PUT", "PATCH", "DELETE"] }, path: { type: "string" } }, required: expect.arrayContaining(["method", "path"]) });
    expect(letter.attemptChain.map((l) => l.id)).toEqual([letters["#1001"]!.letterId]);
    // A raw (unmapped) kept input has no operation schema to edit against.
    const raw = await w.as(w.viewer).deadLetters.get({ id: letters["I-1"]!.letterId });
    expect(raw).toMatchObject({ inputResolved: false, inputSchema: null, operation: null });
    expect(await codeOf(w.as(w.viewer).deadLetters.get({ id: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND");
  });

  it("validateInput: issues with their paths; nothing to check for a raw input", async () => {
    const id = letters["#1001"]!.letterId;
    const bad = await w.as(w.viewer).deadLetters.validateInput({ id, input: { method: "POST", path: "orders" } });
    expect(bad).toEqual({ checked: true, issues: [{ path: "path", message: "path must start with /" }] });
    const missing = await w.as(w.viewer).deadLetters.validateInput({ id, input: { path: "/orders" } });
    expect(missing.issues.map((i) => i.path)).toEqual(["method"]);
    expect(await w.as(w.viewer).deadLetters.validateInput({ id, input: { method: "PUT", path: "/orders/1" } })).toEqual({ checked: true, issues: [] });
    expect(await w.as(w.viewer).deadLetters.validateInput({ id: letters["I-1"]!.letterId, input: 42 })).toEqual({ checked: false, issues: [] });
  });

  it("retry: the letter is resubmitted, the run queued again and its job is in the queue", async () => {
    const { letterId, runId } = letters["#1003"]!;
    expect(await w.as(w.operator).deadLetters.retry({ id: letterId })).toEqual({ runId });
    expect(await letterRow(letterId)).toMatchObject({ status: "resubmitted", resolution: "resubmitted" });
    expect(await runRow(runId)).toMatchObject({ status: "queued", jobSeq: 1 });
    const job = await w.queue.getJob(runJobId(runId, 1));
    expect(job?.data).toMatchObject({ runId, flowId: orders, seq: 1 });
    expect((await audit(letterId)).map((a) => [a.action, a.actorEmail, a.ip])).toEqual([["dead_letter.resubmit", "ops@example.com", "10.0.0.9"]]);
    expect(await codeOf(w.as(w.operator).deadLetters.retry({ id: letterId }))).toBe("CONFLICT");
  });

  it("edit & retry: an invalid input is refused naming the field; a valid one goes into the run", async () => {
    const { letterId, runId } = letters["#1002"]!;
    const refused = await w.as(w.admin).deadLetters.retry({ id: letterId, input: { method: "POST", path: "orders" } }).catch((e: Error & { code?: string }) => e);
    expect(refused).toMatchObject({ code: "BAD_REQUEST" });
    expect((refused as Error).message).toContain("path: path must start with /");
    expect((await letterRow(letterId)).status).toBe("open");

    const edited = { method: "POST", path: "/orders", body: { orderNo: "#1002", sku: "1201" } };
    await w.as(w.admin).deadLetters.retry({ id: letterId, input: edited });
    expect(await letterRow(letterId)).toMatchObject({ status: "resubmitted", resolution: "resubmitted with edited input" });
    expect(((await runRow(runId)).state as { pending: unknown[] }).pending).toEqual([{ nodeId: "post", input: edited, lineage: "0", attempt: 1, resolved: true }]);
  });

  it("a retry that fails again leaves a new letter, chained to the old one", async () => {
    const { letterId, runId } = letters["#1002"]!;
    await finishResumedRun(w, runId, "dead");
    const [again] = (await listRunDeadLetters(w.db, runId)).filter((l) => l.status === "open");
    const newer = await w.as(w.viewer).deadLetters.get({ id: again!.id });
    expect(newer.runStatus).toBe("dead");
    expect(newer.attemptChain.map((l) => [l.id, l.status])).toEqual([
      [letterId, "resubmitted"],
      [again!.id, "open"],
    ]);
    expect((await w.as(w.viewer).deadLetters.get({ id: letterId })).attemptChain.map((l) => l.id)).toEqual([letterId, again!.id]);
  });

  it("discard needs a reason, then closes the letter and the run", async () => {
    const { letterId, runId } = letters["#1004"]!;
    const blank = await w.as(w.operator).deadLetters.discard({ id: letterId, reason: "   " }).catch((e: Error & { code?: string }) => e);
    expect(blank).toMatchObject({ code: "BAD_REQUEST" });
    // The zod issue names the field (the HTTP error formatter prints it as "→ at reason").
    expect((blank as Error).message).toContain("reason is required");
    expect((blank as Error).message).toMatch(/"path":\s*\[\s*"reason"\s*\]/);
    await w.as(w.operator).deadLetters.discard({ id: letterId, reason: " duplicate of #1001 " });
    expect(await letterRow(letterId)).toMatchObject({ status: "discarded", resolution: "duplicate of #1001" });
    expect((await runRow(runId)).status).toBe("discarded");
    expect((await audit(letterId)).map((a) => a.action)).toEqual(["dead_letter.discard"]);
    expect(await codeOf(w.as(w.operator).deadLetters.discard({ id: letterId, reason: "again" }))).toBe("CONFLICT");
  });

  it("assign to an operator, filter by assignee, unassign; a viewer cannot be the owner", async () => {
    const { letterId } = letters["#1001"]!;
    await w.as(w.admin).deadLetters.assign({ id: letterId, assigneeId: w.operator.id });
    const mine = await w.as(w.operator).deadLetters.list({ filter: { assignee: "me" } });
    expect(mine.items.map((i) => [i.id, i.assigneeEmail])).toEqual([[letterId, "ops@example.com"]]);
    const theirs = await w.as(w.admin).deadLetters.groups({ filter: { assignee: w.operator.id } });
    expect(theirs.groups.map((g) => g.count)).toEqual([1]);
    const unassigned = await w.as(w.admin).deadLetters.countMatching({ filter: { assignee: "unassigned", flowId: orders } });
    expect(unassigned.count).toBe(1); // #1002's new letter; #1001 is taken, #1003/#1004 are closed

    expect(await codeOf(w.as(w.admin).deadLetters.assign({ id: letterId, assigneeId: w.viewer.id }))).toBe("BAD_REQUEST");
    await w.as(w.operator).deadLetters.assign({ id: letterId, assigneeId: null });
    expect((await letterRow(letterId)).assigneeId).toBeNull();
    expect((await audit(letterId)).map((a) => [a.action, a.summary])).toEqual([
      ["dead_letter.assign", { assigneeId: w.operator.id }],
      ["dead_letter.assign", { assigneeId: null }],
    ]);
  });

  it("comments: 1 to 5000 characters, audited, shown with the history", async () => {
    const { letterId } = letters["I-2"]!;
    expect(await codeOf(w.as(w.operator).deadLetters.comment({ id: letterId, body: "  " }))).toBe("BAD_REQUEST");
    expect(await codeOf(w.as(w.operator).deadLetters.comment({ id: letterId, body: "x".repeat(5001) }))).toBe("BAD_REQUEST");
    const comment = await w.as(w.operator).deadLetters.comment({ id: letterId, body: "Waiting for the customer to fix the SKU" });
    expect(comment).toMatchObject({ authorEmail: "ops@example.com", body: "Waiting for the customer to fix the SKU" });
    const letter = await w.as(w.viewer).deadLetters.get({ id: letterId });
    expect(letter.comments.map((c) => c.body)).toEqual(["Waiting for the customer to fix the SKU"]);
    expect(letter.history.map((h) => [h.action, h.actorEmail])).toEqual([["dead_letter.comment", "ops@example.com"]]);
  });

  it("assignees: enabled admins and operators only", async () => {
    const gone = await createUser(w.db, { email: "gone@example.com", name: "Gone", role: "operator" });
    await w.as(w.admin).users.setDisabled({ userId: gone.id, disabled: true });
    const list = await w.as(w.viewer).deadLetters.assignees();
    expect(list.map((u) => u.email)).toEqual(["admin@example.com", "ops@example.com"]);
  });

  it("a viewer reads but may not act", async () => {
    const id = letters["I-2"]!.letterId;
    const viewer = w.as(w.viewer);
    expect((await viewer.deadLetters.get({ id })).id).toBe(id);
    expect(await codeOf(viewer.deadLetters.retry({ id }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.deadLetters.discard({ id, reason: "no" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.deadLetters.assign({ id, assigneeId: null }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.deadLetters.comment({ id, body: "hi" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.deadLetters.bulk({ action: "retry", selection: { ids: [id] }, expectedCount: 1 }))).toBe("FORBIDDEN");
    expect((await letterRow(id)).status).toBe("open");
  });
});
