import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const runtimeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");


export interface RuntimeProcess {
  child: ChildProcess;
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The real runtime entry point (src/main.ts) as a separate OS process. */
function startMain(env: Record<string, string>): ChildProcess {
  // node itself (not the tsx wrapper), so a signal reaches the worker and not a parent that survives it.
  return spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: runtimeDir,
    env: { PATH: process.env.PATH ?? "", RUNTIME_PORT: "0", RUNTIME_INTERNAL_PORT: "0", RUNTIME_HOST: "127.0.0.1", RUNTIME_MIGRATE: "false", LOG_LEVEL: "info", IPAAS_OUTBOUND_ALLOW: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** A runtime expected to fail at start-up: waits for it to exit and returns its exit code and output. */
export function runtimeExit(env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  const child = startMain(env);
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

/** The runtime as a separate OS process, once it says it is ready. */
export async function spawnRuntime(env: Record<string, string>): Promise<RuntimeProcess> {
  const output: string[] = [];
  const child = startMain(env);
  child.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 30_000;
  while (!output.join("").includes("runtime ready")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`runtime did not start:\n${output.join("")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
