"use client";

import type { Problem } from "@ipaas/flow";
import { shortMessage } from "./config-fields";

/** The messages of the problems located at one field, under it. */
export function FieldProblems({ problems, local }: { problems: readonly Problem[]; local?: string }) {
  if (problems.length === 0 && !local) return null;
  return (
    <>
      {local && (
        <span className="np-problem" role="alert" data-testid="field-problem">
          {local}
        </span>
      )}
      {problems.map((p) => (
        <span key={`${p.code}:${p.path}:${p.message}`} className="np-problem" role="alert" data-testid="field-problem">
          {shortMessage(p)}
        </span>
      ))}
    </>
  );
}
