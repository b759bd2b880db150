import type { Db } from "@ipaas/db";
import type { SessionUser } from "../src/server/services/users";

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
