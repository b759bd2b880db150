/** Payloads larger than this are cut, with a flag (never silently dropped). */
export const PAYLOAD_CAP_BYTES = 256 * 1024;

/**
 * A payload as JSON text, capped: a cut payload becomes
 * `{ _truncated: true, originalBytes, preview }` so the UI can say so. The hot
 * path serialises each payload once, here, and hands the text to Postgres.
 */
export function capJson(value: unknown, capBytes = PAYLOAD_CAP_BYTES): { json: string; truncated: boolean } {
  const text = value === undefined ? undefined : JSON.stringify(value);
  if (text === undefined) return { json: "null", truncated: false };
  // One UTF-16 unit is at most 3 UTF-8 bytes, so short strings skip the byte count.
  if (text.length * 3 <= capBytes || Buffer.byteLength(text) <= capBytes) return { json: text, truncated: false };
  return { json: JSON.stringify({ _truncated: true, originalBytes: Buffer.byteLength(text), preview: text.slice(0, Math.floor(capBytes / 4)) }), truncated: true };
}
