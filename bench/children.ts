import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";

/**
 * The bench's own helper processes (fake ERP, baseline service): TypeScript run by
 * node with tsx's loader, configured and queried over the IPC channel, and ended
 * when the channel closes — so they cannot outlive the bench even after a crash.
 */
export interface IpcChild<Msg extends { type: string }> {
  process: ChildProcess;
  pid: number;
  port: number;
  /** Sends a message and resolves with the child's first reply of type `replyType`. */
  request<T extends Msg["type"]>(message: unknown, replyType: T, timeoutMs?: number): Promise<Extract<Msg, { type: T }>>;
  stop(): Promise<void>;
}

export async function startIpcChild<Msg extends { type: string }>(
  name: string,
  file: string,
  config: unknown,
  options: { cwd: string; log: (line: string) => void; timeoutMs?: number },
): Promise<IpcChild<Msg>> {
  const child = spawn(process.execPath, ["--import", "tsx", file], {
    cwd: options.cwd,
    // A minimal environment: the children read their configuration from IPC only.
    env: { NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on("line", (line) => options.log(`[${name}] ${line}`));
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const waitFor = <T extends Msg["type"]>(type: T, timeoutMs: number) =>
    new Promise<Extract<Msg, { type: T }>>((resolve, reject) => {
      const onMessage = (msg: Msg) => {
        if (msg.type !== type) return;
        cleanup();
        resolve(msg as Extract<Msg, { type: T }>);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`${name} exited (code ${code}) while waiting for "${type}"`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${name} did not answer "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
    });

  const ready = waitFor("ready" as Msg["type"], options.timeoutMs ?? 30_000);
  child.send(config as object);
  let port: number;
  try {
    port = ((await ready) as unknown as { port: number }).port;
  } catch (err) {
    child.kill("SIGKILL");
    throw err;
  }
  return {
    process: child,
    pid: child.pid ?? -1,
    port,
    request(message, replyType, timeoutMs = 30_000) {
      const reply = waitFor(replyType, timeoutMs);
      child.send(message as object);
      return reply;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.disconnect();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
