import { randomUUID } from "node:crypto";
import { createHttpClient, openConnection, registry, SecretScrubber, type ConnectorDefinition, type OutboundPolicy } from "@ipaas/connectors";
import {
  BadRequestError,
  createConnection as insertConnection,
  EncryptionKeyMissingError,
  getConnection,
  getConnectionRow,
  KeyRingError,
  PreconditionFailedError,
  recordConnectionTest,
  requestHealthTest,
  rotateConnectionSecrets,
  updateConnection as saveConnection,
  type AuditActor,
  type ConnectionLimits,
  type ConnectionView,
  type Db,
  type KeyRing,
} from "@ipaas/db";
import { z } from "zod";

// Reads, deletes and environments need no logic beyond the queries.
export { connectionsOfFlow, connectionUsage, createEnvironment, deleteConnection, getConnection, listConnectionHealth, listConnections, listEnvironments } from "@ipaas/db";

/** A connection test waits this long for the target, then reports it unreachable. */
const TEST_TIMEOUT_MS = 10_000;

/** What the forms are generated from. */
export function listConnectors() {
  return registry.list().map((c) => ({
    id: c.id,
    name: c.name,
    version: c.version,
    // Input side: the form fills in what the user types, before defaults apply.
    authSchema: z.toJSONSchema(c.auth, { io: "input", unrepresentable: "any" }) as Record<string, unknown>,
    secretFields: [...c.secretFields],
    hasTest: typeof c.test === "function",
  }));
}

interface WriteParams {
  keyRing: KeyRing | null;
  actor: AuditActor;
}

export async function createConnection(
  db: Db,
  params: WriteParams & { name: string; connectorId: string; environment: string; config: Record<string, unknown>; secrets: Record<string, string> },
): Promise<ConnectionView> {
  const connector = connectorOf(params.connectorId);
  validateFields(connector, { config: params.config, secrets: params.secrets, keptSecrets: [] });
  return keyRequired(() => insertConnection(db, params));
}

/** `config` replaces the stored config; `secrets`: a string replaces, null clears, absent keeps. */
export async function updateConnection(
  db: Db,
  params: WriteParams & { id: string; name?: string; config?: Record<string, unknown>; secrets?: Record<string, string | null> },
): Promise<ConnectionView> {
  const current = await getConnection(db, params.id);
  const connector = connectorOf(current.connectorId);
  const given = params.secrets ?? {};
  const replaced = Object.fromEntries(Object.entries(given).filter((e): e is [string, string] => e[1] !== null));
  const keptSecrets = Object.keys(current.secrets).filter((field) => !(field in given));
  validateFields(connector, { config: params.config ?? current.config, secrets: replaced, keptSecrets, cleared: Object.keys(given).filter((f) => given[f] === null) });
  return keyRequired(() => saveConnection(db, params));
}

/** Replaces `config.limits` (circuit breaker, rate limit, test interval), keeping the rest of the config; empty limits are removed. */
export async function updateConnectionLimits(db: Db, params: WriteParams & { id: string; limits: ConnectionLimits }): Promise<ConnectionView> {
  const { limits: _old, ...rest } = (await getConnection(db, params.id)).config;
  const config = Object.keys(params.limits).length > 0 ? { ...rest, limits: params.limits } : rest;
  return updateConnection(db, { id: params.id, config, keyRing: params.keyRing, actor: params.actor });
}

export async function rotateConnection(db: Db, params: WriteParams & { id: string; secrets: Record<string, string> }): Promise<ConnectionView> {
  const current = await getConnection(db, params.id);
  const connector = connectorOf(current.connectorId);
  const keptSecrets = Object.keys(current.secrets).filter((field) => !(field in params.secrets));
  validateFields(connector, { config: current.config, secrets: params.secrets, keptSecrets });
  return keyRequired(() => rotateConnectionSecrets(db, params));
}

/**
 * Runs the connector's test with the decrypted secrets. They exist only in this
 * function's memory; the result message is scrubbed of them before it is stored,
 * audited or returned, in case a target echoes a token back in an error.
 */
