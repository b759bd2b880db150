import { and, asc, desc, eq, gte, ilike, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { auditLog } from "../schema";

/** Who did it: the signed-in user (or null for the system) and where from. */
export interface AuditActor {
  id: string | null;
  email: string | null;
  ip?: string | null;
}

/** A database handle or an open transaction: audit rows commit with the change they describe. */
type Writer = Pick<Db, "insert">;

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  /** Before/after of what changed: names and non-secret values only, never secret values. */
  summary?: Record<string, unknown>;
}

/**
 * Appends a row to the audit log (append-only: nothing updates or deletes it), or one
 * row per entry in a single statement (a bulk assignment audits each letter).
 */
export async function writeAudit(db: Writer, actor: AuditActor | null, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const rows = (Array.isArray(entries) ? entries : [entries]).map((entry) => ({
    actorId: actor?.id ?? null,
    actorEmail: actor?.email ?? null,
    ip: actor?.ip ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    summary: entry.summary ?? {},
  }));
  if (rows.length) await db.insert(auditLog).values(rows);
}

export interface RefusedAttempt {
  /** e.g. `webhook.rejected`, `api_key.rejected`. */
  action: string;
  targetType: string;
  targetId: string | null;
  ip: string | null;
  /** Why it was refused (no secrets): part of the aggregation key. */
  reason: string;
}

/**
 * Refused ingress attempts (bad signatures, wrong API keys) are counted, not listed:
 * one row per action + target + IP + reason per minute, `summary.count` going up, so
 * someone hammering the ingress cannot grow the audit log by a row per try. This is
 * the one place audit rows change after insert, and only within their own minute.
 * The advisory lock on the aggregation key makes parallel refusals add to one row
 * instead of each finding none and inserting its own.
 */
export async function recordRefusedAttempt(db: Db, attempt: RefusedAttempt): Promise<{ count: number }> {
  return db.transaction(async (tx) => {
    const key = [attempt.action, attempt.targetType, attempt.targetId, attempt.ip, attempt.reason].join("\u0001");
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 13))`);
    const [updated] = await tx
      .update(auditLog)
      .set({ summary: sql`${auditLog.summary} || jsonb_build_object('count', coalesce((${auditLog.summary}->>'count')::int, 1) + 1, 'lastAt', now())` })
      .where(
        and(
          eq(auditLog.action, attempt.action),
          eq(auditLog.targetType, attempt.targetType),
          sql`${auditLog.targetId} is not distinct from ${attempt.targetId}`,
          sql`${auditLog.ip} is not distinct from ${attempt.ip}`,
          sql`${auditLog.summary}->>'reason' = ${attempt.reason}`,
          gte(auditLog.createdAt, sql`date_trunc('minute', now())`),
        ),
      )
      .returning({ summary: auditLog.summary });
    if (updated) return { count: Number((updated.summary as { count?: number }).count ?? 1) };
    await tx.insert(auditLog).values({ action: attempt.action, targetType: attempt.targetType, targetId: attempt.targetId, ip: attempt.ip, summary: { reason: attempt.reason, count: 1 } });
    return { count: 1 };
  });
}

export interface ListAuditParams {
  /** Part of the actor's email, case-insensitive. */
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Inclusive lower bound of createdAt. */
  from?: Date;
  /** Exclusive upper bound of createdAt. */
  to?: Date;
  /** The id of the last row of the previous page. */
  cursor?: number | null;
  limit: number;
}

/** `%` and `_` in user input match themselves, not any character. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Newest first, keyset-paginated on (created_at, id). The cursor is the last row's
 * id and the comparison reads that row's stored timestamp, so microsecond
 * timestamps (which a JS Date would round to milliseconds) and rows sharing one
 * transaction's now() neither repeat nor go missing between pages. The log is
 * append-only, so the cursor's row always exists.
 */
export async function listAudit(db: Db, params: ListAuditParams) {
  const where: SQL[] = [];
  if (params.actor) where.push(ilike(auditLog.actorEmail, `%${likeEscape(params.actor)}%`));
  if (params.action) where.push(eq(auditLog.action, params.action));
  if (params.targetType) where.push(eq(auditLog.targetType, params.targetType));
  if (params.targetId) where.push(eq(auditLog.targetId, params.targetId));
  if (params.from) where.push(gte(auditLog.createdAt, params.from));
  if (params.to) where.push(lt(auditLog.createdAt, params.to));
  if (params.cursor != null) {
    where.push(sql`(${auditLog.createdAt}, ${auditLog.id}) < (select c.created_at, c.id from ${auditLog} c where c.id = ${params.cursor})`);
  }
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(params.limit + 1);
  const items = rows.slice(0, params.limit);
  const nextCursor = rows.length > params.limit ? (items.at(-1)?.id ?? null) : null;
  return { items, nextCursor };
}

/** The distinct actions recorded so far, for the filter dropdown. */
export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action));
  return rows.map((r) => r.action);
}
