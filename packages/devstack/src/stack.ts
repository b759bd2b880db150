import path from "node:path";
import { createDb, runMigrations } from "@ipaas/db";
import { startChild, stopChild, turboBuild, type Child } from "./children";
import { waitForHttp } from "./http-wait";
import { localAuthSecret } from "./auth-secret";
import { localEncryptionKey } from "./encryption-key";
import { portOrFree } from "./ports";
import { startPostgres } from "./postgres";
import { seedDemoFlows, seedTemplateDemo } from "./demo-flows";
import { startSimulators, type RunningSimulators } from "./simulators";
import { ensureRedisServer, startRedis } from "./redis";

export interface StackOptions {
  /** Repository root (where package.json with the workspaces is). */
  rootDir: string;
  /** Embedded Postgres and Redis keep their data here; reused by the next start. */
  dataDir: string;
  /** prod: production builds (built by turbo, cached); dev: hot reload. */
  mode: "prod" | "dev";
  /** External servers; when absent, embedded ones are started. */
  databaseUrl?: string;
  redisUrl?: string;
  /** Preferred ports (0 = any free port); a busy preferred port falls back to a free one. */
  ports: { designer: number; runtime: number; postgres: number; redis: number; shopify: number; netsuite: number; partner?: number; partnerSftp?: number; runtimeInternal?: number };
  /** Seed and publish the template demo flow (Shopify → NetSuite on the simulators); e2e tests install their own. */
  templateDemo?: boolean;
  autoInstall: boolean;
  /** The first admin on an empty database; without it admin@example.com gets a random password. */
  initialAdmin?: { email: string; password: string };
  /** Extra environment for the app processes (e.g. the encryption key). */
  appEnv?: Record<string, string>;
  log: (line: string) => void;
}

export interface Stack {
  designerUrl: string;
  runtimeUrl: string;
  /** The runtime's operators' listener (loopback): /metrics, /openapi.json, /healthz with details. */
  runtimeInternalUrl: string;
  databaseUrl: string;
  /** The embedded Postgres' data directory (null with DATABASE_URL); outside `dataDir` when its user cannot reach that (postgres-user.ts). */
  postgresDataDir: string | null;
  redisUrl: string;
  /** Demo admin credentials: only on the start that created the admin. */
  admin: { email: string; password: string; generated: boolean } | null;
  simulators: Pick<RunningSimulators, "shopifyUrl" | "netsuiteUrl" | "partnerUrl" | "connections" | "partners">;
  stop(): Promise<void>;
}

