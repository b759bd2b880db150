import { describe, expect, it } from "vitest";
import { dedicatedKeys } from "../src/components/node-panel/expression-keys";
import { ediSetChoices, subflowChoices } from "../src/components/node-panel/flow-choices";

const flows = [
  { id: "b0000000-0000-4000-8000-000000000002", name: "Orders to ERP", publishedVersion: 3 },
  { id: "a0000000-0000-4000-8000-000000000001", name: "Audit trail", publishedVersion: null },
  { id: "c0000000-0000-4000-8000-000000000003", name: "This flow", publishedVersion: 1 },
];

describe("subflow step: the flow to call, by name (issue 15)", () => {
  it("lists the other flows by name, unpublished ones marked, never the flow being edited", () => {
    expect(subflowChoices(flows, flows[2]!.id, undefined)).toEqual([
      { value: flows[1]!.id, label: "Audit trail (not published)" },
      { value: flows[0]!.id, label: "Orders to ERP" },
    ]);
  });

  it("keeps a stored id that no flow has any more, marked missing, so the select shows what is saved", () => {
    const gone = "d0000000-0000-4000-8000-000000000004";
    expect(subflowChoices(flows, flows[2]!.id, gone).at(-1)).toEqual({ value: gone, label: "(missing flow d0000000…)" });
    expect(subflowChoices(flows, flows[2]!.id, flows[0]!.id)).toHaveLength(2);
  });

  it("edits flowId with the picker instead of the generated text field", () => {
    expect(dedicatedKeys("subflow")).toEqual(["flowId"]);
  });
});

describe("EDI trigger: partner and set pickers (issue 16)", () => {
  it("offers the partner's inbound sets first, then the common ones, keeping a stored odd set", () => {
    const choices = ediSetChoices([{ set: "850", direction: "inbound" }, { set: "856", direction: "outbound" }, { set: "860", direction: "inbound" }], "875");
    expect(choices.slice(0, 2)).toEqual([{ value: "850", label: "850 (partner sends it)" }, { value: "860", label: "860 (partner sends it)" }]);
    expect(choices.find((c) => c.value === "856")).toEqual({ value: "856", label: "856" });
    expect(choices.at(-1)).toEqual({ value: "875", label: "875" });
    expect(new Set(choices.map((c) => c.value)).size).toBe(choices.length);
  });

  it("edits partnerId and set with the pickers instead of generated text fields", () => {
    expect(dedicatedKeys("trigger.edi")).toEqual(["partnerId", "set"]);
  });
});
