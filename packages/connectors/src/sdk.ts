import type { z } from "zod";
import type { HttpClient } from "./http-client";
import { SecretScrubber } from "./secrets";

/** What an action's `run` gets: its connection, an HTTP client that adds the run's headers, and the abort signal. */
export interface ActionContext {
  connection: { id: string; name: string; config: Record<string, unknown>; secrets: Record<string, string> };
  http: HttpClient;
  idempotencyKey: string;
  correlationId: string;
  signal?: AbortSignal;
  /** Connector log lines; secret values of the connection are redacted before they are written. */
  log?: ConnectorLogger;
}

export interface ConnectorLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * A logger that replaces every secret value of the connection (and any string
 * containing one) with "[redacted]" before handing the line to `sink`.
 */
export function createRedactingLogger(
  secrets: Record<string, string>,
  sink: (level: "info" | "warn", message: string, fields?: Record<string, unknown>) => void,
): ConnectorLogger {
  const scrubber = new SecretScrubber({ marker: "[redacted]", minLength: 4 }).add(Object.values(secrets));
  const clean = (fields?: Record<string, unknown>) => (fields ? scrubber.json(fields) : undefined);
  return {
    info: (message, fields) => sink("info", scrubber.text(message), clean(fields)),
    warn: (message, fields) => sink("warn", scrubber.text(message), clean(fields)),
  };
}

/**
 * The connector SDK (docs/architecture.md "Connections and the outbound policy"). This is the first cut: identity,
 * auth schema with secret fields, and actions with zod input/output and `run`.
 * Issue 6 adds triggers, rate-limit policies and simulators.
 */
export interface ActionDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  input: I;
  output: O;
  /** True when running it changes the target system (gets an idempotency key and a ledger entry). */
  sideEffect: boolean;
  /** A realistic input, shown in the designer and used by "test step" before real data exists. */
  sampleInput?: unknown;
  /** A realistic output, so downstream mappings can be built without calling the system. */
  sampleOutput?: unknown;
  run(ctx: ActionContext, input: z.infer<I>): Promise<z.infer<O>>;
}

/** An inbound webhook as the connector sees it: the raw body is what signatures cover. */
export interface WebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  body: unknown;
}

export interface WebhookDefinition {
  /** True when the request is signed by the connection's secret the way the source system signs. */
  verify(req: WebhookRequest, connection: ActionContext["connection"]): boolean;
  /** The source's event id, for deduplicating redeliveries. */
  eventId?(req: WebhookRequest): string | undefined;
  /** Event topics the source sends (e.g. "orders/create"), with a sample payload each, for the designer. */
  events?: Record<string, { description: string; sample?: unknown }>;
  /** The topic of a request (e.g. from X-Shopify-Topic), so a trigger can subscribe to some topics only. */
  topic?(req: WebhookRequest): string | undefined;
}

/** A poll trigger: fetch what changed since `cursor` and say where the next poll starts. */
export interface PollTriggerDefinition {
  name: string;
  description: string;
  /** Trigger-node options (e.g. which path to poll), validated before the first poll. */
  options: z.ZodType;
  /** One item's payload as the trigger emits it, for the designer. */
  sample?: unknown;
  run(ctx: ActionContext, params: { cursor: unknown; options: unknown }): Promise<{ items: Array<{ id: string; payload: unknown }>; cursor: unknown }>;
}

export interface ConnectorDefinition {
  id: string;
  name: string;
  version: string;
  /** One line for the palette. */
  description?: string;
  /** An inline SVG (or a single emoji) for the palette and node cards. */
  icon?: string;
  auth: z.ZodObject;
  /** Names of auth fields that are secrets: write-only, encrypted at rest. */
  secretFields: readonly string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each action has its own input/output types
  actions: Record<string, ActionDefinition<any, any>>;
  webhook?: WebhookDefinition;
  polls?: Record<string, PollTriggerDefinition>;
  /** The target's documented limit, shared by all workers; a connection may lower or raise it (config.limits). */
  rateLimit?: { requestsPerSecond: number; burst?: number };
  /** OAuth-style connectors: how to trade the refresh token for a new access token (the runtime calls it before expiry). */
  oauth2?: OAuth2Definition;
  /**
   * Checks a connection's credentials against the target (the designer's Test
   * button). The message is shown and audited, so it must never contain a secret.
   */
  test?(ctx: ConnectionTestContext): Promise<{ ok: boolean; message: string }>;
}

/** What a connection test gets: the decrypted connection and an HTTP client with a timeout. */
export type ConnectionTestContext = Pick<ActionContext, "connection" | "http" | "correlationId" | "signal">;

/**
 * Refresh-token grant. The runtime calls `refresh` under a row lock when the access
 * token is unknown or expires within minutes, then seals and stores what it returns
 * (a rotated refresh token replaces the old one). Errors are the HTTP client's:
 * a 400/401 means the refresh token was rejected, network errors and 5xx are retried.
 */
export interface OAuth2Definition {
  refresh(ctx: { http: HttpClient; connection: ActionContext["connection"] }): Promise<{ accessToken: string; refreshToken?: string; expiresInSeconds: number }>;
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

/** Gives `run` the types of the action's own input and output schemas. */
export function defineAction<I extends z.ZodType, O extends z.ZodType>(action: ActionDefinition<I, O>): ActionDefinition<I, O> {
  return action;
}
