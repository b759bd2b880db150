import fs from "node:fs";

/**
 * CPU time by component, from /proc (Linux; elsewhere every figure is null).
 * A snapshot sums utime+stime (+ reaped children's time) of the processes of
 * each component; the difference of two snapshots is what each spent in between.
 * Processes are matched by pid (our children) or by command name (postgres
 * backends come and go; their time ends up in the postmaster's cutime/cstime).
 */

const TICKS_PER_SECOND = 100; // USER_HZ; 100 on every Linux that matters

export interface Component {
  name: string;
  pids?: () => number[];
  /** /proc/<pid>/comm, e.g. "postgres", "redis-server". */
  comm?: string;
}

export interface Snapshot {
  at: number;
  /** CPU seconds per component. */
  cpu: Record<string, number>;
  /** Whole machine: busy and total CPU seconds (all cores). */
  machineBusy: number;
  machineTotal: number;
}

const available = fs.existsSync("/proc/self/stat");

function procTimes(pid: number): { self: number; children: number; comm: string } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm is in parentheses and may contain spaces; fields after it are space-separated.
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const f = text.slice(close + 2).split(" ");
    // After comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    return { self: (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND, children: (Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND, comm };
  } catch {
    return null;
  }
}

function machine(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((s, x) => s + x, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

export function snapshot(components: Component[]): Snapshot | null {
  if (!available) return null;
  const cpu: Record<string, number> = {};
  const byComm = components.filter((c) => c.comm);
  const commTotals = new Map<string, number>();
  if (byComm.length > 0) {
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const t = procTimes(Number(entry));
      if (!t) continue;
      if (byComm.some((c) => c.comm === t.comm)) commTotals.set(t.comm, (commTotals.get(t.comm) ?? 0) + t.self + t.children);
    }
  }
  for (const c of components) {
    if (c.comm) cpu[c.name] = commTotals.get(c.comm) ?? 0;
    else if (c.pids) cpu[c.name] = c.pids().reduce((s, pid) => s + (pid === process.pid ? selfCpu() : (procTimes(pid)?.self ?? 0)), 0);
  }
  const m = machine();
  return { at: performance.now(), cpu, machineBusy: m.busy, machineTotal: m.total };
}

function selfCpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export interface CpuUsage {
  seconds: number;
  /** Average share of one core over the interval (100 = one core busy). */
  corePercent: number;
}

export function diff(a: Snapshot | null, b: Snapshot | null): { wallSeconds: number; components: Record<string, CpuUsage>; machineBusyPercent: number } | null {
  if (!a || !b) return null;
  const wall = (b.at - a.at) / 1000;
  const components: Record<string, CpuUsage> = {};
  for (const name of Object.keys(b.cpu)) {
    const seconds = Math.max(0, (b.cpu[name] ?? 0) - (a.cpu[name] ?? 0));
    components[name] = { seconds, corePercent: (100 * seconds) / wall };
  }
  const total = b.machineTotal - a.machineTotal;
  return { wallSeconds: wall, components, machineBusyPercent: total > 0 ? (100 * (b.machineBusy - a.machineBusy)) / total : NaN };
}
