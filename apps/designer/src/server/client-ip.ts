/**
 * The client's address for the audit log: the first X-Forwarded-For hop (set by
 * Next.js and by reverse proxies), else X-Real-IP. Null when neither is present.
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || null;
}
