import type { FlowTemplate } from "./types";

export type { FlowTemplate, TemplateConnection } from "./types";

/** Every template the designer offers; connector issues add theirs here. */
export const templates: FlowTemplate[] = [];

export function findTemplate(id: string): FlowTemplate | undefined {
  return templates.find((t) => t.id === id);
}
