import {
  BadRequestError,
  createExpectations,
  finishInboundInterchange,
  findTradingPartnerBySender,
  getTradingPartnerRow,
  insertEdiTransactions,
  insertInboundInterchange,
  NotFoundError,
  recordInboundInterchange,
  setInboundTransactionRoute,
  wasInterchangeRead,
  type NewEdiTransaction,
  type TradingPartnerRow,
} from "@ipaas/db";
import { formatIssue, makeIssue, parseX12, validateX12, X12ParseError, type Interchange, type InterchangeResult, type ParsedFile, type SetResult, type X12Issue } from "@ipaas/x12";
import { acknowledge, type AckDeps } from "./acknowledge";
import { referenceOf } from "./documents";
import { expectationsFor } from "./expectations";
import { routeSet, type RouteDeps } from "./route";
import { applyTheirAck } from "./their-ack";

export type EdiDeps = AckDeps & RouteDeps & { now?: () => Date };

export interface ReceiveInput {
  /** Where to look the sender up when the transport does not name the partner. */
  environment?: string;
  /** The partner the transport knows (AS2 relationship, SFTP folder, designer upload). */
  partnerId?: string;
  raw: Buffer;
  transport: "as2" | "sftp" | "upload";
  /** AS2 Message-ID or SFTP file name. */
  transportRef?: string | null;
}

export interface ReceivedSet {
  transactionId: string;
  set: string;
  controlNumber: string;
  /** accepted | accepted_with_errors | rejected | routed | unrouted */
  status: string;
  runIds: string[];
}

export interface ReceiveResult {
  interchangeId: string;
  partnerId: string;
  /** accepted | accepted_with_errors | rejected | duplicate | unparseable */
  status: string;
  issues: X12Issue[];
  /** Our 997/TA1 reply, stored and queued for delivery; null when none is sent. */
  ackInterchangeId: string | null;
  sets: ReceivedSet[];
}

const SET_STATUS = { A: "accepted", E: "accepted_with_errors", R: "rejected" } as const;

/**
 * One received EDI file, whatever its transport (docs/architecture.md "EDI documents"): the raw
 * bytes are stored first; then it is parsed, its partner found (by the ISA sender, or the
 * transport's partner), validated with the partner's duplicate check, recorded per transaction
 * set, acknowledged (997 per group, TA1 when asked or the envelope is bad), and each set routed
 * to the flows subscribed to (partner, set) — a rejected one as a dead letter with the raw text.
 * Their 997s update the sets we sent instead of being routed.
 *
 * Throws NotFoundError only when no partner can be named (no transport partner, unknown sender):
 * then there is nowhere to store the file, and the transport refuses it.
 */
export async function receiveInterchange(deps: EdiDeps, input: ReceiveInput): Promise<ReceiveResult> {
  const now = deps.now?.() ?? new Date();
  // Postgres text and jsonb cannot hold NUL: the text we parse, report and dead-letter has none (the stored bytes keep it).
  const text = input.raw.toString("utf8").replaceAll("\u0000", "\uFFFD");
  const transportPartner = input.partnerId ? await getTradingPartnerRow(deps.db, input.partnerId) : null;
  const environment = transportPartner?.environment ?? input.environment;
  if (!environment) throw new BadRequestError("An EDI file needs its partner or the environment to find the partner in");

  let parsed: ParsedFile | null = null;
  let parseError = "";
  try {
    parsed = parseX12(text);
  } catch (err) {
    if (!(err instanceof X12ParseError)) throw err;
    parseError = err.message;
  }
  const first = parsed?.interchanges[0];
  const partner = transportPartner ?? (first ? await findTradingPartnerBySender(deps.db, { environment, qualifier: first.isa.senderQualifier, isaId: first.isa.senderId }) : null);
  if (!partner) {
    const who = first ? `${first.isa.senderQualifier}:${first.isa.senderId.trim()}` : "an unreadable sender";
    throw new NotFoundError(`No trading partner in ${environment} sends as ${who}; the file was not stored`);
  }

  // Stored before anything is decided about it: the original bytes, always.
  const stored = await insertInboundInterchange(deps.db, { partnerId: partner.id, environment: partner.environment, transport: input.transport, transportRef: input.transportRef ?? null, raw: input.raw });
  const result = (status: string, issues: X12Issue[], rest: Partial<ReceiveResult> = {}): ReceiveResult => ({ interchangeId: stored.id, partnerId: partner.id, status, issues, ackInterchangeId: null, sets: [], ...rest });

  if (!parsed || parsed.interchanges.length === 0) {
    const issues = [makeIssue("TA1", "024", { segmentId: "ISA" }, "an X12 interchange", text.slice(0, 20), parseError || "no interchange in the file")];
    await finishInboundInterchange(deps.db, { id: stored.id, status: "unparseable", controlNumber: null, issues });
    return result("unparseable", issues);
  }
  const controlNumber = parsed.interchanges[0]!.isa.controlNumber;
  const stranger = parsed.interchanges.find((ic) => !sentBy(partner, ic));
  if (stranger) {
    const h = stranger.isa;
    const issues = [makeIssue("TA1", "006", { segment: stranger.header, elementPosition: 6 }, `${partner.theirIsaQualifier}:${partner.theirIsaId}`, `${h.senderQualifier}:${h.senderId.trim()}`, `the interchange's sender is not trading partner "${partner.name}"`)];
    await finishInboundInterchange(deps.db, { id: stored.id, status: "rejected", controlNumber, issues });
    return result("rejected", issues);
  }

  // The duplicate check needs the partner's history; the validator asks synchronously, so record first.
  const duplicates = new Set<string>();
  for (const ic of parsed.interchanges) {
    const { duplicate } = await recordInboundInterchange(deps.db, { partnerId: partner.id, controlNumber: ic.isa.controlNumber });
    if (duplicate && (await wasInterchangeRead(deps.db, { partnerId: partner.id, controlNumber: ic.isa.controlNumber, excludeId: stored.id }))) duplicates.add(ic.isa.controlNumber);
  }
  const validation = validateX12(parsed, { isDuplicateInterchange: (isa) => duplicates.has(isa.controlNumber) });

  const sets: ReceivedSet[] = [];
  let ackInterchangeId: string | null = null;
  for (const r of validation.interchanges) {
    ackInterchangeId = (await acknowledge(deps, partner, stored.id, r, now)) ?? ackInterchangeId;
    // A file already read: answered (TA1 025 when acknowledgements are on), nothing recorded or run again.
    if (duplicates.has(r.interchange.isa.controlNumber)) continue;
    sets.push(...(await recordAndRoute(deps, { partner, interchangeId: stored.id, transport: input.transport, raw: text, result: r, now })));
  }

  const status = overallStatus(validation.interchanges, sets, duplicates.size > 0);
  await finishInboundInterchange(deps.db, { id: stored.id, status, controlNumber, issues: validation.issues });
  return result(status, validation.issues, { ackInterchangeId, sets });
}

