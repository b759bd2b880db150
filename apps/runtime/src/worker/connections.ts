import { schema, type Db, type KeyRing, type SecretEnvelope } from "@ipaas/db";
import { StepError } from "@ipaas/flow";
import { eq } from "drizzle-orm";
import { PromiseCache } from "../promise-cache";

export interface ResolvedConnection {
  id: string;
  name: string;
  connectorId: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

const TTL_MS = 30_000;

/**
 * Connections by id or name, cached briefly: the hot path must not read the
 * connections table for every step, and an edited connection is picked up within
 * TTL_MS. Secrets are decrypted here, in the data plane, and live only in memory.
 */
export class ConnectionResolver {
  private readonly cache = new PromiseCache<ResolvedConnection>({ ttlMs: TTL_MS, limit: 5000 });

  constructor(
    private readonly db: Db,
    private readonly keyRing: KeyRing | null = null,
  ) {}

  resolve(ref: { connectionId?: string; connectionName?: string }): Promise<ResolvedConnection> {
    const key = ref.connectionId ? `id:${ref.connectionId}` : `name:${ref.connectionName ?? ""}`;
    return this.cache.get(key, () => this.load(ref));
  }

  private async load(ref: { connectionId?: string; connectionName?: string }): Promise<ResolvedConnection> {
    const { connections } = schema;
    if (!ref.connectionId && !ref.connectionName) throw new StepError("The action has no connection", "non_retryable", "NO_CONNECTION");
    const where = ref.connectionId ? eq(connections.id, ref.connectionId) : eq(connections.name, ref.connectionName ?? "");
    const [row] = await this.db.select().from(connections).where(where).limit(1);
    if (!row) throw new StepError(`Connection ${ref.connectionId ?? `"${ref.connectionName}"`} does not exist`, "non_retryable", "NO_CONNECTION");
    const sealed = row.secrets as Record<string, SecretEnvelope>;
    let secrets: Record<string, string> = {};
    if (Object.keys(sealed).length > 0) {
      if (!this.keyRing) throw new StepError(`Connection "${row.name}" has secrets but IPAAS_ENCRYPTION_KEY is not set`, "non_retryable", "NO_ENCRYPTION_KEY");
      secrets = this.keyRing.decryptAll(sealed);
    }
    return { id: row.id, name: row.name, connectorId: row.connectorId, config: row.config as Record<string, unknown>, secrets };
  }
}
