import { randomBytes } from "node:crypto";
import {
  clearFailedSignIns,
  ConflictError,
  countOtherActiveAdmins,
  createUser,
  findActiveUser,
  findUserByEmail,
  getUser,
  replacePasswordResetToken,
  setUserDisabled,
  setUserRole,
  writeAudit,
  type AuditActor,
  type Db,
} from "@ipaas/db";
import type { UserRole } from "@ipaas/db/enums";
import { PASSWORD_LINK_HOURS } from "../auth";

// The list needs no logic beyond its query.
export { listUsers, type UserView } from "@ipaas/db";

export type Role = UserRole;

/** The caller as procedures see it: just enough to authorize. */
export interface SessionUser {
  id: string;
  email: string;
  role: Role;
}

/** The user behind a session, or null when they were disabled meanwhile. */
export function sessionUser(db: Db, userId: string): Promise<SessionUser | null> {
  return findActiveUser(db, userId);
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
    await replacePasswordResetToken(tx, { userId: user.id, token, expiresAt });
    await writeAudit(tx, actor, { action: "user.passwordLink", targetType: "user", targetId: user.id, summary: { email: user.email, expiresAt: expiresAt.toISOString() } });
  });
  return { path: `/set-password?token=${token}`, expiresAt };
}

export async function inviteUser(db: Db, actor: AuditActor, params: { email: string; name: string; role: Role }) {
  if (await findUserByEmail(db, params.email)) throw new ConflictError(`A user with the email ${params.email} exists already`);
  const user = await createUser(db, params);
  await writeAudit(db, actor, { action: "user.create", targetType: "user", targetId: user.id, summary: { email: user.email, role: user.role } });
  return { user, link: await issuePasswordLink(db, actor, user.id) };
}

export async function setRole(db: Db, actor: AuditActor, params: { userId: string; role: Role }) {
  const user = await getUser(db, params.userId);
  if (user.role === params.role) return;
  if (user.role === "admin") await assertAnotherAdmin(db, user.id, "demote");
  await db.transaction(async (tx) => {
    await setUserRole(tx, { userId: user.id, role: params.role });
    await writeAudit(tx, actor, { action: "user.role", targetType: "user", targetId: user.id, summary: { email: user.email, before: user.role, after: params.role } });
  });
}

/** Disabling signs the user out everywhere at once (their sessions are deleted). */
export async function setDisabled(db: Db, actor: AuditActor, params: { userId: string; disabled: boolean }) {
  const user = await getUser(db, params.userId);
  if (params.disabled && user.id === actor.id) throw new ConflictError("You cannot disable your own account");
  if (params.disabled && user.role === "admin") await assertAnotherAdmin(db, user.id, "disable");
  await db.transaction(async (tx) => {
    await setUserDisabled(tx, { userId: user.id, disabled: params.disabled });
    await writeAudit(tx, actor, { action: params.disabled ? "user.disable" : "user.enable", targetType: "user", targetId: user.id, summary: { email: user.email } });
  });
}

export async function unlockUser(db: Db, actor: AuditActor, userId: string) {
  const user = await getUser(db, userId);
  await db.transaction(async (tx) => {
    await clearFailedSignIns(tx, user.id);
    await writeAudit(tx, actor, { action: "user.unlock", targetType: "user", targetId: user.id, summary: { email: user.email } });
  });
}

/** Someone must still be able to manage users afterwards. */
async function assertAnotherAdmin(db: Db, userId: string, verb: string) {
  if ((await countOtherActiveAdmins(db, userId)) === 0) throw new ConflictError(`Cannot ${verb} the last active admin`);
}
