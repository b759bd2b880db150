import { OutboundPolicy, registry } from "@ipaas/connectors";
import { createDb, KeyRing, ProgressWriter, runMigrations, verifyKeyRing } from "@ipaas/db";
import { loadFlowVariables, loadRuntimeEnv } from "@ipaas/env";
import { ConnectionResolver } from "@ipaas/execution";
import { createEdiDeliveriesQueue, createRedisConnection, createRunsQueue } from "@ipaas/jobs";
import { createInternalServer } from "./http/internal";
import { createServer } from "./http/server";
import { createLogger } from "./logger";
import { createMetrics } from "./metrics";
import { CircuitBreaker } from "./limits/circuit-breaker";
import { FlowConcurrency } from "./limits/flow-concurrency";
import { RateLimiter } from "./limits/rate-limiter";
import { RunEvents } from "./run-events";
import { LookupCache } from "./worker/lookup-cache";
import { createRunWorker } from "./worker/run-worker";
import { pollOnce } from "./triggers/polls";
import { createScheduleWorker, createTriggersQueue, startScheduleSync } from "./triggers/schedules";
import { startSweeper } from "./worker/sweeper";
import { createShutdown } from "./shutdown";
import { startMaintenance, type MaintenanceTask } from "./maintenance";
import { alertsTask } from "./maintenance/alerts";
import { queueSamplesTask } from "./maintenance/samples";
import { retentionTask } from "./maintenance/retention";
import { healthTask } from "./health/monitor";
import { sftpPollTask } from "./edi/sftp-poller";
import { createDeliveryWorker } from "./edi/delivery";
import { createEdiSender } from "./edi/send";
import { partnerTransports } from "./edi/transports";
import { ediComplianceTask } from "./maintenance/edi-compliance";

