import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkDefinition, configOf, demoFlowDefinition, parseFlowDefinition, parseVersion, PARSED_VERSIONS_LIMIT, triggerSample, type NodeConfig } from "../src";

const schedule = { id: "t", type: "trigger.schedule" as const, name: "Nightly", position: { x: 0, y: 0 }, config: { cron: "0 2 * * *", timezone: "Europe/Berlin" } };

describe("configOf", () => {
  it("gives the node's config typed by its type", () => {
    const config: NodeConfig<"trigger.schedule"> = configOf(schedule, "trigger.schedule");
    expect(config.cron).toBe("0 2 * * *");
    expect(config.timezone).toBe("Europe/Berlin");
  });

  it("refuses a node of another type, naming both", () => {
    expect(() => configOf(schedule, "trigger.poll")).toThrow('Node "Nightly" is a trigger.schedule node, not trigger.poll');
  });
});

describe("triggerSample", () => {
  it("is the trigger's sample, or an empty object without one", () => {
    const withSample = parseFlowDefinition({ schemaVersion: 1, nodes: [{ id: "t", type: "trigger.manual", name: "Start", config: { sample: { id: 7 } } }], edges: [] });
    expect(triggerSample(withSample)).toEqual({ id: 7 });
    expect(triggerSample(parseFlowDefinition({ schemaVersion: 1, nodes: [schedule], edges: [] }))).toEqual({});
    expect(triggerSample({ nodes: [] })).toEqual({});
  });
});

describe("parseVersion", () => {
  it("parses a version once: the same id gives the same object", () => {
    const id = randomUUID();
    const first = parseVersion({ id, definition: demoFlowDefinition });
    expect(first).toEqual(parseFlowDefinition(demoFlowDefinition));
    expect(parseVersion({ id, definition: null })).toBe(first);
  });

  it("throws for a definition that does not parse, and does not remember it", () => {
    const id = randomUUID();
    expect(() => parseVersion({ id, definition: { schemaVersion: 99 } })).toThrow();
    expect(parseVersion({ id, definition: demoFlowDefinition }).nodes).toHaveLength(demoFlowDefinition.nodes.length);
  });

  it("forgets the least recently used version past the limit", () => {
    const oldest = randomUUID();
    const kept = randomUUID();
    const first = parseVersion({ id: oldest, definition: demoFlowDefinition });
    const second = parseVersion({ id: kept, definition: demoFlowDefinition });
    for (let i = 0; i < PARSED_VERSIONS_LIMIT - 1; i++) {
      parseVersion({ id: randomUUID(), definition: demoFlowDefinition });
      if (i === 0) parseVersion({ id: kept, definition: null }); // used again: now more recent than `oldest`
    }
    expect(parseVersion({ id: kept, definition: null })).toBe(second);
    expect(parseVersion({ id: oldest, definition: demoFlowDefinition })).not.toBe(first);
  });
});

describe("checkDefinition", () => {
  it("gives the parsed definition with its problems, or null when the shape is wrong", () => {
    expect(checkDefinition(demoFlowDefinition)).toEqual({ definition: parseFlowDefinition(demoFlowDefinition), problems: [] });
    const broken = checkDefinition({ schemaVersion: 1, nodes: "no" });
    expect(broken.definition).toBeNull();
    expect(broken.problems.map((p) => p.code)).toContain("INVALID_DEFINITION");
  });
});
