import type { FlowDefinitionInput } from "@ipaas/flow";

/** A connection a template needs, by role (e.g. "the Shopify store"). */
export interface TemplateConnection {
  /** Key used in `build`'s bindings, e.g. "shopify". */
  key: string;
  connectorId: string;
  label: string;
}

/**
 * A prebuilt flow: the designer lists these under "New flow from template" with
 * the connections they need, and `build` turns the user's choices into a draft.
 */
export interface FlowTemplate {
  id: string;
  name: string;
  description: string;
  /** What the flow does, step by step, for the template card. */
  steps: string[];
  connections: TemplateConnection[];
  /** The flow definition with each connection key bound to a connection name (in the flow's environment). */
  build(bindings: Record<string, string>): FlowDefinitionInput;
}