const sentBy = (partner: TradingPartnerRow, ic: Interchange) =>
  ic.isa.senderQualifier.trim() === partner.theirIsaQualifier && ic.isa.senderId.trim() === partner.theirIsaId.trim();

function overallStatus(results: InterchangeResult[], sets: ReceivedSet[], duplicate: boolean): string {
  if (duplicate && sets.length === 0) return "duplicate";
  if (results.some((r) => r.note !== "000") || (sets.length > 0 && sets.every((s) => s.status === "rejected"))) return "rejected";
  return sets.some((s) => s.status === "rejected" || s.status === "accepted_with_errors") ? "accepted_with_errors" : "accepted";
}

/** The issues a rejected set's dead letter shows: the envelope's, its group's and its own. */
const issueLines = (...lists: X12Issue[][]) => lists.flat().map(formatIssue);

async function recordAndRoute(
  deps: EdiDeps,
  ctx: { partner: TradingPartnerRow; interchangeId: string; transport: string; raw: string; result: InterchangeResult; now: Date },
): Promise<ReceivedSet[]> {
  const { partner, result: r } = ctx;
  const envelopeOk = r.note === "000";
  const items = r.groups.flatMap((g) => g.sets.map((s) => ({ g, s })));
  const statusOf = (s: SetResult) => (envelopeOk ? SET_STATUS[s.status] : "rejected");
  const rows: NewEdiTransaction[] = items.map(({ g, s }) => ({
    interchangeId: ctx.interchangeId,
    partnerId: partner.id,
    environment: partner.environment,
    direction: "inbound",
    setId: s.set.id,
    functionalId: g.group.functionalId,
    groupControlNumber: g.group.controlNumber,
    controlNumber: s.set.controlNumber,
    reference: referenceOf(s.set),
    status: statusOf(s),
    // Ours, as the 997 says it (their 997s themselves are not acknowledged).
    ackStatus: partner.acknowledgements.send997 && g.group.functionalId !== "FA" ? statusOf(s) : "none",
    ackErrors: envelopeOk ? [...g.issues, ...s.issues] : [...r.issues, ...g.issues, ...s.issues],
  }));
  const ids = await insertEdiTransactions(deps.db, rows);

  const out: ReceivedSet[] = [];
  for (const [i, { g, s }] of items.entries()) {
    const id = ids[i]!;
    let status: string = statusOf(s);
    let runIds: string[] = [];
    if (status !== "rejected" && g.group.functionalId === "FA" && s.set.id === "997") {
      await applyTheirAck(deps.db, { partnerId: partner.id, set: s.set, ackTransactionId: id, at: ctx.now });
    } else {
      const rejected = status === "rejected" ? issueLines(r.issues, g.issues, s.issues) : null;
      runIds = await routeSet(deps, { partner, interchangeId: ctx.interchangeId, transport: ctx.transport, interchange: r.interchange, group: g.group, set: s.set, raw: ctx.raw, rejected });
      if (!rejected) {
        status = runIds.length > 0 ? "routed" : "unrouted";
        await createExpectations(deps.db, expectationsFor(partner, s.set, id, ctx.now));
      }
      await setInboundTransactionRoute(deps.db, { id, status, runId: runIds[0] ?? null });
    }
    out.push({ transactionId: id, set: s.set.id, controlNumber: s.set.controlNumber, status, runIds });
  }
  return out;
}
