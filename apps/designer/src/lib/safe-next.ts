/** Where to go after signing in: only paths on this site (no open redirect to another host). */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/flows";
}
