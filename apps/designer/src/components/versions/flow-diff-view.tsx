"use client";

import type { RouterOutputs } from "@/trpc/types";

type FlowDiff = RouterOutputs["flows"]["diff"];
type Change = FlowDiff["settings"][number];

const show = (value: unknown) => (value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value, null, 2));

/** One changed value: expressions before/after in two columns, other values inline (also a replay dry run's input changes). */
export function ChangeRow({ change }: { change: Change }) {
  if (change.expression) {
    return (
      <li data-testid="diff-change" data-path={change.path}>
        <div className="mono small">{change.path}</div>
        <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: "0.5rem" }}>
          <pre className="payload" aria-label="before">{show(change.before)}</pre>
          <pre className="payload" aria-label="after">{show(change.after)}</pre>
        </div>
      </li>
    );
  }
  return (
    <li data-testid="diff-change" data-path={change.path}>
      <span className="mono small">{change.path}</span>: <span className="mono">{show(change.before)}</span> → <span className="mono">{show(change.after)}</span>
    </li>
  );
}

/** The visual diff of two versions: nodes added/removed/changed, edges, settings. */
export function FlowDiffView({ diff, fromLabel, toLabel }: { diff: FlowDiff; fromLabel: string; toLabel: string }) {
  const { added, removed, changed } = diff.nodes;
  const empty = added.length + removed.length + changed.length + diff.edges.added.length + diff.edges.removed.length + diff.settings.length === 0;
  return (
    <section className="card" data-testid="diff-view" style={{ padding: "1rem" }}>
      <h2>
        {fromLabel} → {toLabel}
      </h2>
      {empty && <p className="muted">No differences (card positions are not compared).</p>}
      {added.map((n) => (
        <div key={n.id} data-testid="diff-node-added" data-id={n.id}>
          <span className="tag tag-published">added</span> <strong>{n.name}</strong> <span className="muted">{n.type}</span>
        </div>
      ))}
      {removed.map((n) => (
        <div key={n.id} data-testid="diff-node-removed" data-id={n.id}>
          <span className="tag tag-error">removed</span> <strong>{n.name}</strong> <span className="muted">{n.type}</span>
        </div>
      ))}
      {changed.map((n) => (
        <div key={n.id} data-testid="diff-node-changed" data-id={n.id}>
          <span className="tag">changed</span> <strong>{n.name}</strong> <span className="muted">{n.type}</span>
          <ul>
            {n.changes.map((c) => (
              <ChangeRow key={c.path} change={c} />
            ))}
          </ul>
        </div>
      ))}
      {(diff.edges.added.length > 0 || diff.edges.removed.length > 0) && (
        <div data-testid="diff-edges">
          <h3>Connections between steps</h3>
          <ul>
            {diff.edges.added.map((e) => (
              <li key={`+${e.id}`}>
                + {e.source}
                {e.sourceHandle ? ` (${e.sourceHandle})` : ""} → {e.target}
              </li>
            ))}
            {diff.edges.removed.map((e) => (
              <li key={`-${e.id}`}>
                − {e.source}
                {e.sourceHandle ? ` (${e.sourceHandle})` : ""} → {e.target}
              </li>
            ))}
          </ul>
        </div>
      )}
      {diff.settings.length > 0 && (
        <div data-testid="diff-settings">
          <h3>Settings</h3>
          <ul>
            {diff.settings.map((c) => (
              <ChangeRow key={c.path} change={c} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