export async function testConnection(db: Db, params: WriteParams & { id: string; outbound: OutboundPolicy }): Promise<{ ok: boolean; message: string; connection: ConnectionView }> {
  const row = await getConnectionRow(db, params.id);
  const connector = connectorOf(row.connectorId);
  if (!connector.test) throw new BadRequestError(`The ${connector.name} connector has no connection test`);
  if (Object.keys(row.secrets as Record<string, unknown>).length > 0 && !params.keyRing) throw missingKey();
  const scrubber = new SecretScrubber();
  let result: { ok: boolean; message: string };
  try {
    const connection = openConnection(row, params.keyRing);
    scrubber.add(Object.values(connection.secrets));
    const correlationId = randomUUID();
    const signal = AbortSignal.timeout(TEST_TIMEOUT_MS + 1_000);
    const http = createHttpClient({ policy: params.outbound, correlationId, signal, timeoutMs: TEST_TIMEOUT_MS });
    result = await connector.test({ connection, http, correlationId, signal });
  } catch (err) {
    // KeyRingError messages name the key id only; anything else may carry the target's words.
    result = { ok: false, message: err instanceof KeyRingError ? err.message : `The test failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  const message = scrubber.text(result.message).slice(0, 1000);
  const connection = await recordConnectionTest(db, { id: row.id, ok: result.ok, message, actor: params.actor });
  // The runtime's health monitor judges the connection again at its next tick (docs/architecture.md "Connection health").
  await requestHealthTest(db, row.id);
  return { ok: result.ok, message, connection };
}

function connectorOf(id: string): ConnectorDefinition {
  const connector = registry.get(id);
  if (!connector) throw new BadRequestError(`connectorId: there is no connector "${id}"`);
  return connector;
}

/**
 * Checks config and secrets against the connector's auth schema, the way the
 * runtime will see them: secrets already set (and not replaced) count as present.
 * Messages name the field; for secret fields they never include the value, and
 * the zod error is not attached as the cause (the error formatter would print it).
 */
function validateFields(
  connector: ConnectorDefinition,
  fields: { config: Record<string, unknown>; secrets: Record<string, string>; keptSecrets: string[]; cleared?: string[] },
): void {
  const secretFields = new Set(connector.secretFields);
  const problems: string[] = [];
  for (const key of Object.keys(fields.config)) {
    if (secretFields.has(key)) problems.push(`config.${key}: is a secret field; send it in secrets`);
  }
  for (const key of [...Object.keys(fields.secrets), ...(fields.cleared ?? [])]) {
    if (!secretFields.has(key)) problems.push(`secrets.${key}: is not a secret field of the ${connector.name} connector`);
  }
  if (problems.length === 0) {
    const kept = new Set(fields.keptSecrets);
    const parsed = connector.auth.safeParse({ ...fields.config, ...fields.secrets });
    for (const issue of parsed.success ? [] : parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      // A secret that is set but not re-sent was validated when it was saved: its "missing" is not a problem.
      if (kept.has(field)) continue;
      if (secretFields.has(field)) {
        const value = fields.secrets[field];
        const safe = value !== undefined && value !== "" && issue.message.includes(value) ? "is not valid" : issue.message;
        problems.push(`secrets.${field}: ${safe}`);
      } else {
        problems.push(`${field ? `config.${field}` : "config"}: ${issue.message}`);
      }
    }
  }
  if (problems.length > 0) throw new BadRequestError(problems.join("; "));
}

/** No encryption key is configured (PRECONDITION_FAILED); `what` says what cannot work without it. */
export function missingKey(what = "secrets cannot be saved or read"): PreconditionFailedError {
  return new PreconditionFailedError(`IPAAS_ENCRYPTION_KEY is not set: ${what}`);
}

/** Runs a write that seals secrets, turning "no key" into missingKey(what). */
export async function keyRequired<T>(write: () => Promise<T>, what?: string): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof EncryptionKeyMissingError) throw missingKey(what);
    throw err;
  }
}
