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
