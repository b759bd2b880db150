import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { portOrFree } from "./ports";

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

export class MissingRedisError extends Error {}

function onPath(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/**
 * Makes sure `redis-server` exists. As root on Debian/Ubuntu (and when allowed) it
 * installs Debian's package, saying so; otherwise it explains how to get one.
 */
export function ensureRedisServer(options: { autoInstall: boolean; log: (line: string) => void }): void {
  if (onPath("redis-server")) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (options.autoInstall && isRoot && onPath("apt-get")) {
    options.log("redis-server is not installed: installing Debian's package (apt-get install -y redis-server) …");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "-qq", "redis-server"], { stdio: "inherit", env }) : update;
    if (install.status === 0 && onPath("redis-server")) return;
  }
  throw new MissingRedisError(
    [
      "redis-server was not found on PATH.",
      "Install it:  sudo apt-get install -y redis-server   (macOS: brew install redis)",
      "or run one:  docker run -d -p 127.0.0.1:6379:6379 redis:7   and set REDIS_URL=redis://localhost:6379",
    ].join("\n"),
  );
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.setTimeout(1000);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Starts a private redis-server with AOF persistence in `dataDir`. The process is
 * our child: stop() (or our exit) ends it.
 */
export async function startRedis(options: { dataDir: string; port?: number; log?: (line: string) => void }): Promise<RedisServer> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const port = await portOrFree(options.port ?? 0);
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", path.resolve(options.dataDir), "--appendonly", "yes", "--save", "", "--daemonize", "no", "--loglevel", "warning"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stopOnExit = () => child.kill("SIGTERM");
  process.once("exit", stopOnExit);

  const deadline = Date.now() + 15_000;
  while (!(await ping(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not start on port ${port}:${os.EOL}${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      process.removeListener("exit", stopOnExit);
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
