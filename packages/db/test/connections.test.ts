import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConflictError,
  connectionUsage,
  createConnection,
  createEnvironment,
  createFlow,
  deleteConnection,
  EncryptionKeyMissingError,
  getConnectionRow,
  KeyRing,
  listConnections,
  listEnvironments,
  NotFoundError,
  publishVersion,
  rotateConnectionSecrets,
  schema,
  updateConnection,
  type AuditActor,
  type SecretEnvelope,
} from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let t: TestDatabase;
const keyRing = new KeyRing(randomBytes(32).toString("base64"));
const actor: AuditActor = { id: null, email: "admin@example.com", ip: "127.0.0.1" };

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

/** A flow definition with one action node whose config refers to a connection. */
function definitionUsing(ref: { connectionId?: string; connectionName?: string }) {
  return { schemaVersion: 1, nodes: [{ id: "a", type: "action", name: "Send", config: { connectorId: "http", operation: "request", input: "$", ...ref } }], edges: [] };
}

const auditOf = (targetId: string) => t.db.select().from(schema.auditLog).where(eq(schema.auditLog.targetId, targetId)).orderBy(schema.auditLog.id);

describe("connection queries", () => {
  it("seals secrets with a fresh IV per save and shows only which fields are set", async () => {
    const view = await createConnection(t.db, { name: "shop", connectorId: "http", environment: "sandbox", config: { baseUrl: "http://x" }, secrets: { bearerToken: "tok-1" }, keyRing, actor });
    expect(view.secrets).toEqual({ bearerToken: { set: true, updatedAt: expect.any(Date) } });
    expect(JSON.stringify(view)).not.toContain("tok-1");
    const first = (await getConnectionRow(t.db, view.id)).secrets as Record<string, SecretEnvelope>;
    await updateConnection(t.db, { id: view.id, secrets: { bearerToken: "tok-1" }, keyRing, actor });
    const second = (await getConnectionRow(t.db, view.id)).secrets as Record<string, SecretEnvelope>;
    expect(second.bearerToken!.iv).not.toBe(first.bearerToken!.iv);
    expect(second.bearerToken!.ciphertext).not.toBe(first.bearerToken!.ciphertext);
    expect(keyRing.decrypt(second.bearerToken!)).toBe("tok-1");
  });

  it("update: replaces config, keeps absent secrets, re-seals given ones, clears null ones, and audits names only", async () => {
    const created = await createConnection(t.db, {
      name: "wms",
      connectorId: "http",
      environment: "sandbox",
      config: { baseUrl: "http://old", testPath: "/ping" },
      secrets: { bearerToken: "bearer-a", webhookSecret: "hook-a" },
      keyRing,
      actor,
    });
    const before = await getConnectionRow(t.db, created.id);
    await new Promise((r) => setTimeout(r, 5));
    const updated = await updateConnection(t.db, { id: created.id, config: { baseUrl: "http://new" }, secrets: { bearerToken: "bearer-b", webhookSecret: null }, keyRing, actor });
    expect(updated.config).toEqual({ baseUrl: "http://new" });
    expect(Object.keys(updated.secrets)).toEqual(["bearerToken"]);
    expect(updated.secrets.bearerToken!.updatedAt!.getTime()).toBeGreaterThan(created.secrets.bearerToken!.updatedAt!.getTime());
    const row = await getConnectionRow(t.db, created.id);
    expect(keyRing.decryptAll(row.secrets as Record<string, SecretEnvelope>)).toEqual({ bearerToken: "bearer-b" });
    expect(row.secretsUpdatedAt).not.toHaveProperty("webhookSecret");

    // Nothing given for secrets: they stay as they are.
    await updateConnection(t.db, { id: created.id, name: "wms-eu", keyRing: null, actor });
    expect((await getConnectionRow(t.db, created.id)).secrets).toEqual(row.secrets);

    const audit = await auditOf(created.id);
    expect(audit.map((a) => a.action)).toEqual(["connection.create", "connection.update", "connection.update"]);
    expect(audit[1]!.summary).toEqual({
      name: "wms",
      config: { baseUrl: { before: "http://old", after: "http://new" }, testPath: { before: "/ping" } },
      secretsReplaced: ["bearerToken"],
      secretsCleared: ["webhookSecret"],
    });
    expect(audit[2]!.summary).toMatchObject({ renamed: { before: "wms", after: "wms-eu" } });
    const everything = JSON.stringify(audit);
    for (const value of ["bearer-a", "bearer-b", "hook-a", (before.secrets as Record<string, SecretEnvelope>).bearerToken!.ciphertext]) expect(everything).not.toContain(value);
  });

  it("rotate re-seals the given secrets and is audited as a rotation; saving secrets needs the key ring", async () => {
    const created = await createConnection(t.db, { name: "rot", connectorId: "http", environment: "sandbox", config: { baseUrl: "http://x" }, secrets: { bearerToken: "v1" }, keyRing, actor });
    await rotateConnectionSecrets(t.db, { id: created.id, secrets: { bearerToken: "v2" }, keyRing, actor });
    expect(keyRing.decryptAll((await getConnectionRow(t.db, created.id)).secrets as Record<string, SecretEnvelope>)).toEqual({ bearerToken: "v2" });
    expect((await auditOf(created.id)).at(-1)).toMatchObject({ action: "connection.rotate", summary: { name: "rot", secretsReplaced: ["bearerToken"] } });
    await expect(rotateConnectionSecrets(t.db, { id: created.id, secrets: { bearerToken: "v3" }, keyRing: null, actor })).rejects.toBeInstanceOf(EncryptionKeyMissingError);
  });

  it("names are unique per environment; unknown environments and ids are NotFound", async () => {
    const base = { connectorId: "http", config: { baseUrl: "http://x" }, secrets: {}, keyRing: null, actor };
    await createConnection(t.db, { ...base, name: "dup", environment: "sandbox" });
    await expect(createConnection(t.db, { ...base, name: "dup", environment: "sandbox" })).rejects.toThrow(new ConflictError('A connection named "dup" already exists in this environment'));
    await expect(createConnection(t.db, { ...base, name: "dup", environment: "production" })).resolves.toMatchObject({ environment: "production" });
    await expect(createConnection(t.db, { ...base, name: "dup", environment: "nowhere" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getConnectionRow(t.db, "00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
    expect((await listConnections(t.db, { environment: "production" })).map((c) => c.name)).toEqual(["dup"]);
  });

  it("delete is refused while a draft or published version uses the connection by id, or by name in the same environment", async () => {
    const base = { connectorId: "http", config: { baseUrl: "http://x" }, secrets: {}, keyRing: null, actor };
    const erp = await createConnection(t.db, { ...base, name: "erp", environment: "sandbox" });
    const erpProd = await createConnection(t.db, { ...base, name: "erp", environment: "production" });
    const { flow: byId } = await createFlow(t.db, { name: "uses erp by id", definition: definitionUsing({ connectionId: erp.id }), publish: { message: "v1" } });
    const { flow: byName } = await createFlow(t.db, { name: "uses erp by name", definition: definitionUsing({ connectionName: "erp" }), publish: { message: "v1" } });

    // Both flows run in sandbox: the production "erp" is not theirs.
    expect((await connectionUsage(t.db, erpProd.id)).length).toBe(0);
    expect(await connectionUsage(t.db, erp.id)).toEqual([
      { flowId: byId.id, flowName: "uses erp by id", environment: "sandbox", inPublished: true, inDraft: true },
      { flowId: byName.id, flowName: "uses erp by name", environment: "sandbox", inPublished: true, inDraft: true },
    ]);
    await expect(deleteConnection(t.db, { id: erp.id, actor })).rejects.toThrow(/"uses erp by id", "uses erp by name"/);
    await expect(updateConnection(t.db, { id: erp.id, name: "erp2", keyRing: null, actor })).rejects.toThrow(/cannot be renamed: flow "uses erp by name"/);

    // The by-id flow drops the reference in a new version but keeps it in its draft: still blocking.
    await publishVersion(t.db, { flowId: byId.id, definition: definitionUsing({}), message: "v2", actor });
    await t.db.update(schema.flows).set({ environment: "production" }).where(eq(schema.flows.id, byName.id));
    expect(await connectionUsage(t.db, erp.id)).toEqual([{ flowId: byId.id, flowName: "uses erp by id", environment: "sandbox", inPublished: false, inDraft: true }]);
    // Moved to production, the by-name flow now uses the production "erp".
    expect((await connectionUsage(t.db, erpProd.id)).map((u) => u.flowName)).toEqual(["uses erp by name"]);

    await t.db.update(schema.flows).set({ draft: definitionUsing({}) }).where(eq(schema.flows.id, byId.id));
    await deleteConnection(t.db, { id: erp.id, actor });
    await expect(getConnectionRow(t.db, erp.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await auditOf(erp.id)).at(-1)).toMatchObject({ action: "connection.delete", summary: { name: "erp", environment: "sandbox" } });
  });

  it("environments: seeded sandbox and production, new ones by slug, audited", async () => {
    await createEnvironment(t.db, { name: "staging-eu", description: "EU staging", actor });
    const envs = await listEnvironments(t.db);
    expect(envs.map((e) => e.name)).toEqual(expect.arrayContaining(["sandbox", "production", "staging-eu"]));
    expect(envs.find((e) => e.name === "staging-eu")).toMatchObject({ description: "EU staging", connectionCount: 0 });
    await expect(createEnvironment(t.db, { name: "staging-eu", actor })).rejects.toBeInstanceOf(ConflictError);
    await expect(createEnvironment(t.db, { name: "Not A Slug", actor })).rejects.toThrow(/lower-case/);
    expect(await auditOf("staging-eu")).toEqual([expect.objectContaining({ action: "environment.create", targetType: "environment" })]);
  });
});
