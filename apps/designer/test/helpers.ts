import { createOutboundPolicy } from "@ipaas/connectors";
import type { Db } from "@ipaas/db";
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import type { SessionUser } from "../src/server/services/users";

/**
 * The outbound policy of designer tests: their target servers listen on 127.0.0.1
 * (free ports), which the default policy refuses, so the allow-list names that
 * address. Passed as `outbound` in the hand-built tRPC context.
 */
export const testOutbound = createOutboundPolicy({ allow: "127.0.0.1" });

/** The admin `seedDemo` created (the oldest enabled admin). */
export async function seededAdmin(db: Db): Promise<SessionUser> {
  const user = await db.query.users.findFirst({
    columns: { id: true, email: true, role: true },
    where: (u, { and, eq, isNull }) => and(eq(u.role, "admin"), isNull(u.disabledAt)),
    orderBy: (u, { asc }) => [asc(u.createdAt), asc(u.id)],
  });
  if (!user) throw new Error("seedDemo created no admin");
  return user;
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
