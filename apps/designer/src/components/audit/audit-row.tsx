"use client";

import { formatDateTime, prettyJson } from "@/lib/format";
import type { RouterOutputs } from "@/trpc/types";

export type AuditEntry = RouterOutputs["audit"]["list"]["items"][number];

const PREVIEW_CHARS = 80;

/** One line of the summary for the collapsed view: `{"name":"ERP","prefix":…}` cut short. */
function preview(summary: unknown): string {
  const text = JSON.stringify(summary ?? {}) ?? "";
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

/** Time, actor, action, target (click to filter by it), IP and the expandable summary. */
export function AuditRow({ entry, onTarget }: { entry: AuditEntry; onTarget: (targetType: string, targetId: string | null) => void }) {
  const empty = entry.summary === null || (typeof entry.summary === "object" && Object.keys(entry.summary).length === 0);
  return (
    <tr data-testid="audit-row" data-action={entry.action}>
      <td className="nowrap" title={entry.createdAt.toISOString()}>
        {formatDateTime(entry.createdAt)}
      </td>
      <td>{entry.actorEmail ?? <span className="muted">system</span>}</td>
      <td className="mono">{entry.action}</td>
      <td>
        <button type="button" className="link-button" title="Show only this target" onClick={() => onTarget(entry.targetType, entry.targetId)} data-testid="audit-target">
          {entry.targetType}
        </button>
        {entry.targetId && <div className="mono muted small audit-target-id">{entry.targetId}</div>}
      </td>
      <td className="mono muted">{entry.ip ?? "—"}</td>
      <td className="audit-summary">
        {empty ? (
          <span className="muted">—</span>
        ) : (
          <details data-testid="audit-summary">
            <summary className="mono small">{preview(entry.summary)}</summary>
            <pre>{prettyJson(entry.summary)}</pre>
          </details>
        )}
      </td>
    </tr>
  );
}
