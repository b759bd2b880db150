import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { NotFoundError } from "../errors";
import { deadLetters, flowVersions, runs } from "../schema";
import type { DeadLetterRow } from "./dead-letters";

/**
 * What replaying a dead letter on another version starts from (docs/architecture.md
 * "Dead letters and bulk operations", replay on the latest version): the letter, its
 * run's payload and saved state, and the version the run ran.
 */
export interface ReplaySource {
  letter: DeadLetterRow;
  run: { id: string; flowId: string; correlationId: string; businessKey: string | null; state: unknown; triggerPayload: unknown };
  version: { id: string; version: number; definition: unknown };
}

export async function deadLetterReplaySource(db: Db, deadLetterId: string): Promise<ReplaySource> {
  const [row] = await db
    .select({
      letter: deadLetters,
      run: { id: runs.id, flowId: runs.flowId, correlationId: runs.correlationId, businessKey: runs.businessKey, state: runs.state, triggerPayload: runs.triggerPayload },
      version: { id: flowVersions.id, version: flowVersions.version, definition: flowVersions.definition },
    })
    .from(deadLetters)
    .innerJoin(runs, eq(runs.id, deadLetters.runId))
    .innerJoin(flowVersions, eq(flowVersions.id, runs.flowVersionId))
    .where(eq(deadLetters.id, deadLetterId))
    .limit(1);
  if (!row) throw new NotFoundError(`Dead letter ${deadLetterId} does not exist`);
  return row;
}
