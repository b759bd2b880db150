import { Queue, type ConnectionOptions, type DefaultJobOptions } from "bullmq";
import { z } from "zod";
import { createRedisConnection, type QueueSettings } from "./queues";

/**
 * EDI deliveries (docs/architecture.md "EDI documents"): one job per outbound interchange
 * already stored in `edi_interchanges` (status queued), sent by the partner's transport.
 * jobId = interchange id, so enqueuing the same document twice sends it once.
 */
export const EDI_DELIVERIES_QUEUE = "edi-deliveries";

export const ediDeliveryJobSchema = z.object({ interchangeId: z.string().uuid() });
export type EdiDeliveryJob = z.infer<typeof ediDeliveryJobSchema>;

export const ediDeliveryJobOptions: DefaultJobOptions = {
  // A partner's AS2 endpoint or SFTP server being down for a while is normal: retry for
  // about a day (1 min doubling, capped by BullMQ's exponential backoff over 12 attempts ≈ 34 h
  // in total). The stored interchange keeps the bytes; a failed job leaves it `failed`, resendable.
  attempts: 12,
  backoff: { type: "exponential", delay: 60_000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function createEdiDeliveriesQueue(settings: QueueSettings, connection?: ConnectionOptions): Queue<EdiDeliveryJob> {
  return new Queue<EdiDeliveryJob>(EDI_DELIVERIES_QUEUE, {
    connection: connection ?? createRedisConnection(settings.redisUrl),
    prefix: settings.prefix,
    defaultJobOptions: ediDeliveryJobOptions,
  });
}

export async function enqueueEdiDelivery(queue: Queue<EdiDeliveryJob>, job: EdiDeliveryJob): Promise<void> {
  const payload = ediDeliveryJobSchema.parse(job);
  await queue.add("deliver", payload, { jobId: payload.interchangeId });
}

/**
 * Sends a failed interchange again (after `resendOutboundInterchange` put it back to queued): its
 * failed job is retried with a fresh attempt count, or added anew when BullMQ has already removed it.
 * A job still waiting or running is left alone: it will send the queued interchange.
 */
export async function resendEdiDelivery(queue: Queue<EdiDeliveryJob>, job: EdiDeliveryJob): Promise<void> {
  const payload = ediDeliveryJobSchema.parse(job);
  const existing = await queue.getJob(payload.interchangeId);
  if (existing && (await existing.isFailed())) return existing.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
  if (existing && (await existing.isCompleted())) await existing.remove();
  await enqueueEdiDelivery(queue, payload);
}
