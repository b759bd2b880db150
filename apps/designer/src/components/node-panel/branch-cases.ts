/** A branch node's cases as the panel edits them; ids are the canvas handles (and the edges' sourceHandles). */
export interface BranchCase {
  id: string;
  label?: string;
  condition: string;
}

export function casesOf(config: Record<string, unknown>): BranchCase[] {
  const raw = Array.isArray(config.cases) ? config.cases : [];
  return raw.map((c: unknown) => {
    const r = c && typeof c === "object" ? (c as Record<string, unknown>) : {};
    const out: BranchCase = { id: typeof r.id === "string" ? r.id : "", condition: typeof r.condition === "string" ? r.condition : "" };
    if (typeof r.label === "string") out.label = r.label;
    return out;
  });
}

/** A fresh case id not used yet ("case-1", "case-2", …); never "default", which is the default path. */
export function nextCaseId(cases: readonly BranchCase[]): string {
  const used = new Set(cases.map((c) => c.id));
  let n = cases.length + 1;
  while (used.has(`case-${n}`)) n++;
  return `case-${n}`;
}
