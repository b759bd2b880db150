import { OutboundPolicy } from "@ipaas/connectors";
import { createDb, KeyRing, type AuditActor, type Db, type DbHandle } from "@ipaas/db";
import { loadDesignerEnv, type DesignerEnv } from "@ipaas/env";
import { createRunsQueue } from "@ipaas/jobs";
import { createAuth, type Auth } from "./auth";
import { clientIp } from "./client-ip";
import { sessionUser, type SessionUser } from "./services/users";

/** The BullMQ queue of runs (typed without importing bullmq, which the designer does not depend on directly). */
export type RunsQueue = ReturnType<typeof createRunsQueue>;

/** What every procedure receives. Tests build it by hand; HTTP requests get it from createContext(). */
export interface Context {
  db: Db;
  queue: RunsQueue;
  user: SessionUser | null;
  /** Seals connection secrets; null when IPAAS_ENCRYPTION_KEY is not set (saving secrets is then refused). */
  keyRing?: KeyRing | null;
  /** The client's address, for the audit log. */
  ip?: string | null;
  /** Where connection tests, test runs and test notifications may send requests; absent: the default rules, no allow-list. */
  outbound?: OutboundPolicy;
}

/** The context's outbound network policy, or the default one (public addresses only). */
export function outboundOf(ctx: Pick<Context, "outbound">): OutboundPolicy {
  return ctx.outbound ?? (state.defaultOutbound ??= new OutboundPolicy());
}

/** The audit log's view of the caller. */
export function actorOf(ctx: Pick<Context, "user" | "ip">): AuditActor {
  return { id: ctx.user?.id ?? null, email: ctx.user?.email ?? null, ip: ctx.ip ?? null };
}

/**
 * Process-wide singletons, created on first use rather than at import: `next build`
 * imports this module without DATABASE_URL, and must neither fail nor connect.
 * They live on globalThis because `next dev` re-evaluates modules on every edit,
 * which would otherwise leak a pool and a Redis connection per hot reload.
 */
interface DesignerGlobals {
  env?: DesignerEnv;
  db?: DbHandle;
  queue?: RunsQueue;
  keyRing?: KeyRing | null;
  auth?: Auth;
  outbound?: OutboundPolicy;
  defaultOutbound?: OutboundPolicy;
}
const globals = globalThis as typeof globalThis & { __ipaasDesigner?: DesignerGlobals };
const state: DesignerGlobals = (globals.__ipaasDesigner ??= {});

/** The validated environment, read once (the only place the designer touches process.env). */
export function getEnv(): DesignerEnv {
  return (state.env ??= loadDesignerEnv());
}

export function getDb(): Db {
  return (state.db ??= createDb(getEnv().DATABASE_URL)).db;
}

export function getRunsQueue(): RunsQueue {
  const env = getEnv();
  return (state.queue ??= createRunsQueue({ redisUrl: env.REDIS_URL, prefix: env.IPAAS_QUEUE_PREFIX }));
}

export function getKeyRing(): KeyRing | null {
  if (state.keyRing === undefined) {
    const spec = getEnv().IPAAS_ENCRYPTION_KEY;
    state.keyRing = spec ? new KeyRing(spec) : null;
  }
  return state.keyRing;
}

/** Built once from IPAAS_OUTBOUND_ALLOW (start-up builds it first, so a malformed entry stops the designer, naming the entry). */
export function getOutboundPolicy(): OutboundPolicy {
  return (state.outbound ??= new OutboundPolicy({ allow: getEnv().IPAAS_OUTBOUND_ALLOW }));
}

/** Development-only stand-in for IPAAS_AUTH_SECRET (production refuses to start without one). */
const DEV_AUTH_SECRET = "ipaas-development-secret-not-for-production-use";

export function getAuth(): Auth {
  if (!state.auth) {
    const env = getEnv();
    let secret = env.IPAAS_AUTH_SECRET;
    if (!secret) {
      if (env.NODE_ENV === "production") throw new Error("IPAAS_AUTH_SECRET is not set: session cookies cannot be signed (use 32+ random characters).");
      console.warn("WARNING: IPAAS_AUTH_SECRET is not set; using a development secret. Set your own in production.");
      secret = DEV_AUTH_SECRET;
    }
    state.auth = createAuth({ db: getDb(), secret, baseURL: env.DESIGNER_URL });
  }
  return state.auth;
}

/** The signed-in, enabled user of a request (its session cookie), or null. */
export async function userFromHeaders(auth: Auth, db: Db, headers: Headers): Promise<SessionUser | null> {
  const session = await auth.api.getSession({ headers });
  return session ? sessionUser(db, session.user.id) : null;
}

/** Per-request context for the HTTP handler: the user comes from the session cookie. */
export async function createContext({ req }: { req: Request }): Promise<Context> {
  const db = getDb();
  const user = await userFromHeaders(getAuth(), db, req.headers);
  return { db, queue: getRunsQueue(), user, keyRing: getKeyRing(), ip: clientIp(req.headers), outbound: getOutboundPolicy() };
}
