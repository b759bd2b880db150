import { getDeadLetterRecord, type Db, type DeadLetterRow } from "@ipaas/db";
import { deadLetterOperation } from "@ipaas/jobs";
import { connectorCatalog } from "./palette";

/** The target's HTTP status and response body, wherever the connector put them. */
function targetResponse(error: unknown): { status: number | null; body: unknown } {
  const details = error && typeof error === "object" && "details" in error ? (error.details as Record<string, unknown> | null) : null;
  const status = details?.status;
  return { status: typeof status === "number" ? status : null, body: details && "body" in details ? details.body : null };
}

/** Static per process: the registry does not change while the designer runs. */
let catalog: ReturnType<typeof connectorCatalog> | undefined;

/** The failed step's operation and the JSON Schema of its input (for the editor), or null when the kept input is not an operation input. */
async function operationOf(db: Db, letter: DeadLetterRow) {
  const op = await deadLetterOperation(db, letter);
  if (!op) return null;
  catalog ??= connectorCatalog();
  const connector = catalog.find((c) => c.id === op.connectorId);
  const action = connector?.actions.find((a) => a.key === op.operation);
  if (!connector || !action) return null;
  return { connectorId: op.connectorId, connectorName: connector.name, operation: op.operation, operationName: action.name, inputSchema: action.inputSchema };
}

/** Everything the detail panel shows about one letter. */
export async function getDeadLetter(db: Db, id: string) {
  const row = await getDeadLetterRecord(db, id);
  const { letter, comments, history, runLetters } = row;
  const operation = await operationOf(db, letter);
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
