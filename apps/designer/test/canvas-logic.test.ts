import type { FlowDefinition } from "@ipaas/flow";
import { describe, expect, it } from "vitest";
import { copyFragment, parseFragment, pasteFragment, uniqueName } from "../src/components/canvas/clipboard";
import { fromCanvasNodes, sourceHandlesOf, toCanvasEdges, toCanvasNodes, type CanvasItem } from "../src/components/canvas/canvas-items";
import { edgeFromConnection, isDuplicateEdge, moveItems, notesOf, removeNodes, updateNote } from "../src/components/canvas/definition-edits";
import { NOTE_ENTRY, nodeFromEntry } from "../src/components/canvas/entries";
import { initHistory, pushHistory, redo, replacePresent, undo } from "../src/components/canvas/history";
import { autoLayout } from "../src/components/canvas/layout";
import { resultsFromRun, stepInputs } from "../src/components/canvas/run-results";

const def: FlowDefinition = {
  schemaVersion: 1,
  nodes: [
    { id: "t", type: "trigger.manual", name: "Start", position: { x: 0, y: 0 }, config: {} },
    { id: "b", type: "branch", name: "Route", position: { x: 0, y: 0 }, config: { cases: [{ id: "big", label: "Big", condition: "total > 100" }, { id: "eu", condition: "true" }] } },
    { id: "m1", type: "map", name: "Big map", position: { x: 0, y: 0 }, config: { expression: "$" } },
    { id: "m2", type: "map", name: "Other", position: { x: 0, y: 0 }, config: { expression: "$" } },
  ],
  edges: [
    { id: "e1", source: "t", target: "b" },
    { id: "e2", source: "b", sourceHandle: "big", target: "m1" },
    { id: "e3", source: "b", sourceHandle: "default", target: "m2" },
  ],
  notes: [],
  settings: { retry: { attempts: 5, backoffMs: 1000, maxDelayMs: 300_000 } },
};

describe("definition ↔ React Flow", () => {
  it("gives branch nodes one handle per case plus default, labelled", () => {
    expect(sourceHandlesOf(def.nodes[1]!)).toEqual([
      { id: "big", label: "Big" },
      { id: "eu", label: "eu" },
      { id: "default", label: "default" },
    ]);
    expect(sourceHandlesOf(def.nodes[0]!)).toEqual([]);
  });

  it("maps nodes with selection/measurements and edges with their sourceHandle", () => {
    const nodes = toCanvasNodes(def, { selected: new Set(["b"]), measured: { b: { width: 220, height: 90 } } });
    expect(nodes[1]).toMatchObject({ id: "b", type: "flowNode", selected: true, measured: { width: 220, height: 90 } });
    expect(nodes[0]).not.toHaveProperty("measured");
    const edges = toCanvasEdges(def, new Set());
    expect(edges[1]).toMatchObject({ source: "b", sourceHandle: "big", target: "m1" });
    expect(edges[0]).not.toHaveProperty("sourceHandle");
  });

  it("turns connections into edges and refuses duplicates and self-loops", () => {
    expect(edgeFromConnection({ source: "t", target: "m1", sourceHandle: null }, "x")).toEqual({ id: "x", source: "t", target: "m1" });
    expect(isDuplicateEdge(def, { id: "x", source: "b", sourceHandle: "big", target: "m1" })).toBe(true);
    expect(isDuplicateEdge(def, { id: "x", source: "b", sourceHandle: "eu", target: "m1" })).toBe(false);
    expect(isDuplicateEdge(def, { id: "x", source: "m1", target: "m1" })).toBe(true);
  });

  it("removes nodes with their edges", () => {
    const d = removeNodes(def, new Set(["b"]));
    expect(d.nodes.map((n) => n.id)).toEqual(["t", "m1", "m2"]);
    expect(d.edges).toEqual([]);
  });
});

describe("sticky notes", () => {
  const withNotes: FlowDefinition = {
    ...def,
    notes: [
      { id: "n1", text: "Orders over 100 go to the big map", position: { x: 5, y: 6 }, width: 300, height: 120, color: "blue" },
      { id: "n2", text: "", position: { x: 50, y: 60 }, color: "yellow" },
    ],
  };
  const view = { selected: new Set(["n1"]), measured: {} };

  it("become handle-less stickyNote canvas nodes after the steps, sized from the note or a default", () => {
    const items = toCanvasNodes(withNotes, view);
    expect(items.map((i) => i.type)).toEqual(["flowNode", "flowNode", "flowNode", "flowNode", "stickyNote", "stickyNote"]);
    expect(items[4]).toMatchObject({ id: "n1", position: { x: 5, y: 6 }, width: 300, height: 120, selected: true, data: { note: withNotes.notes[0] } });
    expect(items[5]).toMatchObject({ id: "n2", width: 220, height: 140, selected: false });
  });

  it("round-trip through the canvas, including a move and a resize", () => {
    const items = toCanvasNodes(withNotes, view);
    expect(fromCanvasNodes(withNotes, items)).toEqual({
      ...withNotes,
      // The default size becomes explicit once the note has been on the canvas.
      notes: [withNotes.notes[0], { ...withNotes.notes[1], width: 220, height: 140 }],
    });
    const moved = items.map((i): CanvasItem => (i.id === "n1" ? { ...i, position: { x: 99, y: 98 }, width: 400 } : i));
    expect(fromCanvasNodes(withNotes, moved).notes[0]).toEqual({ ...withNotes.notes[0], position: { x: 99, y: 98 }, width: 400 });
  });

  it("move, edit and delete like steps, and drafts without notes load", () => {
    const moved = moveItems(withNotes, new Map([["n2", { x: 1, y: 2 }], ["t", { x: 3, y: 4 }]]));
    expect(moved.notes[1]!.position).toEqual({ x: 1, y: 2 });
    expect(moved.nodes[0]!.position).toEqual({ x: 3, y: 4 });
    expect(updateNote(withNotes, "n2", { text: "hi", color: "pink" }).notes[1]).toMatchObject({ text: "hi", color: "pink" });
    const removed = removeNodes(withNotes, new Set(["n1", "m2"]));
    expect(removed.notes.map((n) => n.id)).toEqual(["n2"]);
    expect(removed.nodes.map((n) => n.id)).toEqual(["t", "b", "m1"]);
    const legacy = { ...def, notes: undefined } as unknown as FlowDefinition;
    expect(notesOf(legacy)).toEqual([]);
    expect(toCanvasNodes(legacy, view)).toHaveLength(4);
  });

  it("has a palette entry that is not a step", () => {
    expect(NOTE_ENTRY).toMatchObject({ id: "note", label: "Sticky note" });
    expect(() => nodeFromEntry(NOTE_ENTRY, { x: 0, y: 0 }, "x", new Set())).toThrow();
  });
});

