/**
 * Step payloads larger than this are cut for display, with a flag (never silently
 * dropped). Only `run_steps` rows — what the run timeline shows — are cut: every
 * payload execution reads back (trigger payload, run state, dead-letter input,
 * effect results, run output) is stored whole with `fullJson`.
 */
export const PAYLOAD_CAP_BYTES = 256 * 1024;

/**
 * A payload as JSON text for execution: never cut. Its size is bounded upstream
 * (the ingress body limit, the engine's run state limit); Postgres compresses
 * large jsonb values by itself (TOAST), so no extra table or write is needed.
 */
export function fullJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/**
 * A step payload as JSON text for display, capped: a cut payload becomes
 * `{ _truncated: true, originalBytes, preview }` so the UI can say so. Never use
 * this for anything the engine reads back. The hot path serialises each payload
 * once, here, and hands the text to Postgres.
 */
export function capJson(value: unknown, capBytes = PAYLOAD_CAP_BYTES): { json: string; truncated: boolean } {
  const text = value === undefined ? undefined : JSON.stringify(value);
  if (text === undefined) return { json: "null", truncated: false };
  // One UTF-16 unit is at most 3 UTF-8 bytes, so short strings skip the byte count.
  if (text.length * 3 <= capBytes || Buffer.byteLength(text) <= capBytes) return { json: text, truncated: false };
  return { json: JSON.stringify({ _truncated: true, originalBytes: Buffer.byteLength(text), preview: text.slice(0, Math.floor(capBytes / 4)) }), truncated: true };
}

/**
 * What Postgres refuses to store in text and jsonb, whichever way it came in
 * (designer inputs, runtime webhook and API bodies): U+0000, and a UTF-16
 * surrogate without its pair (with the `u` flag a valid pair is one code point, so
 * `\p{Cs}` matches only lone halves). Checked at the edges so such input is a 400
 * naming where it is, never a failed insert (a 500, or an accepted event lost).
 * Returns a phrase to follow the field's name, or null.
 */
export function unstorableText(text: string): string | null {
  if (text.includes("\u0000")) return "contains a NUL character (\\u0000), which cannot be stored";
  if (/\p{Cs}/u.test(text)) return "contains an unpaired UTF-16 surrogate (e.g. \\ud800), which cannot be stored";
  return null;
}
