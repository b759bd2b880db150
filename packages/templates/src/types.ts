import type { FlowDefinitionInput } from "@ipaas/flow";

/** A connection a template needs, by role (e.g. "the Shopify store"). */
export interface TemplateConnection {
  /** Key used in `build`'s bindings, e.g. "shopify". */
  key: string;
  connectorId: string;
  label: string;
}

/** An EDI trading partner a template needs (docs/architecture.md "Trading partners"): chosen by name, built in by id. */
export interface TemplatePartner {
  /** Key used in `build`'s bindings, e.g. "retailer"; distinct from the connection keys. */
  key: string;
  label: string;
  /** The transaction sets the flow exchanges with the partner, e.g. ["850 in", "855 out"]: shown on the card. */
  sets: string[];
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
  /** Trading partners the flow talks to (EDI templates); absent for the others. */
  partners?: TemplatePartner[];
  /** The flow definition with each connection key bound to a connection name, each partner key to a trading partner id, in the flow's environment. */
  build(bindings: Record<string, string>): FlowDefinitionInput;
}