describe("clipboard", () => {
  let n = 0;
  const makeId = (p: string) => `${p}-${++n}`;

  it("copies the selection with only the edges inside it and pastes with fresh ids and names", () => {
    const fragment = copyFragment(def, new Set(["b", "m1"]));
    expect(fragment.edges.map((e) => e.id)).toEqual(["e2"]);
    const text = JSON.stringify(fragment);
    const parsed = parseFragment(text)!;
    const { definition, ids } = pasteFragment(def, parsed, { x: 10, y: 20 }, makeId);
    expect(ids).toHaveLength(2);
    expect(ids.some((id) => def.nodes.some((x) => x.id === id))).toBe(false);
    const pasted = definition.nodes.filter((x) => ids.includes(x.id));
    expect(pasted.map((x) => x.name)).toEqual(["Route (2)", "Big map (2)"]);
    expect(pasted[0]!.position).toEqual({ x: 10, y: 20 });
    const newEdge = definition.edges.at(-1)!;
    expect(newEdge).toMatchObject({ source: ids[0], target: ids[1], sourceHandle: "big" });
    expect(newEdge.id).not.toBe("e2");
    // The config is a copy, not shared with the original.
    expect(pasted[0]!.config).not.toBe(def.nodes[1]!.config);
  });

  it("ignores clipboard text that is not a fragment", () => {
    expect(parseFragment("hello")).toBeNull();
    expect(parseFragment(JSON.stringify({ nodes: [] }))).toBeNull();
  });

  it("numbers names that are taken", () => {
    expect(uniqueName("A", new Set(["A", "A (2)"]))).toBe("A (3)");
    expect(uniqueName("B", new Set(["A"]))).toBe("B");
  });
});

describe("history", () => {
  it("undoes and redoes, and an edit forgets redo", () => {
    let h = initHistory(1);
    h = pushHistory(h, 2);
    h = pushHistory(h, 3);
    h = undo(h);
    expect(h.present).toBe(2);
    h = redo(h);
    expect(h.present).toBe(3);
    h = undo(undo(h));
    expect(h.present).toBe(1);
    expect(undo(h)).toBe(h);
    h = pushHistory(h, 9);
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
    expect(replacePresent(h, 10)).toMatchObject({ present: 10, past: [1] });
  });
});

describe("auto-layout", () => {
  it("lays the flow out left to right by depth", () => {
    const laid = autoLayout(def);
    const x = (id: string) => laid.nodes.find((n) => n.id === id)!.position.x;
    const y = (id: string) => laid.nodes.find((n) => n.id === id)!.position.y;
    expect(x("t")).toBeLessThan(x("b"));
    expect(x("b")).toBeLessThan(x("m1"));
    expect(x("m1")).toBe(x("m2"));
    expect(y("m1")).not.toBe(y("m2"));
  });
});

describe("run replay and test-step inputs", () => {
  it("summarises a run's steps per node (for-each items counted)", () => {
    const results = resultsFromRun([
      { seq: 1, nodeId: "t", status: "succeeded", input: null, output: { a: 1 }, error: null },
      { seq: 2, nodeId: "m1", status: "succeeded", input: 1, output: 2, error: null },
      { seq: 3, nodeId: "m1", status: "failed", input: 3, output: null, error: { message: "boom" } },
    ]);
    expect(results.t).toMatchObject({ status: "succeeded", itemCount: 1, output: { a: 1 } });
    expect(results.m1).toMatchObject({ status: "failed", itemCount: 2, input: 3, error: { message: "boom" } });
  });

  it("takes a step's input from its predecessor's pinned output, else its last test output", () => {
    const results = { t: { status: "succeeded" as const, itemCount: 1, output: { from: "test" } } };
    expect(stepInputs(def, "b", results)).toEqual({ input: { from: "test" }, steps: { Start: { from: "test" } } });
    const pinned = { ...def, nodes: def.nodes.map((x) => (x.id === "t" ? { ...x, config: { pinnedOutput: { from: "pin" } } } : x)) };
    expect(stepInputs(pinned, "b", results).input).toEqual({ from: "pin" });
    expect(stepInputs(def, "t", {})).toEqual({ steps: {} });
  });
});
