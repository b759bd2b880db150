import { isIP } from "node:net";
import { z } from "zod";

/**
 * The one place that reads process.env. Each process validates the variables it
 * needs once at start-up and passes the typed result down; nothing else reads
 * process.env, so a missing or malformed variable fails fast with its name.
 */

const port = z.coerce.number().int().min(0).max(65535);
const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");

const common = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: logLevel,
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgres:// URL" }),
  REDIS_URL: z.string().url({ message: "REDIS_URL must be a redis:// URL" }),
  /** Prefix of every BullMQ key; lets tests and several environments share one Redis. */
  IPAAS_QUEUE_PREFIX: z.string().min(1).default("ipaas"),
  /** Master key (base64, 32 bytes) for connection secrets; required once connections exist (issue 5). */
  IPAAS_ENCRYPTION_KEY: z.string().optional(),
  /**
   * Outbound network policy allow-list (connectors, OAuth token URLs, alert webhooks):
   * requests to loopback, private, link-local and metadata addresses are refused unless
   * an entry names them. Comma-separated hosts, addresses or CIDR ranges, each with an
   * optional port: "erp.internal, 10.0.0.0/8, 127.0.0.1:3101". Parsed (and checked) by
   * @ipaas/connectors' OutboundPolicy at start-up.
   */
  IPAAS_OUTBOUND_ALLOW: z.string().default(""),
};

export const runtimeEnvSchema = z.object({
  ...common,
  RUNTIME_PORT: port.default(3001),
  RUNTIME_HOST: z.string().default("0.0.0.0"),
  /** Steps executed in parallel per runtime process. */
  RUNTIME_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
  /** Overrides of the job lock and stall check (see packages/jobs/src/config.ts); tests shorten them. */
  RUNTIME_LOCK_DURATION_MS: z.coerce.number().int().min(1000).optional(),
  RUNTIME_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).optional(),
  /**
   * On SIGTERM, how long in-flight steps may take to finish before the process exits
   * anyway. A hard deadline: the process exits by then whatever Postgres or Redis do.
   */
  RUNTIME_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(25_000),
  /**
   * Largest webhook / API trigger body accepted (bytes); bigger ones get 413 and no
   * run. Whatever is accepted is stored and run whole, so this bounds trigger payloads.
   */
  RUNTIME_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  /** Most items one foreach may fan out to; more dead-letters the step (payload kept) instead of flooding the run. */
  RUNTIME_MAX_FOREACH_ITEMS: z.coerce.number().int().min(1).default(10_000),
  /**
   * Largest run state (pending work + outputs, bytes of JSON) a run may save to
   * continue later; beyond it the run is dead-lettered with its trigger payload.
   * Keep it a few times RUNTIME_BODY_LIMIT_BYTES: the state holds the payload and what is mapped from it.
   */
  RUNTIME_MAX_RUN_STATE_BYTES: z.coerce.number().int().min(64 * 1024).default(32 * 1024 * 1024),
  /**
   * Connection health (docs/architecture.md "Connection health"): how often the monitor
   * looks for due tests, how often a failing connection is tested again (a connection's
   * `config.limits.testIntervalSeconds` overrides it), how often a healthy one is tested,
   * and after how many failed tests in a row a connection is offline (its flows pause).
   */
  RUNTIME_HEALTH_TICK_MS: z.coerce.number().int().min(200).default(15_000),
  RUNTIME_HEALTH_RETEST_MS: z.coerce.number().int().min(1000).default(120_000),
  RUNTIME_HEALTH_HEALTHY_MS: z.coerce.number().int().min(1000).default(30 * 60_000),
  RUNTIME_HEALTH_OFFLINE_AFTER: z.coerce.number().int().min(1).max(100).default(3),
  /** Run migrations at start-up (under an advisory lock, so replicas may all try). */
  RUNTIME_MIGRATE: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /**
   * The operators' listener: /metrics, /openapi.json and /healthz with each store's error.
   * Loopback by default, so only the machine itself (or a sidecar) can read it; 0 = any free port.
   */
  RUNTIME_INTERNAL_PORT: port.default(9464),
  RUNTIME_INTERNAL_HOST: z.string().default("127.0.0.1"),
  /** When set, the internal listener also needs `Authorization: Bearer <token>` (set it before binding it beyond loopback). */
  RUNTIME_METRICS_TOKEN: z.string().min(16, { message: "RUNTIME_METRICS_TOKEN must be at least 16 characters" }).optional(),
  /**
   * Which proxies to believe about X-Forwarded-For (Fastify's trustProxy): "false" (default:
   * the socket's address is the client, so nobody can pick their IP for rate limits and audit
   * rows), "true" (any — only behind a proxy that overwrites the header), a hop count, or a
   * comma-separated list of proxy addresses/CIDRs such as "10.0.0.0/8,127.0.0.1".
   */
  RUNTIME_TRUST_PROXY: z
    .string()
    .default("false")
    .transform((v): boolean | number | string[] => {
      const t = v.trim();
      if (t === "true" || t === "false") return t === "true";
      if (/^\d+$/.test(t)) return Number(t);
      return t.split(",").map((s) => s.trim()).filter(Boolean);
    }),
  /**
   * Where partners reach this runtime's ingress from outside (e.g. https://edi.example.com): the
   * AS2 async-MDN address we give them is `<this>/as2`. Unset: partners set to async MDNs cannot be sent to.
   */
  RUNTIME_PUBLIC_URL: z.string().url({ message: "RUNTIME_PUBLIC_URL must be an http(s) URL" }).optional(),
});
export type RuntimeEnv = z.infer<typeof runtimeEnvSchema>;

