import { randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { and, asc, count, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../client";
import { NotFoundError } from "../errors";
import { accounts, rateLimits, sessions, users, verifications, type UserRole } from "../schema";

export type UserRow = typeof users.$inferSelect;

/**
 * The tables the session library (better-auth's drizzle adapter) reads and writes
 * itself, by its model names: sign-in, sessions and reset tokens are its SQL, on our tables.
 */
export const authTables = { user: users, session: sessions, account: accounts, verification: verifications, rateLimit: rateLimits };

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

/** A user by email, case-insensitively (emails are stored lower-case); undefined when there is none. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return user;
}

export async function getUser(db: Db, id: string): Promise<UserRow> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!user) throw new NotFoundError(`User ${id} does not exist`);
  return user;
}

/** The user behind a session: just enough to authorize, or null when they were disabled meanwhile. */
export async function findActiveUser(db: Db, userId: string): Promise<{ id: string; email: string; role: UserRole } | null> {
  const user = await db.query.users.findFirst({
    columns: { id: true, email: true, role: true },
    where: (u, { and, eq, isNull }) => and(eq(u.id, userId), isNull(u.disabledAt)),
  });
  return user ?? null;
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  disabled: boolean;
  lockedUntil: Date | null;
  hasPassword: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
}

/** The Users page: by email, with whether a password is set and the last sign-in (newest session). */
export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabledAt: users.disabledAt,
      lockedUntil: users.lockedUntil,
      createdAt: users.createdAt,
      hasPassword: sql<boolean>`exists (select 1 from accounts a where a.user_id = ${users.id} and a.provider_id = 'credential' and a.password is not null)`,
      lastSignInAt: sql<string | null>`(select max(s.created_at) from sessions s where s.user_id = ${users.id})`,
    })
    .from(users)
    .orderBy(asc(users.email));
  return rows.map(({ disabledAt, lockedUntil, lastSignInAt, ...row }) => ({
    ...row,
    disabled: disabledAt !== null,
    lockedUntil: lockedUntil && lockedUntil > new Date() ? lockedUntil : null,
    lastSignInAt: lastSignInAt ? new Date(lastSignInAt) : null,
  }));
}

/** Active admins other than `userId`: someone must still be able to manage users after a demotion or disable. */
export async function countOtherActiveAdmins(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, userId)));
  return row?.n ?? 0;
}

/** After a successful sign-in or an admin's unlock: the failure count starts again and any lock ends. */
export async function clearFailedSignIns(db: Db, userId: string): Promise<void> {
  await db.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, userId));
}

export async function setUserRole(db: Db, params: { userId: string; role: UserRole }): Promise<void> {
  await db.update(users).set({ role: params.role, updatedAt: sql`now()` }).where(eq(users.id, params.userId));
}

/** Disabling also clears any lock and deletes the user's sessions: they are signed out everywhere at once. */
export async function setUserDisabled(db: Db, params: { userId: string; disabled: boolean }): Promise<void> {
  await db
    .update(users)
    .set({ disabledAt: params.disabled ? sql`now()` : null, failedSignIns: 0, lockedUntil: null, updatedAt: sql`now()` })
    .where(eq(users.id, params.userId));
  if (params.disabled) await db.delete(sessions).where(eq(sessions.userId, params.userId));
}

/**
 * Stores a set-password token in the session library's reset-password format
 * (`reset-password:<token>` → user id), so its own /reset-password endpoint
 * consumes it. An older, unused link for the same user stops working.
 */
export async function replacePasswordResetToken(db: Db, params: { userId: string; token: string; expiresAt: Date }): Promise<void> {
  await db.delete(verifications).where(and(eq(verifications.value, params.userId), sql`${verifications.identifier} like 'reset-password:%'`));
  await db.insert(verifications).values({ identifier: `reset-password:${params.token}`, value: params.userId, expiresAt: params.expiresAt });
}
