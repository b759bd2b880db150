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
  /** CPU seconds per component, and the part of it spent in the kernel. */
  cpu: Record<string, number>;
  sys: Record<string, number>;
  /** Whole machine: busy and total CPU seconds (all cores). */
  machineBusy: number;
  machineTotal: number;
  /** Interrupt handling (loopback TCP is mostly softirq) and time stolen by the hypervisor. */
  machineIrq: number;
  machineSteal: number;
}

const available = fs.existsSync("/proc/self/stat");

function procTimes(pid: number): { self: number; sys: number; children: number; childrenSys: number; comm: string } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm is in parentheses and may contain spaces; fields after it are space-separated.
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const f = text.slice(close + 2).split(" ");
    // After comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(f[i]) / TICKS_PER_SECOND) as [number, number, number, number];
    return { self: utime + stime, sys: stime, children: cutime + cstime, childrenSys: cstime, comm };
  } catch {
    return null;
  }
}

function machine(): { busy: number; total: number; irq: number; steal: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  // cpu  user nice system idle iowait irq softirq steal …
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((s, x) => s + x, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND, irq: ((v[5] ?? 0) + (v[6] ?? 0)) / TICKS_PER_SECOND, steal: (v[7] ?? 0) / TICKS_PER_SECOND };
}

export function snapshot(components: Component[]): Snapshot | null {
  if (!available) return null;
  const cpu: Record<string, number> = {};
  const sys: Record<string, number> = {};
  const byComm = components.filter((c) => c.comm);
  const commTotals = new Map<string, { cpu: number; sys: number }>();
  if (byComm.length > 0) {
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const t = procTimes(Number(entry));
      if (!t || !byComm.some((c) => c.comm === t.comm)) continue;
      const total = commTotals.get(t.comm) ?? { cpu: 0, sys: 0 };
      commTotals.set(t.comm, { cpu: total.cpu + t.self + t.children, sys: total.sys + t.sys + t.childrenSys });
    }
  }
  for (const c of components) {
    if (c.comm) {
      cpu[c.name] = commTotals.get(c.comm)?.cpu ?? 0;
      sys[c.name] = commTotals.get(c.comm)?.sys ?? 0;
    } else if (c.pids) {
      const times = c.pids().map((pid) => (pid === process.pid ? selfTimes() : procTimes(pid)));
      cpu[c.name] = times.reduce((s, t) => s + (t?.self ?? 0), 0);
      sys[c.name] = times.reduce((s, t) => s + (t?.sys ?? 0), 0);
    }
  }
  const m = machine();
  return { at: performance.now(), cpu, sys, machineBusy: m.busy, machineTotal: m.total, machineIrq: m.irq, machineSteal: m.steal };
}

function selfTimes() {
  const u = process.cpuUsage();
  return { self: (u.user + u.system) / 1e6, sys: u.system / 1e6 };
}

export interface CpuUsage {
  seconds: number;
  /** Part of `seconds` spent in the kernel (syscalls, loopback TCP). */
  sysSeconds: number;
  /** Average share of one core over the interval (100 = one core busy). */
  corePercent: number;
}

export interface CpuDiff {
  wallSeconds: number;
  components: Record<string, CpuUsage>;
  /** Whole machine, % of all cores: busy, of which interrupts and steal. */
  machineBusyPercent: number;
  machineIrqPercent: number;
  machineStealPercent: number;
}

export function diff(a: Snapshot | null, b: Snapshot | null): CpuDiff | null {
  if (!a || !b) return null;
  const wall = (b.at - a.at) / 1000;
  const components: Record<string, CpuUsage> = {};
  for (const name of Object.keys(b.cpu)) {
    const seconds = Math.max(0, (b.cpu[name] ?? 0) - (a.cpu[name] ?? 0));
    const sysSeconds = Math.max(0, (b.sys[name] ?? 0) - (a.sys[name] ?? 0));
    components[name] = { seconds, sysSeconds, corePercent: (100 * seconds) / wall };
  }
  const total = b.machineTotal - a.machineTotal;
  const pct = (x: number) => (total > 0 ? (100 * x) / total : NaN);
  return {
    wallSeconds: wall,
    components,
    machineBusyPercent: pct(b.machineBusy - a.machineBusy),
    machineIrqPercent: pct(b.machineIrq - a.machineIrq),
    machineStealPercent: pct(b.machineSteal - a.machineSteal),
  };
}
