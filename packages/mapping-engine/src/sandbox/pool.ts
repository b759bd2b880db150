import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import Piscina from "piscina";
import { MappingError } from "../errors";
import type { EvaluateOptions } from "../evaluate";
import { DEFAULT_TIMEOUT_MS } from "../limits";
import type { LookupReply, SandboxResult, SandboxTask, WorkerMessage } from "./protocol";

/**
 * Evaluation in a pool of worker threads, for expressions typed by a user and run
 * on demand (the mapping editor's preview and test runner). In-process evaluation
 * is already bounded (time/depth hook, RE2, size caps), but only cooperatively: a
 * step nobody thought of could still hold the event loop or exhaust the heap. Here
 * the thread has a hard wall clock (terminated when the soft limit plus GRACE_MS
 * has passed) and its own small heap (`resourceLimits`), and a terminated or
 * crashed thread is replaced by the pool; the caller's process is untouched.
 *
 * Flows in the runtime stay in-process: a round trip per evaluation (and one per
 * $lookup batch) would cost more than the 1.5x the hot path may spend, and their
 * expressions were published by an analyst, already ran in this sandbox in the
 * editor, and are bounded by the same in-process limits.
 */

export interface SandboxOptions {
  /** Threads kept ready; the first evaluation otherwise waits for one to start (it loads the engine). */
  minThreads?: number;
  maxThreads?: number;
  /** Heap of one thread; an evaluation that needs more fails with MAPPING_MEMORY_LIMIT. */
  maxHeapMb?: number;
  /** Extra wall-clock time beyond the evaluation's own timeout before the thread is terminated. */
  graceMs?: number;
}

export interface IsolatedEvaluateOptions extends Pick<EvaluateOptions, "bindings" | "lookup" | "lookupMany" | "maxDepth" | "timeoutMs"> {
  /** Wall clock after which the thread is terminated; default timeoutMs + graceMs. */
  hardTimeoutMs?: number;
}

const DEFAULTS: Required<SandboxOptions> = { minThreads: 1, maxThreads: 2, maxHeapMb: 128, graceMs: 1000 };

/**
 * The worker entry sits beside this file (path computed at run time so bundlers
 * leave it alone). Inside a bundle (the designer's Next build) this module's URL is
 * the bundle's: then the package is found from the working directory instead.
 */
function workerFile(): string {
  try {
    const beside = path.join(path.dirname(fileURLToPath(import.meta.url)), "worker-boot.mjs");
    if (fs.existsSync(beside)) return beside;
  } catch {
    // Not a file: URL (bundled); fall through.
  }
  return createRequire(path.join(process.cwd(), "package.json")).resolve("@ipaas/mapping-engine/sandbox-worker");
}

export class ExpressionSandbox {
  private readonly pool: Piscina<SandboxTask, SandboxResult>;
  private readonly graceMs: number;

  constructor(options: SandboxOptions = {}) {
    const o = { ...DEFAULTS, ...options };
    this.graceMs = o.graceMs;
    this.pool = new Piscina({
      filename: workerFile(),
      minThreads: o.minThreads,
      maxThreads: o.maxThreads,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: o.maxHeapMb, maxYoungGenerationSizeMb: Math.min(32, o.maxHeapMb), stackSizeMb: 4 },
    });
  }

  /** Threads alive right now (tests: a terminated thread is replaced). */
  get threadIds(): number[] {
    return this.pool.threads.map((t) => t.threadId);
  }

  async evaluate(text: string, input: unknown, options: IsolatedEvaluateOptions = {}): Promise<unknown> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const hardMs = options.hardTimeoutMs ?? timeoutMs + this.graceMs;
    const channel = new MessageChannel();
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // The wall clock starts when a thread picks the task up: waiting in the queue, or
    // for a replacement thread to load the engine, is not the expression's time.
    const startClock = () => {
      if (Number.isFinite(hardMs)) timer = setTimeout(() => abort.abort(), hardMs);
    };
    const failures = serveWorker(channel.port1, options, startClock);
    let result: SandboxResult;
    try {
      const hasLookup = options.lookup !== undefined || options.lookupMany !== undefined;
      const task: SandboxTask = { text, input, bindings: options.bindings, timeoutMs, maxDepth: options.maxDepth, port: channel.port2, hasLookup };
      result = await this.pool.run(task, { signal: abort.signal, transferList: [channel.port2] });
    } catch (err) {
      throw threadFailure(err, abort.signal.aborted, hardMs);
    } finally {
      clearTimeout(timer);
      channel.port1.close();
    }
    if (result.ok) return result.value;
    const { error } = result;
    if (error.kind === "resolver") throw failures?.get(error.request ?? -1) ?? new Error(error.message);
    if (error.kind === "mapping") throw new MappingError(error.message, error.code ?? "MAPPING_ERROR", error.position, error.token);
    throw new Error(error.message);
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}

/**
 * Starts the clock when the worker says so, and answers its `$lookup` batches with the caller's resolvers. A failing
 * resolver's error is kept here by request id: the evaluation then fails with that
 * very error (the caller may retry it), not with a copy of its message.
 */
function serveWorker(port: MessagePort, options: IsolatedEvaluateOptions, started: () => void): Map<number, unknown> {
  const failures = new Map<number, unknown>();
  port.on("message", (message: WorkerMessage) => {
    if (message.type === "started") return started();
    const request = message;
    void (async () => {
      let reply: LookupReply;
      try {
        const found = options.lookupMany
          ? await options.lookupMany(request.table, request.keys)
          : new Map(await Promise.all(request.keys.map(async (key) => [key, await options.lookup?.(request.table, key)] as const)));
        reply = { id: request.id, ok: true, entries: [...found].filter(([, value]) => value !== undefined) };
      } catch (err) {
        failures.set(request.id, err);
        reply = { id: request.id, ok: false, message: err instanceof Error ? err.message : String(err) };
      }
      port.postMessage(reply);
    })();
  });
  return failures;
}

/** Why the thread did not answer, as the mapping error an analyst can act on. */
function threadFailure(err: unknown, aborted: boolean, hardMs: number): unknown {
  if (aborted) {
    return new MappingError(
      `The mapping was stopped after ${hardMs} ms of wall-clock time and its sandbox thread terminated; it may loop forever or work on too much data`,
      "MAPPING_TIMEOUT",
    );
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ERR_WORKER_OUT_OF_MEMORY") {
    return new MappingError("The mapping used more memory than its sandbox allows and was stopped; it probably builds too much data", "MAPPING_MEMORY_LIMIT");
  }
  return err;
}

let shared: ExpressionSandbox | undefined;

/** evaluateExpression in the process-wide sandbox pool (created on first use). */
export function evaluateIsolated(text: string, input: unknown, options: IsolatedEvaluateOptions = {}): Promise<unknown> {
  shared ??= new ExpressionSandbox();
  return shared.evaluate(text, input, options);
}
