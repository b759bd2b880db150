import { NotFoundError, schema, type Db } from "@ipaas/db";
import { deadLetterOperation, deadLetterWhere, type DeadLetterFilter } from "@ipaas/jobs";
import { and, asc, count, desc, eq, inArray, isNull, max, min, sql } from "drizzle-orm";
import { connectorCatalog } from "./palette";

const { deadLetters, deadLetterComments, flows, runs, users, auditLog } = schema;

/**
 * The workbench's filter as the UI states it. `search` is a business key as a
 * person types it; `assignee` is "me", "unassigned" or a user id.
 */
export interface WorkbenchFilter {
  flowId?: string;
  nodeId?: string;
  errorClass?: string;
  errorCode?: string;
  search?: string;
  assignee?: string;
  from?: Date;
  to?: Date;
}

/** "1001", "#1001" and " #1001 " all mean the order whose key is "#1001" or "1001". */
export function businessKeyVariants(search: string): string[] {
  const bare = search.trim().replace(/^#/, "");
  return bare ? [bare, `#${bare}`] : [];
}

/**
 * The filter in terms the bulk functions of @ipaas/jobs take, so the groups, the
 * list, the count in a confirmation and the bulk action all match the same rows.
 */
export function toDeadLetterFilter(filter: WorkbenchFilter, me: string): DeadLetterFilter {
  const keys = filter.search ? businessKeyVariants(filter.search) : [];
  const assigneeId = filter.assignee === "me" ? me : filter.assignee === "unassigned" ? null : filter.assignee;
  return {
    ...(filter.flowId ? { flowId: filter.flowId } : {}),
    ...(filter.nodeId ? { nodeId: filter.nodeId } : {}),
    ...(filter.errorClass ? { errorClass: filter.errorClass } : {}),
    ...(filter.errorCode !== undefined ? { errorCode: filter.errorCode } : {}),
    ...(filter.search ? { businessKey: keys } : {}),
    ...(assigneeId !== undefined ? { assigneeId } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
  };
}

const MAX_GROUPS = 200;

/** The target's error code ("INVALID_KEY_OR_REF"): what ops recognise a pile by; "" when the error has none. */
const errorCode = sql<string>`coalesce(${deadLetters.error}->>'code', '')`;

/** Open letters by flow + node + error class + code, biggest pile first, and the error classes there are (for the filter). */
export async function listDeadLetterGroups(db: Db, filter: WorkbenchFilter, me: string) {
  const newestFirst = sql`order by ${deadLetters.createdAt} desc`;
  const groups = await db
    .select({
      flowId: deadLetters.flowId,
      flowName: flows.name,
      nodeId: deadLetters.nodeId,
      nodeName: max(deadLetters.nodeName),
      errorClass: deadLetters.errorClass,
      count: count(),
      // The newest letter's error stands for the group ("what is failing right now").
      sampleMessage: sql<string>`(array_agg(${deadLetters.errorMessage} ${newestFirst}))[1]`,
      errorCode,
      oldest: min(deadLetters.createdAt),
      newest: max(deadLetters.createdAt),
    })
    .from(deadLetters)
    .innerJoin(flows, eq(flows.id, deadLetters.flowId))
    .where(deadLetterWhere(toDeadLetterFilter(filter, me)))
    .groupBy(deadLetters.flowId, flows.name, deadLetters.nodeId, deadLetters.errorClass, errorCode)
    .orderBy(desc(count()), desc(max(deadLetters.createdAt)))
    .limit(MAX_GROUPS);
  const classes = await db.selectDistinct({ errorClass: deadLetters.errorClass }).from(deadLetters).where(eq(deadLetters.status, "open")).orderBy(asc(deadLetters.errorClass));
  return {
    groups: groups.map((g) => ({ ...g, nodeName: g.nodeName || g.nodeId, oldest: g.oldest ?? new Date(0), newest: g.newest ?? new Date(0) })),
    errorClasses: classes.map((c) => c.errorClass),
  };
}

/**
 * Newest first, keyset-paginated. The cursor is the last letter's id and the
 * comparison reads that row's stored timestamp, so microsecond timestamps (which
 * a JS Date would round) neither repeat nor skip letters between pages.
 */
export async function listDeadLetters(db: Db, params: { filter: WorkbenchFilter; limit: number; cursor?: string | null }, me: string) {
  const where = [deadLetterWhere(toDeadLetterFilter(params.filter, me))];
  if (params.cursor) where.push(sql`(${deadLetters.createdAt}, ${deadLetters.id}) < (select c.created_at, c.id from ${deadLetters} c where c.id = ${params.cursor})`);
  const rows = await db
    .select({
      id: deadLetters.id,
      runId: deadLetters.runId,
      flowId: deadLetters.flowId,
      nodeId: deadLetters.nodeId,
      nodeName: deadLetters.nodeName,
      lineage: deadLetters.lineage,
      businessKey: deadLetters.businessKey,
      errorClass: deadLetters.errorClass,
      errorCode: sql<string | null>`${deadLetters.error}->>'code'`,
      errorMessage: deadLetters.errorMessage,
      attempts: deadLetters.attempts,
      createdAt: deadLetters.createdAt,
      assigneeId: deadLetters.assigneeId,
      assigneeEmail: users.email,
    })
    .from(deadLetters)
    .leftJoin(users, eq(users.id, deadLetters.assigneeId))
    .where(and(...where))
    .orderBy(desc(deadLetters.createdAt), desc(deadLetters.id))
    .limit(params.limit + 1);
  const items = rows.slice(0, params.limit);
  return { items, nextCursor: rows.length > params.limit ? (items.at(-1)?.id ?? null) : null };
}

/** The target's HTTP status and response body, wherever the connector put them. */
function targetResponse(error: unknown): { status: number | null; body: unknown } {
  const details = error && typeof error === "object" && "details" in error ? (error.details as Record<string, unknown> | null) : null;
  const status = details?.status;
  return { status: typeof status === "number" ? status : null, body: details && "body" in details ? details.body : null };
}

/** Static per process: the registry does not change while the designer runs. */
let catalog: ReturnType<typeof connectorCatalog> | undefined;

/** The failed step's operation and the JSON Schema of its input (for the editor), or null when the kept input is not an operation input. */
async function operationOf(db: Db, letter: typeof deadLetters.$inferSelect) {
  const op = await deadLetterOperation(db, letter);
  if (!op) return null;
  catalog ??= connectorCatalog();
  const connector = catalog.find((c) => c.id === op.connectorId);
  const action = connector?.actions.find((a) => a.key === op.operation);
  if (!connector || !action) return null;
  return { connectorId: op.connectorId, connectorName: connector.name, operation: op.operation, operationName: action.name, inputSchema: action.inputSchema };
}

const RUN_LETTERS_LIMIT = 200;
const HISTORY_LIMIT = 200;

/** Everything the detail panel shows about one letter. */
export async function getDeadLetter(db: Db, id: string) {
  const [row] = await db
    .select({ letter: deadLetters, flowName: flows.name, runStatus: runs.status, assigneeEmail: users.email })
    .from(deadLetters)
    .innerJoin(flows, eq(flows.id, deadLetters.flowId))
    .innerJoin(runs, eq(runs.id, deadLetters.runId))
    .leftJoin(users, eq(users.id, deadLetters.assigneeId))
    .where(eq(deadLetters.id, id))
    .limit(1);
  if (!row) throw new NotFoundError(`Dead letter ${id} does not exist`);
  const { letter } = row;
  const [comments, history, runLetters, operation] = await Promise.all([
    db
      .select({ id: deadLetterComments.id, authorEmail: deadLetterComments.authorEmail, body: deadLetterComments.body, createdAt: deadLetterComments.createdAt })
      .from(deadLetterComments)
      .where(eq(deadLetterComments.deadLetterId, id))
      .orderBy(asc(deadLetterComments.createdAt)),
    db
      .select({ id: auditLog.id, action: auditLog.action, actorEmail: auditLog.actorEmail, summary: auditLog.summary, createdAt: auditLog.createdAt })
      .from(auditLog)
      .where(and(eq(auditLog.targetType, "dead_letter"), eq(auditLog.targetId, id)))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id))
      .limit(HISTORY_LIMIT),
    db
      .select({
        id: deadLetters.id,
        nodeId: deadLetters.nodeId,
        nodeName: deadLetters.nodeName,
        lineage: deadLetters.lineage,
        status: deadLetters.status,
        errorMessage: deadLetters.errorMessage,
        resolution: deadLetters.resolution,
        createdAt: deadLetters.createdAt,
      })
      .from(deadLetters)
      .where(eq(deadLetters.runId, letter.runId))
      .orderBy(asc(deadLetters.createdAt), asc(deadLetters.id))
      .limit(RUN_LETTERS_LIMIT),
    operationOf(db, letter),
  ]);
  const { status: targetStatus, body: responseBody } = targetResponse(letter.error);
  return {
    id: letter.id,
    status: letter.status,
    flowId: letter.flowId,
    flowName: row.flowName,
    nodeId: letter.nodeId,
    nodeName: letter.nodeName || letter.nodeId,
    lineage: letter.lineage,
    runId: letter.runId,
    runStatus: row.runStatus,
    correlationId: letter.correlationId,
    businessKey: letter.businessKey,
    errorClass: letter.errorClass,
    errorMessage: letter.errorMessage,
    error: letter.error,
    targetStatus,
    responseBody,
    input: letter.input,
    inputResolved: letter.inputResolved,
    attempts: letter.attempts,
    assigneeId: letter.assigneeId,
    assigneeEmail: row.assigneeEmail,
    resolution: letter.resolution,
    createdAt: letter.createdAt,
    resolvedAt: letter.resolvedAt,
    operation: operation && { connectorId: operation.connectorId, connectorName: operation.connectorName, operation: operation.operation, operationName: operation.operationName },
    inputSchema: operation?.inputSchema ?? null,
    comments,
    history,
    // Every failure of this same step of this run (a resubmission that fails again
    // leaves a new letter): "this is the 2nd time", with links old ↔ new.
    attemptChain: runLetters.filter((l) => l.nodeId === letter.nodeId && l.lineage === letter.lineage),
    // Open letters of the run elsewhere: where a retried run got stuck next.
    openInRun: runLetters.filter((l) => l.status === "open" && l.id !== letter.id && !(l.nodeId === letter.nodeId && l.lineage === letter.lineage)),
  };
}

/** Who a letter can be given to: enabled users whose role may act on it. */
export async function listAssignees(db: Db) {
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(inArray(users.role, ["admin", "operator"]), isNull(users.disabledAt)))
    .orderBy(asc(users.email));
}