/** Runtime process: HTTP ingress + BullMQ workers. Stateless; run as many as you like. */
async function main() {
  const env = loadRuntimeEnv();
  const logger = createLogger(env.LOG_LEVEL);
  // One policy per process, built first: a malformed IPAAS_OUTBOUND_ALLOW entry stops start-up here, naming the entry.
  const outbound = new OutboundPolicy({ allow: env.IPAAS_OUTBOUND_ALLOW });
  if (env.RUNTIME_MIGRATE) await runMigrations(env.DATABASE_URL);

  const { db, close: closeDb } = createDb(env.DATABASE_URL, { max: Math.min(20, env.RUNTIME_CONCURRENCY + 5) });
  // Fail fast on a wrong or missing master key, before any run tries to open a secret.
  const keyRing = env.IPAAS_ENCRYPTION_KEY ? new KeyRing(env.IPAAS_ENCRYPTION_KEY) : null;
  await verifyKeyRing(db, keyRing);
  const metrics = createMetrics();
  const redis = createRedisConnection(env.REDIS_URL);
  const queue = createRunsQueue({ redisUrl: env.REDIS_URL, prefix: env.IPAAS_QUEUE_PREFIX }, redis);
  const rate = new RateLimiter(redis, env.IPAAS_QUEUE_PREFIX);
  const circuit = new CircuitBreaker(redis, env.IPAAS_QUEUE_PREFIX);
  const events = new RunEvents(redis, createRedisConnection(env.REDIS_URL), RunEvents.channelFor(env.IPAAS_QUEUE_PREFIX));
  const connections = new ConnectionResolver(db, keyRing, registry, outbound);
  // Cross-reference answers cached per process, dropped on every committed change (LISTEN/NOTIFY).
  const lookups = new LookupCache(db);
  const lookupListener = lookups.listen(env.DATABASE_URL);
  // Outbound EDI: "Send X12" steps and our automatic 997s store and enqueue, the delivery worker sends (docs/architecture.md "EDI documents: outbound").
  const ediDeliveries = createEdiDeliveriesQueue({ redisUrl: env.REDIS_URL, prefix: env.IPAAS_QUEUE_PREFIX }, redis);
  const deliveryWorker = createDeliveryWorker({
    db,
    keyRing,
    transports: partnerTransports(outbound, env.RUNTIME_PUBLIC_URL ? { asyncMdnUrl: `${env.RUNTIME_PUBLIC_URL.replace(/\/+$/, "")}/as2` } : {}),
    redisUrl: env.REDIS_URL,
    prefix: env.IPAAS_QUEUE_PREFIX,
    logger,
  });
  const worker = createRunWorker({
    db,
    progress: new ProgressWriter(db),
    queue,
    registry,
    connections,
    lookups,
    sendX12: createEdiSender({ db, deliveries: ediDeliveries }),
    limits: { circuit, rate, flows: new FlowConcurrency(redis, env.IPAAS_QUEUE_PREFIX) },
    events,
    redisUrl: env.REDIS_URL,
    prefix: env.IPAAS_QUEUE_PREFIX,
    concurrency: env.RUNTIME_CONCURRENCY,
    workerOptions: {
      ...(env.RUNTIME_LOCK_DURATION_MS ? { lockDuration: env.RUNTIME_LOCK_DURATION_MS } : {}),
      ...(env.RUNTIME_STALLED_INTERVAL_MS ? { stalledInterval: env.RUNTIME_STALLED_INTERVAL_MS } : {}),
    },
    logger,
    metrics,
    env: loadFlowVariables(),
    runLimits: { maxForeachItems: env.RUNTIME_MAX_FOREACH_ITEMS, maxStateBytes: env.RUNTIME_MAX_RUN_STATE_BYTES },
  });
  const stopSweeper = startSweeper({ db, queue, logger });
  const triggers = createTriggersQueue(env.REDIS_URL, env.IPAAS_QUEUE_PREFIX);
  const scheduleWorker = createScheduleWorker({
    db,
    runs: queue,
    redisUrl: env.REDIS_URL,
    prefix: env.IPAAS_QUEUE_PREFIX,
    logger,
    poll: (flowId) => pollOnce({ db, runs: queue, registry, connections, logger, circuit }, flowId),
  });
  const stopScheduleSync = startScheduleSync(db, triggers, logger);
  // Housekeeping tasks (alerts, gauge samples, retention); see maintenance/index.ts.
  const tasks: MaintenanceTask[] = [
    // maintenance tasks (issue 8)
    alertsTask({ db, queue, keyRing, logger, outbound }),
    queueSamplesTask({ db, queue }),
    retentionTask({ db, logger }),
    ediComplianceTask({ db, deliveries: ediDeliveries, logger }),
    healthTask(
      {
        db,
        registry,
        connections,
        circuit,
        queue,
        logger,
        settings: { retestMs: env.RUNTIME_HEALTH_RETEST_MS, healthyMs: env.RUNTIME_HEALTH_HEALTHY_MS, offlineAfter: env.RUNTIME_HEALTH_OFFLINE_AFTER },
      },
      env.RUNTIME_HEALTH_TICK_MS,
    ),
    // Inbound EDI from partners' SFTP folders (docs/architecture.md "EDI documents").
    sftpPollTask({ db, runs: queue, deliveries: ediDeliveries, keyRing, policy: outbound, redis, prefix: env.IPAAS_QUEUE_PREFIX, logger }),
  ];
  const maintenance = await startMaintenance({ redisUrl: env.REDIS_URL, prefix: env.IPAAS_QUEUE_PREFIX, logger, tasks });
  const server = await createServer({
    db, queue, redis, metrics, logger, registry, connections, events, rate, prefix: env.IPAAS_QUEUE_PREFIX, trustProxy: env.RUNTIME_TRUST_PROXY, bodyLimit: env.RUNTIME_BODY_LIMIT_BYTES,
    edi: { deliveries: ediDeliveries, keyRing },
  });
  const internal = await createInternalServer({ db, queue, redis, metrics, logger }, server, { token: env.RUNTIME_METRICS_TOKEN });
  await server.listen({ port: env.RUNTIME_PORT, host: env.RUNTIME_HOST });
  const internalAddress = await internal.listen({ port: env.RUNTIME_INTERNAL_PORT, host: env.RUNTIME_INTERNAL_HOST });
  logger.info({ port: env.RUNTIME_PORT, internal: internalAddress, concurrency: env.RUNTIME_CONCURRENCY }, "runtime ready");

  const shutdown = createShutdown({
    timeoutMs: env.RUNTIME_SHUTDOWN_TIMEOUT_MS,
    logger,
    async stopIntake() {
      stopSweeper();
      stopScheduleSync();
      await Promise.all([server.close(), internal.close()]);
    },
    drain: () => Promise.all([worker.close(), scheduleWorker.close(), deliveryWorker.close(), maintenance.close()]),
    abandon: () => Promise.all([worker.close(true), scheduleWorker.close(true), deliveryWorker.close(true), maintenance.close(true)]),
    async closeStores() {
      await Promise.all([triggers.close(), queue.close(), ediDeliveries.close()]);
      redis.disconnect();
      await lookupListener.close();
      await closeDb();
    },
  });
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  console.error(`runtime failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
