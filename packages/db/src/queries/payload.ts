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
