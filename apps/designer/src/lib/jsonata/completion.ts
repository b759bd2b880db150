import type { Completion, CompletionContext, CompletionResult, CompletionSource } from "@codemirror/autocomplete";
import type { EditorView } from "@codemirror/view";
import type { FieldPath } from "../json-paths";
import { builtinFunctions, flowVariables, type FunctionInfo } from "./builtins";

export interface CompletionData {
  paths: FieldPath[];
  /** The engine's library; JSONata's built-ins are added here. */
  functions: FunctionInfo[];
  /** Top-level fields of the target schema, offered as object keys. */
  targetFields: Array<{ name: string; description?: string }>;
}

/** Inserts `$name()` with the cursor between the parentheses. */
function applyCall(name: string) {
  return (view: EditorView, _completion: Completion, from: number, to: number) => {
    const text = `$${name}()`;
    view.dispatch({ changes: { from, to, insert: text }, selection: { anchor: from + text.length - 1 } });
  };
}

function functionOptions(functions: FunctionInfo[]): Completion[] {
  const library = new Set(functions.map((f) => f.name));
  const all = [...functions, ...builtinFunctions.filter((f) => !library.has(f.name))];
  const calls = all.map(
    (f): Completion => ({
      label: `$${f.name}`,
      type: "function",
      detail: f.signature,
      info: () => functionInfo(f),
      section: library.has(f.name) ? "Function library" : "JSONata",
      apply: applyCall(f.name),
      boost: library.has(f.name) ? 1 : 0,
    }),
  );
  const variables = flowVariables.map((v): Completion => ({ label: `$${v.name}`, type: "variable", info: v.description, section: "Flow variables" }));
  return [...calls, ...variables];
}

/** The info panel next to a function: signature, description and, when documented, an example. */
function functionInfo(f: FunctionInfo): Node {
  const root = document.createElement("div");
  root.className = "cm-function-info";
  const signature = root.appendChild(document.createElement("code"));
  signature.textContent = f.signature;
  root.appendChild(document.createElement("p")).textContent = f.description;
  if (f.example) {
    const example = root.appendChild(document.createElement("code"));
    example.className = "cm-function-example";
    example.textContent = `${f.example.expression} → ${f.example.result}`;
  }
  return root;
}

/**
 * Field paths, plus every tail of them: inside `line_items.{ … }` the context is
 * one line item, so `sku` is what the analyst types there, not `line_items.sku`.
 */
function pathOptions(paths: FieldPath[]): Completion[] {
  const options = new Map<string, Completion>();
  for (const { path, kind } of paths) options.set(path, { label: path, type: "property", detail: kind, boost: 2 });
  for (const { path, kind } of paths) {
    const steps = path.split(".");
    for (let i = 1; i < steps.length; i += 1) {
      const tail = steps.slice(i).join(".");
      if (!options.has(tail)) options.set(tail, { label: tail, type: "property", detail: `${kind} · in ${steps.slice(0, i).join(".")}` });
    }
  }
  return [...options.values()];
}

export function jsonataCompletions(data: CompletionData): CompletionSource {
  // Built once per data change, not per keystroke.
  const functions = functionOptions(data.functions);
  const paths = pathOptions(data.paths);
  return (context: CompletionContext): CompletionResult | null => {
    const dollar = context.matchBefore(/\$\w*$/);
    if (dollar) return { from: dollar.from, options: functions, validFor: /^\$\w*$/ };

    // A quote right after `{` or `,` opens an object key: offer the target's fields.
    const key = context.matchBefore(/"[\w ]*$/);
    if (key) {
      const before = context.state.doc.sliceString(Math.max(0, key.from - 200), key.from).trimEnd();
      if (data.targetFields.length === 0 || !/[{,]$/.test(before)) return null;
      return {
        from: key.from,
        options: data.targetFields.map((f) => ({ label: `"${f.name}"`, type: "property", info: f.description, apply: `"${f.name}": `, section: "Target fields" })),
      };
    }

    const word = context.matchBefore(/[\w`.]+$/);
    if (!word && !context.explicit) return null;
    const from = word?.from ?? context.pos;
    return { from, options: paths, validFor: /^[\w`.]*$/ };
  };
}
