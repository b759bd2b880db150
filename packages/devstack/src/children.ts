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

/**
 * The environment every turbo the project runs gets: telemetry off. Its first-run banner landed
 * in the middle of `npm start`'s output (issue 15), and turbo has no repository setting for it,
 * only this variable (or a per-machine `turbo telemetry disable`); package.json's scripts set it too.
 */
export function turboEnv(env: Record<string, string | undefined> = process.env): Record<string, string | undefined> {
  return { ...env, TURBO_TELEMETRY_DISABLED: "1" };
}

/** Builds these workspaces (and what they depend on) with turbo, cached when unchanged; only errors are shown. */
export function turboBuild(workspaces: string[], options: { cwd: string; log: (line: string) => void }): Promise<void> {
  const args = ["turbo", "run", "build", ...workspaces.map((w) => `--filter=${w}`), "--output-logs=errors-only"];
  return runCommand("npx", args, { cwd: options.cwd, env: turboEnv(), log: options.log });
}
