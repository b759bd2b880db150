import { type Db, type schema } from "@ipaas/db";

export type Role = schema.UserRole;

/** The caller as procedures see it: just enough to authorize. */
export interface SessionUser {
  id: string;
  email: string;
  role: Role;
}

/**
 * Stand-in for authentication until issue 5 adds sessions: the oldest enabled
 * admin (the one `seedDemo` creates). Null when there is none, which the role
 * middleware turns into UNAUTHORIZED.
 */
export async function findDevUser(db: Db): Promise<SessionUser | null> {
  const user = await db.query.users.findFirst({
    columns: { id: true, email: true, role: true },
    where: (u, { and, eq, isNull }) => and(eq(u.role, "admin"), isNull(u.disabledAt)),
    orderBy: (u, { asc }) => [asc(u.createdAt), asc(u.id)],
  });
  return user ?? null;
}
