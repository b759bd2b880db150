"use client";

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { searchEntries, type PaletteEntry } from "./entries";
import { EntryIcon } from "./palette";

/** The "/" (or Tab) search popup at the cursor; Enter adds the highlighted entry there. */
export function QuickAdd({ entries, at, onPick, onClose }: { entries: PaletteEntry[]; at: { x: number; y: number }; onPick(entry: PaletteEntry): void; onClose(): void }) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => searchEntries(entries, query).slice(0, 12), [entries, query]);

  useEffect(() => inputRef.current?.focus(), []);

  function onKeyDown(event: KeyboardEvent) {
    event.stopPropagation();
    if (event.key === "Escape") onClose();
    else if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, matches.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === "Enter") {
      const entry = matches[active];
      if (entry) onPick(entry);
    }
  }

  return (
    <div className="quick-add card" style={{ left: at.x, top: at.y }} data-testid="quick-add" onMouseDown={(e) => e.stopPropagation()}>
      <input
        ref={inputRef}
        className="input"
        placeholder="Add a step…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={onClose}
        data-testid="quick-add-search"
      />
      <ul className="quick-add-list">
        {matches.map((entry, i) => (
          <li
            key={entry.id}
            className={`quick-add-item${i === active ? " quick-add-active" : ""}`}
            onMouseEnter={() => setActive(i)}
            // mousedown, not click: the input's blur would close the popup first.
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(entry);
            }}
            data-entry={entry.id}
          >
            <EntryIcon entry={entry} />
            <span>{entry.label}</span>
            <span className="muted small">{entry.group}</span>
          </li>
        ))}
        {matches.length === 0 && <li className="muted small quick-add-item">Nothing matches.</li>}
      </ul>
    </div>
  );
}
