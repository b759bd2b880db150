import { describe, expect, it } from "vitest";
import { executeFlow, parseFlowDefinition, type SendX12Call } from "../src";

// The "Send X12" node (docs/architecture.md "EDI documents"): the engine evaluates the input and
// calls the host's sendX12 with the step's idempotency key; a completed step returns its result.
const definition = parseFlowDefinition({
  schemaVersion: 1,
  nodes: [
    { id: "t", type: "trigger.manual", name: "Start" },
    { id: "s", type: "edi.send", name: "Send ASN", config: { partnerId: "3f1e2b7c-4a5d-4e6f-8a9b-0c1d2e3f4a5b", set: "856", input: "[{ 'id': 'BSN', 'elements': ['00', shipment] }]" } },
  ],
  edges: [{ id: "e", source: "t", target: "s" }],
});
const run = { runId: "r1", flowId: "f1", correlationId: "c1", businessKey: null };

describe("edi.send node", () => {
  it("sends the evaluated input once with the step's key and outputs the host's result", async () => {
    const calls: SendX12Call[] = [];
    const result = await executeFlow(definition, {
      trigger: { shipment: "SHIP-1" },
      run,
      services: {
        sendX12: async (call) => {
          calls.push(call);
          return { interchangeId: "i1", controlNumbers: { interchange: "000000007", group: "7", sets: ["0007"] }, status: "queued" };
        },
      },
    });
    expect(result.deadLetters).toEqual([]);
    expect(calls).toEqual([{ partnerId: "3f1e2b7c-4a5d-4e6f-8a9b-0c1d2e3f4a5b", set: "856", input: [{ id: "BSN", elements: ["00", "SHIP-1"] }], idempotencyKey: "f1:r1:s:0", runId: "r1", correlationId: "c1" }]);
    expect(result.output).toMatchObject({ interchangeId: "i1", status: "queued" });
  });

  it("returns the ledger's result without sending again", async () => {
    let sent = 0;
    const recorded = { interchangeId: "i0", controlNumbers: { interchange: "000000001", group: "1", sets: ["0001"] }, status: "sent" };
    const result = await executeFlow(definition, {
      trigger: { shipment: "SHIP-1" },
      run,
      services: { findEffect: async (key) => (key === "f1:r1:s:0" ? { result: recorded } : null), sendX12: async () => (sent++, recorded) },
    });
    expect(sent).toBe(0);
    expect(result.output).toEqual(recorded);
  });

  it("dead-letters as unsupported where the host cannot send X12", async () => {
    const result = await executeFlow(definition, { trigger: { shipment: "SHIP-1" }, run });
    expect(result.deadLetters[0]?.error).toMatchObject({ code: "UNSUPPORTED_NODE" });
  });
});