/**
 * The whole product on one machine: Postgres, Redis, migrations, seed, runtime and
 * designer. Used by `npm start` / `npm run dev` and by the e2e suite, so what the
 * tests drive is what a user runs.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { log, rootDir } = options;
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((err: unknown) => log(`stop: ${String(err)}`));
  };

  try {
    let databaseUrl = options.databaseUrl;
    let postgresDataDir: string | null = null;
    if (!databaseUrl) {
      log("Starting embedded Postgres …");
      const pg = await startPostgres({ dataDir: path.join(options.dataDir, "postgres"), database: "ipaas", port: options.ports.postgres, log });
      cleanups.push(pg.stop);
      databaseUrl = pg.url;
      postgresDataDir = pg.dataDir;
    }
    let redisUrl = options.redisUrl;
    if (!redisUrl) {
      ensureRedisServer({ autoInstall: options.autoInstall, log });
      log("Starting redis-server …");
      const redis = await startRedis({ dataDir: path.join(options.dataDir, "redis"), port: options.ports.redis, log });
      cleanups.push(redis.stop);
      redisUrl = redis.url;
    }

    log("Applying database migrations …");
    await runMigrations(databaseUrl);
    // A key the user set wins; only without one is the local key used (or generated, with a warning).
    const encryptionKey = options.appEnv?.IPAAS_ENCRYPTION_KEY ?? localEncryptionKey(options.dataDir, log);
    const handle = createDb(databaseUrl, { max: 2 });
    const { seeded, simulators, templateFlowId } = await (async () => {
      const seeded = await seedDemoFlows(handle.db, options.initialAdmin);
      log("Starting the Shopify, NetSuite and EDI partner simulators …");
      const simulators = await startSimulators({ dataDir: options.dataDir, db: handle.db, encryptionKey, ports: options.ports, log });
      cleanups.push(simulators.close);
      const templateFlowId = options.templateDemo === false ? null : await seedTemplateDemo(handle.db, simulators.connections);
      return { seeded, simulators, templateFlowId };
    })().finally(() => handle.close());

    if (options.mode === "prod") {
      log("Building designer and runtime (cached by turbo when unchanged) …");
      await turboBuild(["@ipaas/designer", "@ipaas/runtime"], { cwd: rootDir, log });
    }

    const runtimePort = await portOrFree(options.ports.runtime);
    const runtimeInternalPort = await portOrFree(options.ports.runtimeInternal ?? 9464);
    const designerPort = await portOrFree(options.ports.designer);
    const runtimeUrl = `http://127.0.0.1:${runtimePort}`;
    const runtimeInternalUrl = `http://127.0.0.1:${runtimeInternalPort}`;
    const designerUrl = `http://127.0.0.1:${designerPort}`;
    simulators.connectRuntime(runtimeUrl);
    const env = {
      ...process.env,
      IPAAS_ENCRYPTION_KEY: encryptionKey,
      IPAAS_AUTH_SECRET: localAuthSecret(options.dataDir),
      ...options.appEnv,
      NODE_ENV: options.mode === "prod" ? "production" : "development",
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      RUNTIME_PORT: String(runtimePort),
      RUNTIME_INTERNAL_PORT: String(runtimeInternalPort),
      DESIGNER_PORT: String(designerPort),
      RUNTIME_URL: runtimeUrl,
      // The launcher has migrated already.
      RUNTIME_MIGRATE: "false",
      IPAAS_OUTBOUND_ALLOW: localOutboundAllow(process.env.IPAAS_OUTBOUND_ALLOW, options.appEnv?.IPAAS_OUTBOUND_ALLOW, [simulators.shopifyUrl, simulators.netsuiteUrl, simulators.partnerUrl, simulators.partnerSftpUrl, runtimeUrl]),
    };

    const bin = (name: string) => path.join(rootDir, "node_modules", ".bin", name);
    const runtimeDir = path.join(rootDir, "apps", "runtime");
    const designerDir = path.join(rootDir, "apps", "designer");
    const runtime: Child =
      options.mode === "prod"
        ? startChild("runtime", process.execPath, ["dist/main.js"], { cwd: runtimeDir, env, log })
        : startChild("runtime", bin("tsx"), ["watch", "src/main.ts"], { cwd: runtimeDir, env, log });
    cleanups.push(() => stopChild(runtime));
    const designer: Child = startChild("designer", bin("next"), [options.mode === "prod" ? "start" : "dev", "-p", String(designerPort), "-H", "127.0.0.1"], {
      cwd: designerDir,
      env,
      log,
    });
    cleanups.push(() => stopChild(designer));

    const alive = (c: Child) => () => c.process.exitCode === null;
    await waitForHttp(`${runtimeUrl}/healthz`, { alive: alive(runtime) });
    await waitForHttp(`${designerUrl}/flows`, { alive: alive(designer), timeoutMs: options.mode === "dev" ? 180_000 : 60_000 });

    // Simulator subscriptions live in its memory: registered on every start, like an app install.
    if (templateFlowId) await simulators.subscribe("orders/create", `${runtimeUrl}/v1/hooks/${templateFlowId}`);

    const { shopifyUrl, netsuiteUrl, partnerUrl, connections, partners } = simulators;
    return { designerUrl, runtimeUrl, runtimeInternalUrl, databaseUrl, postgresDataDir, redisUrl, admin: seeded.admin, simulators: { shopifyUrl, netsuiteUrl, partnerUrl, connections, partners }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * The embedded stack's outbound allow-list: whatever the user set, plus exactly the
 * loopback host:ports this launcher started — the simulators, and the runtime's
 * own ingress (the local target of the demo HTTP flow and the e2e canvas tests).
 * Everything else on loopback or a private network stays refused, as in production.
 */
export function localOutboundAllow(fromEnv: string | undefined, fromOptions: string | undefined, started: string[]): string {
  return [fromOptions ?? fromEnv ?? "", ...started.map((url) => new URL(url).host)].filter((entry) => entry !== "").join(",");
}
