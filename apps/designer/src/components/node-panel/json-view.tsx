"use client";

import { useState } from "react";
import { kindOf } from "@/lib/json-paths";
import { cellText, MAX_TABLE_ROWS, tableOf } from "./table-view";

/** Children of a long array shown before "… n more" (the tree is for looking at data, not paging it). */
const MAX_CHILDREN = 100;

/** A value as a collapsible read-only tree, or as a table when it is an array of objects. */
export function JsonView({ value, testId }: { value: unknown; testId: string }) {
  const table = tableOf(value);
  const [view, setView] = useState<"tree" | "table">("tree");
  return (
    <div className="np-json" data-testid={testId}>
      {table && (
        <div className="np-mode" role="radiogroup" aria-label="View">
          <label className="check">
            <input type="radio" checked={view === "tree"} onChange={() => setView("tree")} data-testid={`${testId}-tree`} /> Tree
          </label>
          <label className="check">
            <input type="radio" checked={view === "table"} onChange={() => setView("table")} data-testid={`${testId}-table`} /> Table
          </label>
        </div>
      )}
      {table && view === "table" ? (
        <div className="np-table-wrap">
          <table className="table np-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                {table.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.slice(0, MAX_TABLE_ROWS).map((row, i) => (
                <tr key={i}>
                  <td className="muted">{i}</td>
                  {table.columns.map((c) => (
                    <td key={c} className="mono">
                      {cellText(row[c])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {table.rows.length > MAX_TABLE_ROWS && <p className="muted small">… {table.rows.length - MAX_TABLE_ROWS} more rows</p>}
        </div>
      ) : (
        <ul className="json-tree" role="tree">
          <TreeNode label="$" value={value} depth={0} />
        </ul>
      )}
    </div>
  );
}

function TreeNode({ label, value, depth }: { label: string; value: unknown; depth: number }) {
  const kind = kindOf(value);
  const container = value !== null && typeof value === "object";
  const [open, setOpen] = useState(depth < 2);
  const entries: Array<[string, unknown]> = !container ? [] : Array.isArray(value) ? value.slice(0, MAX_CHILDREN).map((v, i) => [`[${i}]`, v]) : Object.entries(value);
  const hidden = Array.isArray(value) ? value.length - MAX_CHILDREN : 0;
  return (
    <li role="treeitem" aria-expanded={container ? open : undefined} aria-selected={false}>
      <div className="tree-row np-tree-row">
        {container ? (
          <button type="button" className="tree-toggle" aria-label={open ? `Collapse ${label}` : `Expand ${label}`} onClick={() => setOpen(!open)}>
            {open ? "▾" : "▸"}
          </button>
        ) : (
          <span className="tree-toggle" aria-hidden />
        )}
        <span className={label.startsWith("[") ? "tree-key tree-index" : "tree-key"}>{label}</span>
        <span className={`tree-value tree-${kind}`}>{summary(value)}</span>
      </div>
      {container && open && (
        <ul role="group">
          {entries.map(([k, v]) => (
            <TreeNode key={k} label={k} value={v} depth={depth + 1} />
          ))}
          {hidden > 0 && <li className="tree-more muted small">… {hidden} more items</li>}
        </ul>
      )}
    </li>
  );
}

function summary(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length}]`;
  if (value !== null && typeof value === "object") return `{${Object.keys(value).length}}`;
  if (value === undefined) return "(nothing)";
  return JSON.stringify(value);
}
