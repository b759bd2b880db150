import type { Page } from "@playwright/test";
import type { PartnerDocument, PartnerState } from "@ipaas/devstack";
import { expect, installTemplateInBrowser, test } from "./fixtures";
import { expireExpectation } from "./edi-clock";
import { salesOrdersFor, trpcMutation, trpcQuery } from "./ops-api";
import { partnerSim } from "./partner-sim";

/*
 * Issue 16's EDI stories against the whole stack (docs/architecture.md "EDI documents",
 * "EDI documents: outbound", "Simulators"): the retailer simulator sends 850s over signed and
 * encrypted AS2 to the runtime, which answers with 997s, runs the templates' flows into the
 * NetSuite simulator and sends 855/856/810 back; the simulator validates everything strictly.
 * The simulator and NetSuite are shared with other specs: every check names this spec's own
 * PO numbers, documents and flows.
 */

const RETAILER = "Retailer (simulator)";
const NETSUITE = "NetSuite (simulator)";
const netsuite = () => process.env.E2E_NETSUITE_SIM_URL!;
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();

async function retailerId(page: Page): Promise<string> {
  const partners = await trpcQuery<Array<{ id: string; name: string }>>(page, "partners.list", { environment: "sandbox" });
  const retailer = partners.find((p) => p.name === RETAILER);
  expect(retailer, `the sandbox partner "${RETAILER}"`).toBeTruthy();
  return retailer!.id;
}

/** A template installed on the simulators' sandbox partner and NetSuite connection, and published, through the calls the designer makes. */
async function installAndPublish(page: Page, templateId: string, name: string): Promise<string> {
  const installed = await trpcMutation<{ flowId: string }>(page, "templates.install", { templateId, name, environment: "sandbox", bindings: { netsuite: NETSUITE, retailer: RETAILER } });
  expect(installed.status, `templates.install ${templateId}: ${JSON.stringify(installed.body)}`).toBe(200);
  const published = await trpcMutation<{ published: boolean }>(page, "flows.publish", { flowId: installed.body.flowId, message: "e2e" });
  expect(published.body, JSON.stringify(published.body)).toMatchObject({ published: true });
  return installed.body.flowId;
}

/** The 850 template's flow, installed once per worker through the "New flow from template" form. */
let poFlowId: string | undefined;
async function retailerPoFlow(page: Page): Promise<string> {
  if (poFlowId) return poFlowId;
  const name = `E2E: Retailer 850 ${unique()}`;
  poFlowId = await installTemplateInBrowser(page, { templateId: "edi-850-to-netsuite-sales-order", name, bindings: { netsuite: NETSUITE, retailer: RETAILER }, nodes: 7 });
  return poFlowId;
}

/** The 856 and 810 templates' flows, installed once per worker. */
let documentFlowIds: string[] | undefined;
async function documentFlows(page: Page): Promise<string[]> {
  documentFlowIds ??= [await installAndPublish(page, "edi-netsuite-fulfillment-to-856", `E2E: 856 ${unique()}`), await installAndPublish(page, "edi-netsuite-invoice-to-810", `E2E: 810 ${unique()}`)];
  return documentFlowIds;
}

/** The simulator's copy of a document it sent, once the runtime's 997 for it has been recorded. */
async function ackOf(sent: PartnerDocument, timeoutMs: number): Promise<{ doc: PartnerDocument; state: PartnerState }> {
  let found: { doc: PartnerDocument; state: PartnerState } | undefined;
  await expect
    .poll(
      async () => {
        const state = await partnerSim.state();
        const doc = state.documents.find((d) => d.id === sent.id);
        found = doc && { doc, state };
        return doc?.ack?.status ?? "none";
      },
      { timeout: timeoutMs, intervals: [250] },
    )
    .not.toBe("none");
  return found!;
}

/** The document of `set` the simulator received from us that names `reference` (a PO number) in its text. */
async function receivedNaming(set: string, reference: string, timeoutMs: number): Promise<PartnerDocument> {
  let found: PartnerDocument | undefined;
  await expect
    .poll(
      async () => {
        found = (await partnerSim.state()).documents.find((d) => d.direction === "received" && d.role === "retailer" && d.sets.includes(set) && d.raw.includes(reference));
        return Boolean(found);
      },
      { timeout: timeoutMs, intervals: [1000] },
    )
    .toBe(true);
  return found!;
}

const num = (v: string | undefined) => Number(v);

