import fs from "node:fs";
import path from "node:path";

/**
 * Summarises V8 .cpuprofile files (node --cpu-prof) by self time: which package
 * and which functions the runtime spent its CPU in. Idle time is left out. V8
 * samples wall time, so on a saturated machine a socket write that wakes Postgres
 * or Redis also collects the time the process then waits preempted; those native
 * write frames are counted apart and the shares are of everything else.
 */
const SOCKET_WRITES = new Set(["writev", "writeBuffer", "writeUtf8String", "writeLatin1String"]);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function bucketOf(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith("node:")) return url.split("/").slice(0, 2).join("/");
  if (url.includes("/apps/runtime/dist/")) return "ipaas runtime bundle";
  return path.basename(url);
}

export interface ProfileSummary {
  /** Sampled, not idle, not in a socket write. */
  busyMs: number;
  /** Sampled inside native socket writes (CPU plus preemption). */
  socketWriteMs: number;
  packages: Array<{ name: string; ms: number; share: number }>;
  functions: Array<{ name: string; ms: number; share: number }>;
}

export function summariseProfiles(dir: string, top = 12): ProfileSummary | null {
  if (!fs.existsSync(dir)) return null;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) return null;
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  let socketWrites = 0;
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const node = nodes.get(id);
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      if (!node || node.callFrame.functionName === "(idle)") return;
      if (SOCKET_WRITES.has(node.callFrame.functionName) && !node.callFrame.url) {
        socketWrites += ms;
        return;
      }
      busy += ms;
      const { functionName, url, lineNumber } = node.callFrame;
      const pkg = bucketOf(url, functionName);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
      const fname = `${functionName || "(anonymous)"}  [${pkg}${url && !url.startsWith("node:") ? `:${lineNumber + 1}` : ""}]`;
      byFunction.set(fname, (byFunction.get(fname) ?? 0) + ms);
    });
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: busy > 0 ? ms / busy : 0 }));
  return { busyMs: busy, socketWriteMs: socketWrites, packages: rank(byPackage), functions: rank(byFunction) };
}
