import { randomBytes } from "node:crypto";
import { ConflictError, createUser, NotFoundError, schema, writeAudit, type AuditActor, type Db } from "@ipaas/db";
import { and, asc, count, eq, isNull, ne, sql } from "drizzle-orm";
import { PASSWORD_LINK_HOURS } from "../auth";

export type Role = schema.UserRole;

/** The caller as procedures see it: just enough to authorize. */
export interface SessionUser {
  id: string;
  email: string;
  role: Role;
}

const { users, sessions, verifications } = schema;

/** The user behind a session, or null when they were disabled meanwhile. */
export async function sessionUser(db: Db, userId: string): Promise<SessionUser | null> {
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
  role: Role;
  disabled: boolean;
  lockedUntil: Date | null;
  hasPassword: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
}

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

/**
 * A one-time set-password link, in the session library's reset-password token
 * format (`reset-password:<token>` → user id), so the library's own
 * /reset-password endpoint consumes it. The token is only in the returned path.
 */
export async function issuePasswordLink(db: Db, actor: AuditActor, userId: string): Promise<{ path: string; expiresAt: Date }> {
  const user = await getUser(db, userId);
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + PASSWORD_LINK_HOURS * 3600_000);
  await db.transaction(async (tx) => {
    // An older, unused link for the same user stops working.
    await tx.delete(verifications).where(and(eq(verifications.value, user.id), sql`${verifications.identifier} like 'reset-password:%'`));
    await tx.insert(verifications).values({ identifier: `reset-password:${token}`, value: user.id, expiresAt });
    await writeAudit(tx, actor, { action: "user.passwordLink", targetType: "user", targetId: user.id, summary: { email: user.email, expiresAt: expiresAt.toISOString() } });
  });
  return { path: `/set-password?token=${token}`, expiresAt };
}

export async function inviteUser(db: Db, actor: AuditActor, params: { email: string; name: string; role: Role }) {
  const existing = await db.query.users.findFirst({ columns: { id: true }, where: (u) => sql`lower(${u.email}) = ${params.email.toLowerCase()}` });
  if (existing) throw new ConflictError(`A user with the email ${params.email} exists already`);
  const user = await createUser(db, params);
  await writeAudit(db, actor, { action: "user.create", targetType: "user", targetId: user.id, summary: { email: user.email, role: user.role } });
  return { user, link: await issuePasswordLink(db, actor, user.id) };
}

export async function setRole(db: Db, actor: AuditActor, params: { userId: string; role: Role }) {
  const user = await getUser(db, params.userId);
  if (user.role === params.role) return;
  if (user.role === "admin") await assertAnotherAdmin(db, user.id, "demote");
  await db.transaction(async (tx) => {
    await tx.update(users).set({ role: params.role, updatedAt: sql`now()` }).where(eq(users.id, user.id));
    await writeAudit(tx, actor, { action: "user.role", targetType: "user", targetId: user.id, summary: { email: user.email, before: user.role, after: params.role } });
  });
}

/** Disabling signs the user out everywhere at once (their sessions are deleted). */
export async function setDisabled(db: Db, actor: AuditActor, params: { userId: string; disabled: boolean }) {
  const user = await getUser(db, params.userId);
  if (params.disabled && user.id === actor.id) throw new ConflictError("You cannot disable your own account");
  if (params.disabled && user.role === "admin") await assertAnotherAdmin(db, user.id, "disable");
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ disabledAt: params.disabled ? sql`now()` : null, failedSignIns: 0, lockedUntil: null, updatedAt: sql`now()` })
      .where(eq(users.id, user.id));
    if (params.disabled) await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await writeAudit(tx, actor, { action: params.disabled ? "user.disable" : "user.enable", targetType: "user", targetId: user.id, summary: { email: user.email } });
  });
}

export async function unlockUser(db: Db, actor: AuditActor, userId: string) {
  const user = await getUser(db, userId);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, user.id));
    await writeAudit(tx, actor, { action: "user.unlock", targetType: "user", targetId: user.id, summary: { email: user.email } });
  });
}

async function getUser(db: Db, id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!user) throw new NotFoundError(`User ${id} does not exist`);
  return user;
}

/** Someone must still be able to manage users afterwards. */
async function assertAnotherAdmin(db: Db, userId: string, verb: string) {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, userId)));
  if ((row?.n ?? 0) === 0) throw new ConflictError(`Cannot ${verb} the last active admin`);
}
