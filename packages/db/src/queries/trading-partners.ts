import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { ConflictError, NotFoundError } from "../errors";
import { tradingPartners } from "../schema";
import type { KeyRing } from "../secrets";
import type { PartnerFields, TransportSecretField } from "../trading-partner-schema";
import { writeAudit, type AuditActor } from "./audit";
import { isForeignKeyViolation, isUniqueViolation } from "./pg-errors";
import { mergeSecrets, sealSecrets as seal, secretsView, splitSecretEdits } from "./sealed-secrets";

export type TradingPartnerRow = typeof tradingPartners.$inferSelect;

/** The API shape (docs/architecture.md "Trading partners"): credentials are write-only, so only which are set and when. */
export type TradingPartnerView = PartnerFields & {
  id: string;
  name: string;
  environment: string;
  secrets: Record<string, { set: true; updatedAt: Date | null }>;
  createdAt: Date;
  updatedAt: Date;
};

/** The one masking function for partners: a stored row becomes the API shape. */
export function toTradingPartnerView(row: TradingPartnerRow): TradingPartnerView {
  const { secrets, secretsUpdatedAt, createdBy: _c, updatedBy: _u, ...rest } = row;
  return {
    ...rest,
    version: rest.version as PartnerFields["version"],
    usageIndicator: rest.usageIndicator as PartnerFields["usageIndicator"],
    secrets: secretsView(secrets, secretsUpdatedAt),
  };
}

export async function listTradingPartners(db: Db, filter: { environment?: string } = {}): Promise<TradingPartnerView[]> {
  const rows = await db
    .select()
    .from(tradingPartners)
    .where(filter.environment === undefined ? undefined : eq(tradingPartners.environment, filter.environment))
    .orderBy(asc(tradingPartners.environment), asc(sql`lower(${tradingPartners.name})`));
  return rows.map(toTradingPartnerView);
}

export async function getTradingPartner(db: Db, id: string): Promise<TradingPartnerView> {
  return toTradingPartnerView(await getTradingPartnerRow(db, id));
}

/** The stored row with sealed credentials: for the server's transports only, never for a response. */
export async function getTradingPartnerRow(db: Db | Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<TradingPartnerRow> {
  const query = db.select().from(tradingPartners).where(eq(tradingPartners.id, id)).limit(1);
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw new NotFoundError(`Trading partner ${id} does not exist`);
  return row;
}

/**
 * A partner by name in one environment: flows and templates name partners the way they name
 * connections, so promoting a flow picks the target environment's same-named partner.
 */
export async function findTradingPartnerByName(db: Db | Tx, params: { environment: string; name: string }): Promise<TradingPartnerRow | null> {
  const [row] = await db
    .select()
    .from(tradingPartners)
    .where(and(eq(tradingPartners.environment, params.environment), eq(tradingPartners.name, params.name.trim())))
    .limit(1);
  return row ?? null;
}

/** The partner an inbound interchange comes from: by its sender (ISA05/ISA06) in one environment. */
export async function findTradingPartnerBySender(db: Db, params: { environment: string; qualifier: string; isaId: string }): Promise<TradingPartnerRow | null> {
  const [row] = await db
    .select()
    .from(tradingPartners)
    .where(and(eq(tradingPartners.environment, params.environment), eq(tradingPartners.theirIsaQualifier, params.qualifier), eq(tradingPartners.theirIsaId, params.isaId.trim())))
    .orderBy(asc(tradingPartners.createdAt))
    .limit(1);
  return row ?? null;
}

type SecretValues = Partial<Record<TransportSecretField, string>>;

export async function createTradingPartner(
  db: Db,
  params: { name: string; environment: string; fields: PartnerFields; secrets: SecretValues; keyRing: KeyRing | null; actor: AuditActor | null },
): Promise<TradingPartnerView> {
  const sealed = seal(params.keyRing, params.secrets);
  const now = new Date().toISOString();
  return withConstraintErrors(params, () =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .insert(tradingPartners)
        .values({
          ...params.fields,
          name: params.name,
          environment: params.environment,
          secrets: sealed,
          secretsUpdatedAt: Object.fromEntries(Object.keys(sealed).map((field) => [field, now])),
          createdBy: params.actor?.id ?? null,
          updatedBy: params.actor?.id ?? null,
        })
        .returning();
      if (!row) throw new Error("insert returned no row");
      await writeAudit(tx, params.actor, {
        action: "partner.create",
        targetType: "trading_partner",
        targetId: row.id,
        summary: { name: row.name, environment: row.environment, theirIsaId: row.theirIsaId, secrets: Object.keys(sealed) },
      });
      return toTradingPartnerView(row);
    }),
  );
}

/**
 * An edit: `fields` (when given) replace the settings they name. In `secrets`, a string is sealed
 * anew, null clears the field, an absent field keeps its value; the audit names fields, never values.
 */
export async function updateTradingPartner(
  db: Db,
  params: { id: string; name?: string; fields?: Partial<PartnerFields>; secrets?: Partial<Record<TransportSecretField, string | null>>; keyRing: KeyRing | null; actor: AuditActor | null },
): Promise<TradingPartnerView> {
  const { replaced, cleared } = splitSecretEdits(params.secrets ?? {});
  const sealed = seal(params.keyRing, replaced);
  return withConstraintErrors({ name: params.name ?? "", environment: "" }, () =>
    db.transaction(async (tx) => {
      const before = await getTradingPartnerRow(tx, params.id, { forUpdate: true });
      const { secrets, secretsUpdatedAt } = mergeSecrets(before, sealed, cleared);
      const [row] = await tx
        .update(tradingPartners)
        .set({ ...params.fields, ...(params.name !== undefined && { name: params.name }), secrets, secretsUpdatedAt, updatedBy: params.actor?.id ?? null, updatedAt: sql`now()` })
        .where(eq(tradingPartners.id, params.id))
        .returning();
      if (!row) throw new NotFoundError(`Trading partner ${params.id} does not exist`);
      const changed = Object.keys(params.fields ?? {}).filter((key) => JSON.stringify(before[key as keyof TradingPartnerRow]) !== JSON.stringify(row[key as keyof TradingPartnerRow]));
      const summary: Record<string, unknown> = { name: row.name };
      if (params.name !== undefined && params.name !== before.name) summary.renamed = { before: before.name, after: row.name };
      if (changed.length > 0) summary.changed = changed;
      if (Object.keys(sealed).length > 0) summary.secretsReplaced = Object.keys(sealed);
      if (cleared.length > 0) summary.secretsCleared = cleared;
      await writeAudit(tx, params.actor, { action: "partner.update", targetType: "trading_partner", targetId: row.id, summary });
      return toTradingPartnerView(row);
    }),
  );
}

/** Deletes a partner with its control-number counters and received-interchange records. */
export async function deleteTradingPartner(db: Db, params: { id: string; actor: AuditActor | null }): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await getTradingPartnerRow(tx, params.id, { forUpdate: true });
    await tx.delete(tradingPartners).where(eq(tradingPartners.id, row.id));
    await writeAudit(tx, params.actor, { action: "partner.delete", targetType: "trading_partner", targetId: row.id, summary: { name: row.name, environment: row.environment } });
  });
}

/** Unique name per environment and the environment's existence, as messages the UI can show. */
async function withConstraintErrors<T>(params: { name: string; environment: string }, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, "trading_partners_env_name_key")) throw new ConflictError(`A trading partner named "${params.name}" already exists in this environment`);
    if (isForeignKeyViolation(err, "trading_partners_environment_environments_name_fk")) throw new NotFoundError(`Environment "${params.environment}" does not exist`);
    throw err;
  }
}
