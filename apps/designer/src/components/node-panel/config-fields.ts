import type { Problem } from "@ipaas/flow";

/** The config path a problem points at, relative to the node's config (`cases.0.condition`), or "" when it is about the node itself. */
export function configPathOf(problem: Pick<Problem, "path">): string {
  const match = /^nodes\.\d+\.config\.?(.*)$/.exec(problem.path);
  return match ? (match[1] ?? "") : "";
}

/** Problems whose path is the field (`input`) or inside it (`retry.attempts` for `retry`). */
export function problemsAt(problems: readonly Problem[], field: string): Problem[] {
  return problems.filter((p) => {
    const path = configPathOf(p);
    return path === field || path.startsWith(`${field}.`);
  });
}

/** Problems that no field of the form shows (node-level ones, and fields without a control). */
export function unplacedProblems(problems: readonly Problem[], shownFields: readonly string[]): Problem[] {
  return problems.filter((p) => {
    const path = configPathOf(p);
    return path === "" || !shownFields.some((f) => path === f || path.startsWith(`${f}.`));
  });
}

/** The message without the `Node "X": ` prefix validate adds (the panel already says which node). */
export function shortMessage(problem: Pick<Problem, "message">): string {
  return problem.message.replace(/^Node "[^"]*":\s*/, "");
}

/** The config with `patch` applied; keys patched to undefined are removed (absent, not null, in the saved JSON). */
export function patchConfig(config: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...config };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next;
}
