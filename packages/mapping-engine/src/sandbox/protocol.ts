import type { MessagePort } from "node:worker_threads";

/**
 * Messages between the sandbox pool (pool.ts, caller's thread) and its workers
 * (worker.ts). Everything crosses by structured clone, so only data travels:
 * bindings must be plain JSON-like values, and `$lookup` is answered over `port`.
 */
export interface SandboxTask {
  text: string;
  input: unknown;
  bindings?: Record<string, unknown>;
  timeoutMs: number;
  maxDepth?: number;
  /** The worker says it started (the hard wall clock starts then, not while queued) and asks for lookups over it. */
  port: MessagePort;
  /** The caller passed a resolver: `$lookup` is answered over `port` (else it fails as unavailable). */
  hasLookup: boolean;
}

/** A thrown error, as plain data: MappingError fields, or `resolver` for a failed lookup (the caller rethrows its own error). */
export interface SandboxFailure {
  kind: "mapping" | "resolver" | "other";
  message: string;
  code?: string;
  position?: number;
  token?: string;
  /** The lookup request whose failure this is (kind "resolver"). */
  request?: number;
}

export type SandboxResult = { ok: true; value: unknown } | { ok: false; error: SandboxFailure };

/** Worker to caller, over the task's port. */
export type WorkerMessage = { type: "started" } | LookupRequest;

export interface LookupRequest {
  type: "lookup";
  id: number;
  table: string;
  keys: string[];
}

export type LookupReply = { id: number; ok: true; entries: Array<[string, unknown]> } | { id: number; ok: false; message: string };
