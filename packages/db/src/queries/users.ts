import { randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { count, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { accounts, users, type UserRole } from "../schema";

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1 };

/** scrypt (Node's built-in, memory-hard) in a self-describing string. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

/**
 * A user, with a password (account "credential", as the session library expects)
 * or without one — then they set it through a one-time link.
 */
export async function createUser(db: Db, params: { email: string; name: string; role: UserRole; password?: string }) {
  const passwordHash = params.password === undefined ? null : await hashPassword(params.password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: params.email.toLowerCase(), name: params.name, role: params.role })
      .returning({ id: users.id, email: users.email, role: users.role });
    if (!user) throw new Error("insert returned no row");
    if (passwordHash) await tx.insert(accounts).values({ accountId: user.id, providerId: "credential", userId: user.id, password: passwordHash });
    return user;
  });
}

/**
 * Counts one failed sign-in and locks the account when the count reaches
 * `maxFailures`, in a single UPDATE: parallel wrong guesses each add one (Postgres
 * serialises the row updates and re-reads the count), where reading the count
 * and writing count + 1 would let them overwrite each other and never lock.
 * The count restarts at zero with each lock. Returns the lock's end when this
 * failure locked the account, else null (also for an unknown user).
 */
export async function recordFailedSignIn(db: Db, params: { userId: string; maxFailures: number; lockMinutes: number }): Promise<{ lockedUntil: Date } | null> {
  const reached = sql`${users.failedSignIns} + 1 >= ${params.maxFailures}`;
  const [row] = await db
    .update(users)
    .set({
      failedSignIns: sql`CASE WHEN ${reached} THEN 0 ELSE ${users.failedSignIns} + 1 END`,
      lockedUntil: sql`CASE WHEN ${reached} THEN now() + make_interval(mins => ${params.lockMinutes}) ELSE ${users.lockedUntil} END`,
    })
    .where(eq(users.id, params.userId))
    // After the update the count is 0 only when this failure reached the limit.
    .returning({ lockedNow: sql<boolean>`${users.failedSignIns} = 0`, lockedUntil: users.lockedUntil });
  return row?.lockedNow && row.lockedUntil ? { lockedUntil: row.lockedUntil } : null;
}
