import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import type {} from "@ipaas/db/testing"; // declares the provided values (ProvidedContext)
import { runMigrations } from "@ipaas/db/migrate";
import { startPostgres, startRedis, ensureRedisServer } from "@ipaas/devstack";
import { loadStackEnv } from "@ipaas/env";

const TEMPLATE = "ipaas_test_template";

/**
 * Real Postgres and real Redis for the whole run, never mocks. With DATABASE_URL /
 * REDIS_URL set (CI with services, or a developer's own servers) those are used.
 */
export default async function setup(project: TestProject) {
  const env = loadStackEnv();
  const stops: Array<() => Promise<void>> = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ipaas-test-"));
  fs.chmodSync(tmp, 0o755); // postgres runs as its own user and must reach its data dir

  let adminUrl: string;
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    url.pathname = "/postgres";
    adminUrl = url.toString();
  } else {
    const pg = await startPostgres({ dataDir: path.join(tmp, "pg"), database: "postgres" });
    stops.push(pg.stop);
    adminUrl = pg.adminUrl;
  }

  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
    ensureRedisServer({ autoInstall: env.IPAAS_AUTO_INSTALL, log: console.log });
    const redis = await startRedis({ dataDir: path.join(tmp, "redis") });
    stops.push(redis.stop);
    redisUrl = redis.url;
  }

  // Migrate a template once; test files clone it in milliseconds.
  const pg = await import("pg");
  const admin = new pg.default.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE}`);
  await admin.query(`create database ${TEMPLATE}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE}`;
  await runMigrations(templateUrl.toString());

  project.provide("databaseAdminUrl", adminUrl);
  project.provide("templateDatabase", TEMPLATE);
  project.provide("redisUrl", redisUrl);

  return async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
