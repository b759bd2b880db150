import { createOutboundPolicy } from "@ipaas/connectors";
import { seedDemo, type Db } from "@ipaas/db";
import { createTestDatabase, randomQueuePrefix, selectRows, type TableRow, type TestDatabase } from "@ipaas/db/testing";
import { demoFlowDefinition } from "@ipaas/flow";
import { createRunsQueue } from "@ipaas/jobs";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, expect, inject } from "vitest";
import type { RunsQueue } from "../src/server/context";
import type { SessionUser } from "../src/server/services/users";

/**
 * The outbound policy of designer tests: their target servers listen on 127.0.0.1
 * (free ports), which the default policy refuses, so the allow-list names that
 * address. Passed as `outbound` in the hand-built tRPC context.
 */
export const testOutbound = createOutboundPolicy({ allow: "127.0.0.1" });

/** The admin `seedDemo` created (the oldest enabled admin). */
export async function seededAdmin(db: Db): Promise<SessionUser> {
  const [user] = (await selectRows(db, "users", { role: "admin", disabledAt: null })).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  if (!user) throw new Error("seedDemo created no admin");
  return { id: user.id, email: user.email, role: user.role };
}

/** Audit rows whose columns equal `where`, oldest first: what a test asserts was recorded, in order. */
export async function auditRows(db: Db, where: Partial<TableRow<"auditLog">> = {}): Promise<Array<TableRow<"auditLog">>> {
  return (await selectRows(db, "auditLog", where)).sort((a, b) => a.id - b.id);
}

/** The tRPC error code a call rejected with. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

export interface DemoDatabase {
  t: TestDatabase;
  queue: RunsQueue;
  /** The admin seedDemo created. */
  admin: SessionUser;
  /** The demo flow seedDemo created. */
  flowId: string;
}

/**
 * The usual fixture of a router test file: its own database seeded with the demo
 * flow, a runs queue on a private prefix, and the seeded admin — set up before the
 * file's tests and closed after them. Read the fields inside tests (they are set
 * in beforeAll).
 */
export function demoDatabaseFixture(): DemoDatabase {
  const demo = {} as DemoDatabase;
  beforeAll(async () => {
    demo.t = await createTestDatabase();
    demo.queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
    demo.flowId = (await seedDemo(demo.t.db, demoFlowDefinition)).flowId;
    demo.admin = await seededAdmin(demo.t.db);
  });
  afterAll(async () => {
    await demo.queue?.close();
    await demo.t?.close();
  });
  return demo;
}
