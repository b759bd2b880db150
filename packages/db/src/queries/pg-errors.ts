/**
 * The SQLSTATE and constraint of a Postgres error, looked up through drizzle's
 * `cause` chain (node-postgres errors carry them; drizzle may wrap them).
 */
export function pgErrorOf(err: unknown): { code: string; constraint?: string } | null {
  for (let e = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const pgErr = e as { code?: unknown; constraint?: unknown };
    if (typeof pgErr.code === "string" && /^[0-9A-Z]{5}$/.test(pgErr.code)) {
      return { code: pgErr.code, constraint: typeof pgErr.constraint === "string" ? pgErr.constraint : undefined };
    }
  }
  return null;
}

export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const pgErr = pgErrorOf(err);
  return pgErr?.code === "23505" && pgErr.constraint === constraint;
}

export function isForeignKeyViolation(err: unknown, constraint: string): boolean {
  const pgErr = pgErrorOf(err);
  return pgErr?.code === "23503" && pgErr.constraint === constraint;
}
