import { createDb, type Db, type DbHandle } from "@ipaas/db";
import { loadDesignerEnv, type DesignerEnv } from "@ipaas/env";
import { createRunsQueue } from "@ipaas/jobs";
import { findDevUser, type SessionUser } from "./services/users";

/** The BullMQ queue of runs (typed without importing bullmq, which the designer does not depend on directly). */
export type RunsQueue = ReturnType<typeof createRunsQueue>;

/** What every procedure receives. Tests build it by hand; HTTP requests get it from createContext(). */
export interface Context {
  db: Db;
  queue: RunsQueue;
  user: SessionUser | null;
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

/** Per-request context for the HTTP handler. */
export async function createContext(): Promise<Context> {
  const db = getDb();
  // TODO(issue 5): replace with the signed-in user from the session cookie. Until
  // sign-in exists every request acts as the first admin, so the walking skeleton
  // is usable; the role middleware in trpc.ts already enforces roles either way.
  const user = await findDevUser(db);
  return { db, queue: getRunsQueue(), user };
}
