import type { MessagePort } from "node:worker_threads";
import { evaluateExpression, MappingError } from "../evaluate";
import type { LookupReply, LookupRequest, SandboxFailure, SandboxResult, SandboxTask, WorkerMessage } from "./protocol";

/**
 * One evaluation inside a sandbox worker thread (see pool.ts): the same
 * evaluateExpression with all its limits, plus the thread's hard ones (wall
 * clock and heap, enforced from outside). `$lookup` asks the caller's thread.
 */

/** Thrown by the worker-side resolver; carries the request id so the caller can rethrow its original error. */
class RemoteLookupError extends Error {
  constructor(
    message: string,
    readonly request: number,
  ) {
    super(message);
  }
}

function remoteResolver(port: MessagePort) {
  let next = 0;
  const pending = new Map<number, { resolve: (v: Map<string, unknown>) => void; reject: (e: unknown) => void }>();
  port.on("message", (reply: LookupReply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiter) return;
    if (reply.ok) waiter.resolve(new Map(reply.entries));
    else waiter.reject(new RemoteLookupError(reply.message, reply.id));
  });
  return (table: string, keys: string[]) =>
    new Promise<Map<string, unknown>>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      port.postMessage({ type: "lookup", id, table, keys } satisfies LookupRequest);
    });
}

function describe(err: unknown): SandboxFailure {
  if (err instanceof MappingError) return { kind: "mapping", message: err.message, code: err.code, position: err.position, token: err.token };
  if (err instanceof RemoteLookupError) return { kind: "resolver", message: err.message, request: err.request };
  return { kind: "other", message: err instanceof Error ? err.message : String(err) };
}

export default async function evaluateTask(task: SandboxTask): Promise<SandboxResult> {
  task.port.postMessage({ type: "started" } satisfies WorkerMessage);
  const lookupMany = task.hasLookup ? remoteResolver(task.port) : undefined;
  try {
    const value = await evaluateExpression(task.text, task.input, { bindings: task.bindings, timeoutMs: task.timeoutMs, maxDepth: task.maxDepth, lookupMany });
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: describe(err) };
  } finally {
    task.port.close();
  }
}