test.describe("EDI with the retailer simulator", () => {
  test("an 850 over AS2: 997 within seconds, a NetSuite sales order, 855; a fulfillment's 856 and an invoice's 810, numbered consecutively and accepted", async ({ page, request }) => {
    test.setTimeout(360_000);
    const partnerId = await retailerId(page);
    await retailerPoFlow(page);
    await partnerSim.configure({ ackMode: "accept" });

    const po = `E2E-${unique()}`;
    const before = await partnerSim.state();
    const sent = await partnerSim.send850({ poNumber: po, lines: 2 });
    expect(sent.delivery?.ok, `AS2 delivery of the 850: ${sent.delivery?.detail}`).toBe(true);

    // Our 997 comes back within seconds, accepting the group.
    const started = Date.now();
    await partnerSim.waitForReceived({ "997": (before.counts.received["997"] ?? 0) + 1 }, 15_000);
    const { doc: po850, state: afterAck } = await ackOf(sent, 15_000);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(po850.ack?.status).toBe("A");
    const ack997 = afterAck.documents.find((d) => d.id === po850.ack?.documentId);
    expect(ack997?.sets).toEqual(["997"]);

    // The sales order, keyed by partner and PO number, and the 855.
    const externalId = `edi:${partnerId}:${po}`;
    await expect.poll(() => salesOrdersFor(request, externalId), { timeout: 60_000, intervals: [1000] }).toBe(1);
    const ack855 = await receivedNaming("855", po, 60_000);
    expect(ack855.groups[0]?.sets[0]?.reference).toBe(po);

    // Shipped and billed in NetSuite: the 856 and 810 templates' polls send them.
    await documentFlows(page);
    const shipped = await request.post(`${netsuite()}/__sim/fulfillments`, { data: { salesOrderExternalId: externalId } });
    expect(shipped.ok(), await shipped.text()).toBe(true);
    const asn856 = await receivedNaming("856", po, 180_000);
    // Billed once shipped, as the retailer expects the 810 after the 856 (the two polls are independent flows).
    const billed = await request.post(`${netsuite()}/__sim/invoices`, { data: { salesOrderExternalId: externalId } });
    expect(billed.ok(), await billed.text()).toBe(true);
    const invoice810 = await receivedNaming("810", po, 180_000);

    // What the retailer received from us for this PO: one each, valid (counts right), numbered consecutively.
    const state = await partnerSim.state();
    const ours = [ack997!, ack855, asn856, invoice810].map((d) => state.documents.find((x) => x.id === d.id)!);
    expect(ours.map((d) => d.sets)).toEqual([["997"], ["855"], ["856"], ["810"]]);
    // The simulator's strict validation covers the envelope and SE/GE/IEA counts.
    for (const doc of ours) {
      expect({ sets: doc.sets, valid: doc.valid, issues: doc.issues, sequenceIssues: doc.sequenceIssues }).toEqual({ sets: doc.sets, valid: true, issues: [], sequenceIssues: [] });
    }
    // In the order they were numbered (and sent): ISA13, GS06 and ST02 each without a gap.
    const numbered = [...ours].sort((a, b) => num(a.interchangeControlNumber) - num(b.interchangeControlNumber));
    const consecutive = (values: number[]) => values.every((v, i) => i === 0 || v === values[i - 1]! + 1);
    expect(consecutive(numbered.map((d) => num(d.interchangeControlNumber))), `ISA13 ${numbered.map((d) => d.interchangeControlNumber)}`).toBe(true);
    expect(consecutive(numbered.map((d) => num(d.groups[0]?.controlNumber))), `GS06 ${numbered.map((d) => d.groups[0]?.controlNumber)}`).toBe(true);
    expect(consecutive(numbered.map((d) => num(d.groups[0]?.sets[0]?.controlNumber))), `ST02 ${numbered.map((d) => d.groups[0]?.sets[0]?.controlNumber)}`).toBe(true);
    expect(state.consecutive).toBe(true);

    // The simulator accepted each with its own 997, and the EDI dashboard shows them accepted.
    for (const doc of ours.slice(1)) expect(doc.ack?.status, `the simulator's 997 for ${doc.sets[0]}`).toBe("A");
    await page.goto("/edi");
    const documents = page.getByTestId("edi-documents");
    await documents.getByTestId("edi-filter-partner").selectOption({ label: RETAILER });
    await documents.getByTestId("edi-filter-direction").selectOption("outbound");
    for (const set of ["855", "856", "810"]) {
      await expect(documents.locator(`[data-testid="edi-document-row"][data-sets="${set}"]`).first()).toHaveAttribute("data-ack", "accepted", { timeout: 30_000 });
    }
    await expect(page.getByTestId(`edi-partner-${RETAILER}`).getByTestId("edi-outbound-rate")).toHaveText("100%");
    await page.screenshot({ path: "test-results/edi-dashboard.png", fullPage: true });
  });

  test("an 850 with a wrong SE count: a 997 with AK5*R*4, a dead letter with the raw text, nothing in NetSuite", async ({ page, request }) => {
    test.setTimeout(180_000);
    const partnerId = await retailerId(page);
    const flowId = await retailerPoFlow(page);
    await partnerSim.configure({ ackMode: "accept" });

    const po = `E2E-${unique()}`;
    const sent = await partnerSim.send850({ poNumber: po, lines: 2, error: "se-count" });
    expect(sent.delivery?.ok, `AS2 delivery of the 850: ${sent.delivery?.detail}`).toBe(true);

    const { doc, state } = await ackOf(sent, 15_000);
    expect(doc.ack?.status).toBe("R");
    expect(doc.ack?.sets).toEqual([expect.objectContaining({ id: "850", status: "R", codes: expect.arrayContaining(["4"]) })]);
    const ack997 = state.documents.find((d) => d.id === doc.ack?.documentId);
    expect(ack997?.raw).toContain("AK5*R*4");

    // The flow's run dead-letters at its trigger, keeping the whole text.
    let letterId: string | undefined;
    await expect
      .poll(
        async () => {
          const { items } = await trpcQuery<{ items: Array<{ id: string; errorCode: string | null }> }>(page, "deadLetters.list", { filter: { flowId } });
          for (const item of items) {
            const letter = await trpcQuery<{ input: unknown }>(page, "deadLetters.get", { id: item.id });
            if (JSON.stringify(letter.input).includes(`BEG*00*SA*${po}`)) letterId = item.id;
          }
          return letterId;
        },
        { timeout: 60_000, intervals: [1000] },
      )
      .toBeTruthy();
    const letter = await trpcQuery<{ input: { kind?: string; raw?: string }; errorMessage: string }>(page, "deadLetters.get", { id: letterId });
    expect(letter.input.kind).toBe("edi.rejected");
    expect(letter.input.raw).toBe(sent.raw);
    await page.goto(`/dead-letters?letter=${letterId}`);
    await expect(page.locator("body")).toContainText(po);

    // Nothing reached NetSuite.
    expect(await salesOrdersFor(request, `edi:${partnerId}:${po}`)).toBe(0);
  });

  test("the retailer does not acknowledge an 856: once it is due, the edi_overdue alert fires and the 856 shows overdue", async ({ page, request }) => {
    test.setTimeout(360_000);
    const partnerId = await retailerId(page);
    await retailerPoFlow(page);
    await documentFlows(page);
    const rule = await trpcMutation<{ id: string }>(page, "alerts.createRule", { name: `E2E EDI overdue ${unique()}`, kind: "edi_overdue", partnerId, threshold: 0 });
    expect(rule.status, JSON.stringify(rule.body)).toBe(200);
    await partnerSim.configure({ ackMode: "never" });
    try {
      const po = `E2E-${unique()}`;
      const externalId = `edi:${partnerId}:${po}`;
      const sent = await partnerSim.send850({ poNumber: po, lines: 1 });
      expect(sent.delivery?.ok, `AS2 delivery of the 850: ${sent.delivery?.detail}`).toBe(true);
      await expect.poll(() => salesOrdersFor(request, externalId), { timeout: 60_000, intervals: [1000] }).toBe(1);
      const shipped = await request.post(`${netsuite()}/__sim/fulfillments`, { data: { salesOrderExternalId: externalId } });
      expect(shipped.ok(), await shipped.text()).toBe(true);
      const asn = await receivedNaming("856", po, 180_000);
      expect(asn.ack?.status, "the simulator's 997 for the 856").toBe("never");

      // Our 856 as the product stored it, with its timer for their 997 (hours away): moved past due.
      const { items } = await trpcQuery<{ items: Array<{ id: string; controlNumber: string | null }> }>(page, "edi.documents", { partnerId, direction: "outbound", setId: "856", limit: 50 });
      const stored = items.find((d) => Number(d.controlNumber) === Number(asn.interchangeControlNumber));
      expect(stored, `our 856 with ISA13 ${asn.interchangeControlNumber}`).toBeTruthy();
      type Detail = { transactions: Array<{ setId: string; reference: string | null; ackStatus: string; expectations: Array<{ id: string; kind: string; state: string }> }> };
      const detail = async () => (await trpcQuery<Detail>(page, "edi.document", { id: stored!.id })).transactions.find((t) => t.setId === "856")!;
      const timer = (await detail()).expectations.find((e) => e.kind === "ack997_theirs");
      expect(timer?.state).toBe("open");
      await expireExpectation(timer!.id);

      // The alert rule (evaluated every 30 s) fires naming the partner and the 856; the document shows overdue.
      let message = "";
      await expect
        .poll(
          async () => {
            const alerts = await trpcQuery<Array<{ status: string; message: string }>>(page, "alerts.list", { limit: 10, ruleId: rule.body.id });
            message = alerts.find((a) => a.status === "firing")?.message ?? "";
            return message;
          },
          { timeout: 120_000, intervals: [2000] },
        )
        .toContain(RETAILER);
      expect(message).toContain("their 997 for 856");
      expect((await detail()).expectations.find((e) => e.id === timer!.id)?.state).toBe("overdue");
      await page.goto("/edi");
      await expect(page.locator('[data-testid="edi-pending-row"][data-state="overdue"]').filter({ hasText: "856" })).toHaveCount(1);
      await page.screenshot({ path: "test-results/edi-overdue.png", fullPage: true });
    } finally {
      await partnerSim.configure({ ackMode: "accept" });
      // The rule's alert would stay firing for the specs after this one.
      await trpcMutation(page, "alerts.deleteRule", { id: rule.body.id });
    }
  });
});
