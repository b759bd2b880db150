import client from "prom-client";

/** Prometheus metrics, one registry per process (tests create their own). */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    runsTotal: new client.Counter({
      name: "ipaas_runs_total",
      help: "Runs finished, by final status of the attempt (succeeded, failed = will retry, dead = dead-lettered)",
      labelNames: ["status"] as const,
      registers: [registry],
    }),
    stepDuration: new client.Histogram({
      name: "ipaas_step_duration_seconds",
      help: "Step execution time by node type, connector, operation and status",
      labelNames: ["node_type", "connector", "operation", "status"] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers: [registry],
    }),
    syncLag: new client.Histogram({
      name: "ipaas_sync_lag_seconds",
      help: "Time from the source event's arrival to the run's last effect, by flow",
      labelNames: ["flow_id"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 3600],
      registers: [registry],
    }),
    openDeadLetters: new client.Gauge({
      name: "ipaas_dead_letters_open",
      help: "Open dead letters by flow (read at scrape time)",
      labelNames: ["flow_id"] as const,
      registers: [registry],
    }),
    queueDepth: new client.Gauge({
      name: "ipaas_queue_depth",
      help: "Jobs in the runs queue by state",
      labelNames: ["state"] as const,
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
