import type { z } from "zod";

/**
 * The connector SDK (DESIGN.md "Connectors"). This is the first cut: identity,
 * auth schema with secret fields, and actions with zod input/output. Issue 6
 * adds ctx (HTTP client, idempotency, rate limits), triggers and simulators.
 */
export interface ActionDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  input: I;
  output: O;
  /** True when running it changes the target system (gets an idempotency key). */
  sideEffect: boolean;
}

export interface ConnectorDefinition {
  id: string;
  name: string;
  version: string;
  auth: z.ZodObject;
  /** Names of auth fields that are secrets: write-only, encrypted at rest. */
  secretFields: readonly string[];
  actions: Record<string, ActionDefinition>;
}

export function defineConnector<C extends ConnectorDefinition>(connector: C): C {
  for (const field of connector.secretFields) {
    if (!(field in connector.auth.shape)) throw new Error(`Connector ${connector.id}: secret field "${field}" is not in its auth schema`);
  }
  return connector;
}

export class ConnectorRegistry {
  private readonly connectors = new Map<string, ConnectorDefinition>();

  register(connector: ConnectorDefinition): this {
    if (this.connectors.has(connector.id)) throw new Error(`Connector "${connector.id}" is registered twice`);
    this.connectors.set(connector.id, connector);
    return this;
  }

  get(id: string): ConnectorDefinition | undefined {
    return this.connectors.get(id);
  }

  list(): ConnectorDefinition[] {
    return [...this.connectors.values()];
  }
}
