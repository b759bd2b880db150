"use client";

import { useState, type DragEvent } from "react";
import { joinPath, kindOf } from "@/lib/json-paths";

/** Items of a long array shown before "… n more": the tree is for finding fields, not reading data. */
const MAX_ITEMS = 20;

/**
 * The sample as a collapsible tree. Every row can be dragged into the expression
 * editor (CodeMirror inserts dropped text/plain where it lands) or inserted at the
 * cursor with its button. Paths follow JSONata: fields inside array items are
 * reached without an index (`line_items.sku` is every line's SKU).
 */
export function JsonTree({ value, onInsert }: { value: unknown; onInsert(path: string): void }) {
  if (value === null || typeof value !== "object") {
    return <p className="muted small tree-empty">The sample is a single {kindOf(value)} value: refer to it as $.</p>;
  }
  return (
    <ul className="json-tree" role="tree" aria-label="Source fields" data-testid="source-tree">
      <Children value={value} path="" depth={0} onInsert={onInsert} />
    </ul>
  );
}

function Children({ value, path, depth, onInsert }: { value: object; path: string; depth: number; onInsert(path: string): void }) {
  if (Array.isArray(value)) {
    return (
      <>
        {value.slice(0, MAX_ITEMS).map((item, i) => (
          // An item's own path needs its index; its fields (childPath) do not.
          <Node key={i} label={`[${i}]`} value={item} path={`${path}[${i}]`} childPath={path} depth={depth} onInsert={onInsert} />
        ))}
        {value.length > MAX_ITEMS && <li className="tree-more muted small">… {value.length - MAX_ITEMS} more items</li>}
      </>
    );
  }
  return (
    <>
      {Object.entries(value).map(([key, child]) => {
        const childPath = joinPath(path, key);
        return <Node key={key} label={key} value={child} path={childPath} childPath={childPath} depth={depth} onInsert={onInsert} />;
      })}
    </>
  );
}

function Node(props: { label: string; value: unknown; path: string; childPath: string; depth: number; onInsert(path: string): void }) {
  const { label, value, path, childPath, depth, onInsert } = props;
  const kind = kindOf(value);
  const container = kind === "object" || kind === "array";
  const [open, setOpen] = useState(depth < 2);

  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData("text/plain", path);
    event.dataTransfer.effectAllowed = "copy";
  };

  return (
    <li role="treeitem" aria-expanded={container ? open : undefined} aria-selected={false}>
      <div className="tree-row" draggable onDragStart={onDragStart} data-testid="source-field" data-path={path} title={`Drag into the expression, or press ⤵ to insert ${path}`}>
        {container ? (
          <button type="button" className="tree-toggle" aria-label={open ? `Collapse ${label}` : `Expand ${label}`} onClick={() => setOpen(!open)}>
            {open ? "▾" : "▸"}
          </button>
        ) : (
          <span className="tree-toggle" aria-hidden />
        )}
        <span className={label.startsWith("[") ? "tree-key tree-index" : "tree-key"}>{label}</span>
        <span className={`tree-value tree-${kind}`}>{summary(value)}</span>
        <button type="button" className="tree-insert" aria-label={`Insert ${path}`} onClick={() => onInsert(path)}>
          ⤵
        </button>
      </div>
      {container && open && (
        <ul role="group">
          <Children value={value as object} path={childPath} depth={depth + 1} onInsert={onInsert} />
        </ul>
      )}
    </li>
  );
}

function summary(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length}]`;
  if (value !== null && typeof value === "object") return `{${Object.keys(value).length}}`;
  const text = JSON.stringify(value) ?? "null";
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
