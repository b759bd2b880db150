import { getTradingPartnerRow, markCorrectedTransaction, type Db } from "@ipaas/db";
import { StepError, type RejectedEdiDocument, type RunInfo } from "@ipaas/flow";
import { formatIssue, parseX12, validateX12, X12ParseError } from "@ipaas/x12";
import { triggerPayload, type EdiTriggerPayload } from "./documents";

const rejected = (doc: RejectedEdiDocument, issues: string[]) =>
  new StepError(`EDI ${doc.set} ${doc.controlNumber} from partner ${doc.partnerId} is not valid: ${issues.join("; ")}`, "non_retryable", "EDI_REJECTED", { issues });

/**
 * `EngineServices.readEdi` (docs/architecture.md "EDI documents"): a rejected set's dead letter,
 * resubmitted — usually after an operator corrected `raw` — is parsed and validated again. Still
 * invalid: EDI_REJECTED with the issues, so it dead-letters again keeping the text. Valid: the set's
 * transaction row becomes `routed` and the run goes on with the payload an accepted set gets.
 * The partner's duplicate check is not applied: this file was received before, on purpose.
 */
export async function readRejectedEdi(db: Db, doc: RejectedEdiDocument, run: RunInfo): Promise<EdiTriggerPayload> {
  let parsed;
  try {
    parsed = parseX12(doc.raw);
  } catch (err) {
    if (err instanceof X12ParseError) throw rejected(doc, [err.message]);
    throw err;
  }
  const validation = validateX12(parsed);
  const candidates = validation.interchanges.flatMap((r) => r.groups.flatMap((g) => g.sets.filter((s) => s.set.id === doc.set).map((s) => ({ r, g, s }))));
  // The set this letter is about; if the correction renumbered it, the file's only set of that id.
  const found = candidates.find((c) => c.s.set.controlNumber === doc.controlNumber) ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!found) throw rejected(doc, [`the text holds no ${doc.set} with control number ${doc.controlNumber}`]);
  const { r, g, s } = found;
  if (r.note !== "000" || s.status === "R") throw rejected(doc, [...r.issues, ...g.issues, ...s.issues].map(formatIssue));
  const partner = await getTradingPartnerRow(db, doc.partnerId);
  await markCorrectedTransaction(db, { runId: run.runId, status: "routed" });
  return triggerPayload(partner, doc.interchangeId, r.interchange, g.group, s.set);
}
