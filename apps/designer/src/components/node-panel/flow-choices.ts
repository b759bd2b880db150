export interface FlowChoice {
  id: string;
  name: string;
  publishedVersion: number | null;
}

/**
 * The flows a subflow step may call, by name: every flow but the one being edited (a flow
 * calling itself never ends), sorted by name; unpublished ones say so, since a run calls the
 * published version. A stored id no flow has any more stays listed, marked missing.
 */
export function subflowChoices(flows: readonly FlowChoice[], currentFlowId: string, value: string | undefined): Array<{ value: string; label: string }> {
  const choices = flows
    .filter((f) => f.id !== currentFlowId)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((f) => ({ value: f.id, label: f.publishedVersion === null ? `${f.name} (not published)` : f.name }));
  if (value && !flows.some((f) => f.id === value)) choices.push({ value, label: `(missing flow ${value.slice(0, 8)}…)` });
  return choices;
}

/** Transaction sets an EDI trigger usually starts on. */
const COMMON_SETS = ["850", "855", "856", "810", "846", "940", "945", "997"];

/**
 * The sets an EDI trigger may name: the partner's inbound sets first (marked), then the common
 * ones, and a stored value that is neither, so the select shows what is saved.
 */
export function ediSetChoices(partnerSets: ReadonlyArray<{ set: string; direction: string }>, value: string | undefined): Array<{ value: string; label: string }> {
  const inbound = partnerSets.filter((s) => s.direction === "inbound").map((s) => s.set);
  return [...new Set([...inbound, ...COMMON_SETS, ...(value ? [value] : [])])].map((s) => ({ value: s, label: inbound.includes(s) ? `${s} (partner sends it)` : s }));
}
