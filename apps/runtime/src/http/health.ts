import { pingDatabase, type Db } from "@ipaas/db";
import type { Redis } from "ioredis";

/** Both stores answer; the error text goes to the internal listener only (it can name hosts and users). */
export async function readiness(deps: { db: Db; redis: Redis }) {
  const checks = await Promise.all([
    check("postgres", () => pingDatabase(deps.db)),
    check("redis", async () => {
      if ((await deps.redis.ping()) !== "PONG") throw new Error("unexpected PING reply");
    }),
  ]);
  return { ok: checks.every((c) => c.ok), checks };
}

async function check(name: string, probe: () => Promise<unknown>) {
  const started = Date.now();
  try {
    await probe();
    return { name, ok: true, latencyMs: Date.now() - started };
  } catch (err) {
    return { name, ok: false, latencyMs: Date.now() - started, error: err instanceof Error ? err.message : String(err) };
  }
}

