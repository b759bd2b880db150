import path from "node:path";
import { fileURLToPath } from "node:url";
import { MissingRedisError, PostgresAccessError, startStack } from "@ipaas/devstack";
import { EnvError, loadStackEnv } from "@ipaas/env";

/**
 * `npm start` (production builds) and `npm run dev` (hot reload): the whole product
 * on embedded defaults, or on DATABASE_URL / REDIS_URL when set.
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const mode = process.argv.includes("--dev") ? "dev" : "prod";
const log = (line: string) => console.log(line);
/** Relative to the clone when inside it (the usual .data/…), else absolute. */
const displayPath = (p: string) => (p.startsWith(`${rootDir}${path.sep}`) ? path.relative(rootDir, p) : p);

async function main() {
  const env = loadStackEnv();
  const dataDir = path.resolve(rootDir, env.IPAAS_DATA_DIR);
  const stack = await startStack({
    rootDir,
    dataDir,
    mode,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    ports: { designer: env.DESIGNER_PORT, runtime: env.RUNTIME_PORT, postgres: 54329, redis: 63790, shopify: 3101, netsuite: 3102, partner: 3103, partnerSftp: 3104 },
    autoInstall: env.IPAAS_AUTO_INSTALL,
    appEnv: {
      ...(env.IPAAS_ENCRYPTION_KEY ? { IPAAS_ENCRYPTION_KEY: env.IPAAS_ENCRYPTION_KEY } : {}),
      ...(env.IPAAS_AUTH_SECRET ? { IPAAS_AUTH_SECRET: env.IPAAS_AUTH_SECRET } : {}),
    },
    initialAdmin: env.IPAAS_ADMIN_EMAIL && env.IPAAS_ADMIN_PASSWORD ? { email: env.IPAAS_ADMIN_EMAIL, password: env.IPAAS_ADMIN_PASSWORD } : undefined,
    log,
  });

  const lines = [
    "",
    `Distribution iPaaS is running (${mode === "prod" ? "production build" : "dev mode, hot reload"}):`,
    `  Designer   ${stack.designerUrl}`,
    `  Runtime    ${stack.runtimeUrl}   (webhooks, API triggers, /healthz)`,
    `  Internal   ${stack.runtimeInternalUrl}   (/metrics, /openapi.json; this machine only)`,
    `  Shopify    ${stack.simulators.shopifyUrl}   simulator; generate orders: ${stack.simulators.shopifyUrl}/__sim`,
    `  NetSuite   ${stack.simulators.netsuiteUrl}   simulator; sales orders: ${stack.simulators.netsuiteUrl}/__sim/records/salesOrder`,
    `  EDI        ${stack.simulators.partnerUrl}   retailer/3PL simulator; send 850s, see 997/855/856/810: ${stack.simulators.partnerUrl}/control`,
    `  Postgres   ${stack.postgresDataDir ? `embedded, data in ${displayPath(stack.postgresDataDir)}` : "DATABASE_URL"}`,
    `  Redis      ${env.REDIS_URL ? "REDIS_URL" : `${stack.redisUrl} (AOF in ${path.relative(rootDir, dataDir)}/redis)`}`,
  ];
  if (stack.admin?.generated) {
    lines.push("", "  First admin (shown once; only a hash is stored):", `    email     ${stack.admin.email}`, `    password  ${stack.admin.password}`);
  } else if (stack.admin) {
    lines.push("", `  First admin: ${stack.admin.email} (password from IPAAS_ADMIN_PASSWORD)`);
  }
  lines.push("", "Press Ctrl-C to stop.", "");
  log(lines.join("\n"));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping designer, runtime, Redis and Postgres …`);
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGHUP", () => void shutdown("SIGHUP"));
  // If whatever started us dies without passing a signal on (a killed terminal or
  // wrapper), we are re-parented; stop then rather than leave servers running.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown("parent exited");
  }, 1000).unref();
}

main().catch((err: unknown) => {
  if (err instanceof EnvError || err instanceof MissingRedisError || err instanceof PostgresAccessError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