/** Who may set X-Forwarded-For: nobody (unset), the last N hops, or these proxy addresses. */
export type TrustProxy = { hops: number } | { addresses: string[] } | null;

const trustProxy = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx): TrustProxy => {
    if (!value) return null;
    if (/^\d+$/.test(value)) return Number(value) === 0 ? null : { hops: Number(value) };
    const addresses = value.split(",").map((a) => a.trim()).filter(Boolean);
    const bad = addresses.filter((a) => !isAddressOrRange(a));
    if (bad.length > 0) ctx.addIssue({ code: "custom", message: `DESIGNER_TRUST_PROXY: "${bad.join(", ")}" is not a number of hops, an IP address or a CIDR range` });
    return { addresses };
  });

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split("/");
  const family = isIP(address ?? "");
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

export const designerEnvSchema = z.object({
  ...common,
  DESIGNER_PORT: port.default(3000),
  /** Where the runtime's ingress answers (on the designer's network); shown to users unless PUBLIC_RUNTIME_URL is set. */
  RUNTIME_URL: z.string().url().default("http://localhost:3001"),
  /**
   * The runtime's ingress as webhook senders and API callers reach it (behind the reverse
   * proxy, e.g. https://ipaas.example.com). The designer shows webhook URLs and curl examples
   * with it; RUNTIME_URL is an internal address (http://runtime:3001) nobody outside can call.
   */
  PUBLIC_RUNTIME_URL: z.string().url({ message: "PUBLIC_RUNTIME_URL must be an http(s) URL" }).optional(),
  /**
   * Signs session cookies (at least 32 characters). Required in production; in
   * development a fixed placeholder is used with a warning.
   */
  IPAAS_AUTH_SECRET: z.string().min(32, { message: "IPAAS_AUTH_SECRET must be at least 32 characters" }).optional(),
  /** The designer's public URL (https in production: session cookies are then Secure). Inferred from requests when unset. */
  DESIGNER_URL: z.string().url().optional(),
  /** The first admin, created at start-up when there are no users (else a random password is logged once). */
  IPAAS_ADMIN_EMAIL: z.string().email().optional(),
  IPAAS_ADMIN_PASSWORD: z.string().min(10, { message: "IPAAS_ADMIN_PASSWORD must be at least 10 characters" }).optional(),
  /**
   * Reverse proxies in front of the designer whose X-Forwarded-For is believed (for
   * the sign-in rate limit and the audit log's IP): a number of hops ("1" = one
   * proxy), or a comma-separated list of proxy addresses/CIDR ranges. Unset: the
   * client address is the TCP peer's and X-Forwarded-For is ignored (anyone can send it).
   */
  DESIGNER_TRUST_PROXY: trustProxy,
  /** Largest /api/trpc request body in bytes (answered 413 above it); room for a 5 MB flow import. */
  DESIGNER_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 * 1024),
});
export type DesignerEnv = z.infer<typeof designerEnvSchema>;

