import { createHttpClient, openConnection, OutboundPolicy, registry as defaultRegistry, type ConnectorRegistry, type OAuth2Definition, type OpenedConnection } from "@ipaas/connectors";
import { findConnectionRow, refreshConnectionUnderLock, type ConnectionRow, type Db, type KeyRing, type SecretEnvelope } from "@ipaas/db";
import { StepError } from "@ipaas/flow";
import { PromiseCache } from "./promise-cache";
import { scrubberFor, scrubError } from "./redaction";

/** A connection with its secrets decrypted, in memory only (opened by @ipaas/connectors' openConnection). */
export type ResolvedConnection = OpenedConnection;

export interface ConnectionRef {
  connectionId?: string;
  connectionName?: string;
}

const TTL_MS = 30_000;
/** An access token is refreshed this long before it expires: well over TTL_MS, so a cached token never lapses in use. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const REFRESH_TIMEOUT_MS = 15_000;

/** An OAuth connection whose access token is unknown (never refreshed) or about to expire. */
function needsRefresh(row: ConnectionRow, now: number): boolean {
  if (!("refreshToken" in (row.secrets as Record<string, SecretEnvelope>))) return false;
  return row.tokenExpiresAt === null || row.tokenExpiresAt.getTime() - now < REFRESH_MARGIN_MS;
}

/** A rejected refresh token needs a person (reconnect); a network error or 5xx may pass, so the step is retried. */
function refreshError(name: string, err: unknown): unknown {
  if (!(err instanceof StepError)) return err;
  const status = err.details?.status;
  if (status === 400 || status === 401) {
    const body = err.details?.body as { error?: unknown } | undefined;
    const reason = typeof body?.error === "string" ? ` (${body.error})` : "";
    return new StepError(
      `Connection "${name}": the refresh token was rejected${reason}; reconnect the connection (enter a new refresh token) and retry`,
      "non_retryable",
      "OAUTH_REFRESH_REJECTED",
      { status },
    );
  }
  return new StepError(`Connection "${name}": refreshing the access token failed: ${err.message}`, err.errorClass, err.code, err.details, err.retryAfterMs);
}

/**
 * Connections by id, or by name within the flow's environment, cached briefly:
 * the hot path must not read the connections table for every step, and an edited
 * connection is picked up within TTL_MS. Secrets are decrypted here and live only
 * in memory. OAuth connections get a fresh access token before theirs expires.
 * The runtime keeps one resolver per process; a designer test run makes its own,
 * so a connection edited a moment ago is what the next test run uses.
 */
export class ConnectionResolver {
  private readonly cache = new PromiseCache<ResolvedConnection>({ ttlMs: TTL_MS, limit: 5000 });

  constructor(
    private readonly db: Db,
    private readonly keyRing: KeyRing | null = null,
    private readonly registry: ConnectorRegistry = defaultRegistry,
    /** Where this process's connections may send requests (built once from IPAAS_OUTBOUND_ALLOW); by default, public addresses only. */
    readonly outbound: OutboundPolicy = new OutboundPolicy(),
  ) {}

  /**
   * `environment` is the flow's: a name means that environment's connection, so a
   * flow promoted to production uses production's credentials without copying any.
   * A reference by id ignores it.
   */
  resolve(ref: ConnectionRef, environment: string): Promise<ResolvedConnection> {
    return this.cache.get(this.keyOf(ref, environment), () => this.load(ref, environment));
  }

  private keyOf(ref: ConnectionRef, environment: string): string {
    return ref.connectionId ? `id:${ref.connectionId}` : `name:${environment}:${ref.connectionName ?? ""}`;
  }

  private async load(ref: ConnectionRef, environment: string): Promise<ResolvedConnection> {
    if (!ref.connectionId && !ref.connectionName) throw new StepError("The action has no connection", "non_retryable", "NO_CONNECTION");
    let row = await findConnectionRow(this.db, ref, environment);
    if (!row) {
      const which = ref.connectionId ?? `"${ref.connectionName}" in environment "${environment}"`;
      throw new StepError(`Connection ${which} does not exist`, "non_retryable", "NO_CONNECTION");
    }
    const oauth2 = this.registry.get(row.connectorId)?.oauth2;
    if (oauth2 && needsRefresh(row, Date.now())) row = await this.refresh(row, oauth2, this.keyOf(ref, environment));
    return this.open(row);
  }

  private open(row: ConnectionRow): ResolvedConnection {
    return openConnection(row, this.keyRing);
  }

  /**
   * Refreshes under a row lock, so workers in every process queue up here and only
   * the first spends the refresh token (servers that rotate refresh tokens reject
   * a second use): the others re-read the row, find a fresh token and go on.
   */
  private async refresh(row: ConnectionRow, oauth2: OAuth2Definition, loadingKey: string): Promise<ConnectionRow> {
    const keyRing = this.keyRing;
    if (!keyRing) throw new StepError(`Connection "${row.name}" has secrets but IPAAS_ENCRYPTION_KEY is not set`, "non_retryable", "NO_ENCRYPTION_KEY");
    const fresh = await refreshConnectionUnderLock(this.db, row.id, async (locked) => {
      if (!needsRefresh(locked, Date.now())) return null;
      let tokens: Awaited<ReturnType<OAuth2Definition["refresh"]>>;
      const connection = this.open(locked);
      try {
        const http = createHttpClient({ policy: this.outbound, correlationId: `oauth-refresh-${locked.id}`, timeoutMs: REFRESH_TIMEOUT_MS });
        tokens = await oauth2.refresh({ http, connection });
      } catch (err) {
        // A token endpoint's error body may echo what it was sent.
        throw scrubError(refreshError(locked.name, err), scrubberFor(connection.secrets));
      }
      const now = new Date();
      const stamp = now.toISOString();
      return {
        secrets: {
          ...(locked.secrets as Record<string, SecretEnvelope>),
          accessToken: keyRing.encrypt(tokens.accessToken),
          ...(tokens.refreshToken ? { refreshToken: keyRing.encrypt(tokens.refreshToken) } : {}),
        },
        secretsUpdatedAt: { ...locked.secretsUpdatedAt, accessToken: stamp, ...(tokens.refreshToken ? { refreshToken: stamp } : {}) },
        tokenExpiresAt: new Date(now.getTime() + tokens.expiresInSeconds * 1000),
      };
    });
    if (!fresh) throw new StepError(`Connection "${row.name}" does not exist`, "non_retryable", "NO_CONNECTION");
    // Other cache entries of this connection (by id, by name) hold the old token; the entry being loaded gets the new one.
    for (const key of [`id:${fresh.id}`, `name:${fresh.environment}:${fresh.name}`]) if (key !== loadingKey) this.cache.delete(key);
    return fresh;
  }
}
