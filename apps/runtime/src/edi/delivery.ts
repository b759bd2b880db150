import { getOutboundDelivery, KeyRingError, recordDeliveryAttempt, type Db, type KeyRing, type PartnerTransport, type SecretEnvelope, type TransportSecretField } from "@ipaas/db";
import { StepError } from "@ipaas/flow";
import { createRedisConnection, EDI_DELIVERIES_QUEUE, ediDeliveryJobSchema, type EdiDeliveryJob } from "@ipaas/jobs";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Logger } from "../logger";
import type { EdiTransports } from "./transports";

export interface DeliveryDeps {
  db: Db;
  /** Opens the partner's sealed transport credentials for the send. */
  keyRing: KeyRing | null;
  transports: EdiTransports;
  logger: Pick<Logger, "info" | "warn">;
  now?: () => Date;
}

/** A problem no retry can fix (no transport, credentials that do not open): the interchange fails at once. */
class DeliveryRefused extends UnrecoverableError {}

function openSecrets(keyRing: KeyRing | null, sealed: unknown): Partial<Record<TransportSecretField, string>> {
  const envelopes = (sealed ?? {}) as Record<string, SecretEnvelope>;
  if (Object.keys(envelopes).length === 0) return {};
  if (!keyRing) throw new DeliveryRefused("IPAAS_ENCRYPTION_KEY is not set: the partner's transport credentials cannot be opened");
  try {
    return keyRing.decryptAll(envelopes);
  } catch (err) {
    throw new DeliveryRefused(err instanceof KeyRingError ? err.message : "the partner's transport credentials cannot be opened");
  }
}

/**
 * Sends one stored outbound interchange (docs/architecture.md "EDI documents"): loads it with
 * its partner, opens the credentials, hands the bytes to the partner's transport and records the
 * attempt. A failure is thrown back to BullMQ, which retries with the queue's backoff
 * (ediDeliveryJobOptions); the last attempt, or a refusal no retry can fix, leaves the
 * interchange `failed`, to be resent by hand. Only a `queued` interchange is sent, so a
 * redelivered job after a success sends nothing.
 */
export function createDeliveryProcessor(deps: DeliveryDeps) {
  return async function deliver(job: Job<EdiDeliveryJob>): Promise<string> {
    const parsed = ediDeliveryJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Invalid EDI delivery job: ${parsed.error.message}`);
    const found = await getOutboundDelivery(deps.db, parsed.data.interchangeId);
    if (!found) return "skipped: no such outbound interchange";
    const { interchange, partner } = found;
    if (interchange.status !== "queued") return `skipped: ${interchange.status}`;
    const now = () => deps.now?.() ?? new Date();
    try {
      const transport = partner.transport as PartnerTransport | null;
      if (!transport) throw new DeliveryRefused(`Trading partner "${partner.name}" has no transport`);
      const result = await deps.transports[transport.kind]({
        partner: { id: partner.id, name: partner.name },
        transport,
        secrets: openSecrets(deps.keyRing, partner.secrets),
        body: interchange.raw,
        fileName: `${partner.theirIsaId.trim()}-${interchange.controlNumber ?? interchange.id}.x12`,
      });
      await recordDeliveryAttempt(deps.db, { interchangeId: interchange.id, outcome: { ok: true, transportRef: result.transportRef, mdn: result.mdn }, at: now() });
      deps.logger.info({ interchangeId: interchange.id, partner: partner.name, transport: transport.kind }, "EDI interchange sent");
      return "sent";
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      // A transport's non-retryable StepError (the outbound policy refusing the host, a negative MDN) fails at once too.
      const refused = err instanceof UnrecoverableError || (err instanceof StepError && err.errorClass === "non_retryable");
      const final = refused || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await recordDeliveryAttempt(deps.db, { interchangeId: interchange.id, outcome: { ok: false, error, final }, at: now() });
      deps.logger.warn({ interchangeId: interchange.id, partner: partner.name, attempt: job.attemptsMade + 1, final, err: error }, final ? "EDI delivery failed" : "EDI delivery failed; retrying");
      throw refused && !(err instanceof UnrecoverableError) ? new UnrecoverableError(error) : err;
    }
  };
}

export function createDeliveryWorker(deps: DeliveryDeps & { redisUrl: string; prefix: string; concurrency?: number; logger: Logger }): Worker<EdiDeliveryJob, string> {
  const worker = new Worker<EdiDeliveryJob, string>(EDI_DELIVERIES_QUEUE, createDeliveryProcessor(deps), {
    connection: createRedisConnection(deps.redisUrl),
    prefix: deps.prefix,
    concurrency: deps.concurrency ?? 4,
  });
  // A Redis hiccup must not crash the process; BullMQ reconnects.
  worker.on("error", (err) => deps.logger.error({ err: err.message }, "EDI delivery worker error"));
  return worker;
}
