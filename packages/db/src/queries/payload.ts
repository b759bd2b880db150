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