/** The runtime base URL users are shown (webhook URLs, curl examples): PUBLIC_RUNTIME_URL, else RUNTIME_URL; no trailing slash. */
export function publicRuntimeUrl(env: Pick<DesignerEnv, "RUNTIME_URL" | "PUBLIC_RUNTIME_URL">): string {
  return (env.PUBLIC_RUNTIME_URL ?? env.RUNTIME_URL).replace(/\/+$/, "");
}

/** Variables of the local launcher (`npm start`): external servers are optional. */
export const stackEnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  DESIGNER_PORT: port.default(3000),
  RUNTIME_PORT: port.default(3001),
  IPAAS_DATA_DIR: z.string().default(".data"),
  IPAAS_ENCRYPTION_KEY: z.string().optional(),
  IPAAS_AUTH_SECRET: z.string().min(32).optional(),
  /** The first admin on an empty database; without them admin@example.com gets a random password, printed once. */
  IPAAS_ADMIN_EMAIL: z.string().email().optional(),
  IPAAS_ADMIN_PASSWORD: z.string().min(10, { message: "IPAAS_ADMIN_PASSWORD must be at least 10 characters" }).optional(),
  /** Let `npm start` apt-get install redis-server when it is missing (root on Debian/Ubuntu only). */
  IPAAS_AUTO_INSTALL: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  CI: z.string().optional(),
});
export type StackEnv = z.infer<typeof stackEnvSchema>;

/** `npm run keys:rotate`: without DATABASE_URL it opens the embedded database in IPAAS_DATA_DIR. */
export const keysEnvSchema = z.object({
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgres:// URL" }).optional(),
  IPAAS_DATA_DIR: z.string().default(".data"),
  /** "new-id:key,old-id:key": the first seals, the others still open what they sealed. */
  IPAAS_ENCRYPTION_KEY: z.string().optional(),
});
export type KeysEnv = z.infer<typeof keysEnvSchema>;

export class EnvError extends Error {}

export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

export const loadRuntimeEnv = (source?: Record<string, string | undefined>) => parseEnv(runtimeEnvSchema, source);
export const loadDesignerEnv = (source?: Record<string, string | undefined>) => parseEnv(designerEnvSchema, source);
export const loadStackEnv = (source?: Record<string, string | undefined>) => parseEnv(stackEnvSchema, source);
export const loadKeysEnv = (source?: Record<string, string | undefined>) => parseEnv(keysEnvSchema, source);

/**
 * Variables flows see as `$env` (docs/architecture.md "Expressions and the sandbox"): every FLOW_VAR_<NAME>
 * of the process environment, as <NAME>. Only this prefix is exposed, so no
 * secret of the process leaks into expressions by accident.
 */
export function loadFlowVariables(source: Record<string, string | undefined> = process.env): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith("FLOW_VAR_") && value !== undefined) vars[key.slice("FLOW_VAR_".length)] = value;
  }
  return vars;
}

/**
 * Credentials for running a connector's contract tests against a real account:
 * every `<PREFIX><NAME>` variable (e.g. SHOPIFY_CONTRACT_SHOP) as `<NAME>`.
 * Empty when none is set — the tests then run against the simulator only.
 */
export function loadContractEnv(prefix: string, source: Record<string, string | undefined> = process.env): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith(prefix) && value) vars[key.slice(prefix.length)] = value;
  }
  return vars;
}

/**
 * The fuzz suite's size (tooling/fuzz.ts): `short` is the deterministic form that
 * runs inside `npm test`; `long` is `npm run test:fuzz` (≥ 10,000 cases in all).
 * FUZZ_SEED replays a failure that fast-check reported.
 */
export const fuzzEnvSchema = z.object({
  FUZZ_MODE: z.enum(["short", "long"]).default("short"),
  FUZZ_SEED: z.coerce.number().int().optional(),
  /** Where each target appends its case count, for the long form's summary. */
  FUZZ_REPORT_DIR: z.string().optional(),
});
export type FuzzEnv = z.infer<typeof fuzzEnvSchema>;
export const loadFuzzEnv = (source?: Record<string, string | undefined>) => parseEnv(fuzzEnvSchema, source);
