import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";

export interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

/** Spawns a long-running child whose output lines are prefixed with its name. */
export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined>; log: (line: string) => void },
): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on("line", (line) => options.log(`[${name}] ${line}`));
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { name, process: child, exited };
}

/** SIGTERM, then SIGKILL after `graceMs`: a stop never leaves an orphan behind. */
export async function stopChild(child: Child, graceMs = 10_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill("SIGTERM");
  const timer = setTimeout(() => child.process.kill("SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** Runs a command to completion, streaming its output; rejects on a non-zero exit. */
export function runCommand(command: string, args: string[], options: { cwd: string; env?: Record<string, string | undefined>; log: (line: string) => void }): Promise<void> {
  const child = startChild(args[0] ?? command, command, args, { cwd: options.cwd, env: options.env ?? process.env, log: options.log });
  return child.exited.then((code) => {
    if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with code ${code}`);
  });
}
