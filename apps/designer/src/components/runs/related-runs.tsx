"use client";

import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { formatDateTime } from "@/lib/format";
import type { RouterOutputs } from "@/trpc/types";

type Related = RouterOutputs["runs"]["related"];
type RunLink = Related["children"][number];

/** Runs connected to this one, by kind; kinds without runs are left out. */
export function RelatedRuns({ related }: { related: Related }) {
  const groups: Array<{ kind: string; title: string; runs: RunLink[] }> = [
    { kind: "resubmitted-from", title: "Resubmitted from", runs: related.resubmittedFrom },
    { kind: "resubmissions", title: "Resubmissions", runs: related.resubmissions },
    { kind: "parent", title: "Parent run", runs: related.parent ? [related.parent] : [] },
    { kind: "children", title: "Child runs", runs: related.children },
    { kind: "business-key", title: "Same business key", runs: related.sameBusinessKey },
  ].filter((g) => g.runs.length > 0);

  if (groups.length === 0) return <p className="muted" data-testid="related-none">No related runs.</p>;
  return (
    <div className="run-related" data-testid="related-runs">
      {groups.map((group) => (
        <section key={group.kind} className="card run-related-group" data-testid={`related-${group.kind}`}>
          <h3>{group.title}</h3>
          <ul>
            {group.runs.map((run) => (
              <li key={run.id} data-testid="related-run" data-relation={group.kind} data-run-id={run.id}>
                <Link href={`/runs/${run.id}`} className="mono" title={run.id}>
                  {run.id.slice(0, 8)}
                </Link>
                <StatusBadge status={run.status} />
                <span className="run-related-flow">{run.flowName}</span>
                {run.businessKey && <span className="mono muted small">{run.businessKey}</span>}
                <span className="muted small">{formatDateTime(run.createdAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
