/** Step payloads larger than this are cut, with a flag (never silently dropped). */
export const PAYLOAD_CAP_BYTES = 256 * 1024;

export interface CappedPayload {
  value: unknown;
  truncated: boolean;
}

/**
 * Keeps JSON payloads under the cap. A cut payload becomes
 * `{ _truncated: true, originalBytes, preview }` so the UI can say so.
 */
export function capPayload(value: unknown, capBytes = PAYLOAD_CAP_BYTES): CappedPayload {
  if (value === undefined) return { value: null, truncated: false };
  const text = JSON.stringify(value);
  if (text === undefined) return { value: null, truncated: false };
  const bytes = Buffer.byteLength(text);
  if (bytes <= capBytes) return { value, truncated: false };
  return { value: { _truncated: true, originalBytes: bytes, preview: text.slice(0, Math.floor(capBytes / 4)) }, truncated: true };
}

/**
 * The same cap, producing JSON text: the hot path serialises each payload once and
 * hands the text to Postgres, instead of stringifying to measure and again to send.
 */
export function capJson(value: unknown, capBytes = PAYLOAD_CAP_BYTES): { json: string; truncated: boolean } {
  const text = value === undefined ? undefined : JSON.stringify(value);
  if (text === undefined) return { json: "null", truncated: false };
  // A UTF-8 byte is at most one JS char unit, so short strings skip the byte count.
  if (text.length * 3 <= capBytes || Buffer.byteLength(text) <= capBytes) return { json: text, truncated: false };
  return { json: JSON.stringify({ _truncated: true, originalBytes: Buffer.byteLength(text), preview: text.slice(0, Math.floor(capBytes / 4)) }), truncated: true };
}
