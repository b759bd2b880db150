import { describe, expect, it } from "vitest";
import { dedicatedKeys } from "../src/components/node-panel/expression-keys";
import { subflowChoices } from "../src/components/node-panel/flow-choices";

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
