"use client";

import { useMemo, useState, type DragEvent } from "react";
import { iconSrc, searchEntries, type PaletteEntry } from "./entries";
import { NodeTypeIcon } from "./node-icons";

export const DND_MIME = "application/x-ipaas-palette-entry";

export function EntryIcon({ entry }: { entry: PaletteEntry }) {
  const src = iconSrc(entry.icon);
  return src ? <img className="palette-icon" src={src} alt="" /> : <NodeTypeIcon type={entry.type} className="palette-glyph" size={18} />;
}

/** Left column: node types and connector operations, searchable; drag an entry onto the canvas (or click to add it in view). */
export function Palette({ entries, onAdd }: { entries: PaletteEntry[]; onAdd(entry: PaletteEntry): void }) {
  const [query, setQuery] = useState("");
  const groups = useMemo(() => {
    const map = new Map<string, PaletteEntry[]>();
    for (const e of searchEntries(entries, query)) map.set(e.group, [...(map.get(e.group) ?? []), e]);
    return [...map];
  }, [entries, query]);

  function onDragStart(event: DragEvent, entry: PaletteEntry) {
    event.dataTransfer.setData(DND_MIME, entry.id);
    event.dataTransfer.effectAllowed = "move";
  }

  return (
    <aside className="palette" data-testid="palette">
      <input className="input palette-search" placeholder="Search steps…" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="palette-search" />
      <div className="palette-list">
        {groups.length === 0 && <p className="muted small">Nothing matches.</p>}
        {groups.map(([group, items]) => (
          <section key={group}>
            <h3 className="palette-group">{group}</h3>
            {items.map((entry) => (
              <div
                key={entry.id}
                className="palette-entry"
                draggable
                onDragStart={(e) => onDragStart(e, entry)}
                onDoubleClick={() => onAdd(entry)}
                title={`${entry.description}\n(drag onto the canvas, or double-click)`}
                data-testid="palette-entry"
                data-entry={entry.id}
              >
                <EntryIcon entry={entry} />
                <span className="palette-label">{entry.label}</span>
              </div>
            ))}
          </section>
        ))}
      </div>
    </aside>
  );
}
