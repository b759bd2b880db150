import fs from "node:fs";

/**
 * CPU time by component, from /proc (Linux; elsewhere every figure is null).
 * A snapshot reads utime/stime (and reaped children's time) of every process;
 * the difference of two snapshots is what each component spent in between.
 * Components are matched by pid (our children) or by command name (postgres
 * backends come and go; their time ends up in the postmaster's cutime/cstime).
 * Whatever else used the CPU meanwhile (another build on the same machine) is
 * listed too, because it makes the numbers unreliable.
 */

const TICKS_PER_SECOND = 100; // USER_HZ; 100 on every Linux that matters

export interface Component {
  name: string;
  pids?: () => number[];
  /** /proc/<pid>/comm, e.g. "postgres", "redis-server". */
  comm?: string;
}

interface ProcTimes {
  comm: string;
  /** utime + stime, and stime alone (seconds). */
  self: number;
  sys: number;
  /** Reaped children's cutime + cstime, and cstime alone. */
  children: number;
  childrenSys: number;
}

export interface Snapshot {
  at: number;
  components: Component[];
  procs: Map<number, ProcTimes>;
  machineBusy: number;
  machineTotal: number;
  /** Interrupt handling (loopback TCP is mostly softirq) and time stolen by the hypervisor. */
  machineIrq: number;
  machineSteal: number;
}

const available = fs.existsSync("/proc/self/stat");

function procTimes(pid: number): ProcTimes | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm is in parentheses and may contain spaces; fields after it are space-separated.
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const f = text.slice(close + 2).split(" ");
    // After comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(f[i]) / TICKS_PER_SECOND) as [number, number, number, number];
    return { comm, self: utime + stime, sys: stime, children: cutime + cstime, childrenSys: cstime };
  } catch {
    return null; // exited meanwhile
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
  const procs = new Map<number, ProcTimes>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const t = procTimes(Number(entry));
    if (t) procs.set(Number(entry), t);
  }
  const m = machine();
  return { at: performance.now(), components, procs, machineBusy: m.busy, machineTotal: m.total, machineIrq: m.irq, machineSteal: m.steal };
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
  /** The busiest processes that are not part of the bench. */
  others: Array<{ pid: number; command: string; corePercent: number }>;
  /** Whole machine, % of all cores: busy, of which interrupts and steal. */
  machineBusyPercent: number;
  machineIrqPercent: number;
  machineStealPercent: number;
}

function commandOf(pid: number, comm: string): string {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    return (cmd || `[${comm}]`).slice(0, 70);
  } catch {
    return `[${comm}]`;
  }
}

export function diff(a: Snapshot | null, b: Snapshot | null): CpuDiff | null {
  if (!a || !b) return null;
  const wall = (b.at - a.at) / 1000;
  const used = (pid: number) => {
    const after = b.procs.get(pid);
    if (!after) return { cpu: 0, sys: 0 };
    const before = a.procs.get(pid);
    const total = (t: ProcTimes | undefined) => (t ? t.self + t.children : 0);
    const sys = (t: ProcTimes | undefined) => (t ? t.sys + t.childrenSys : 0);
    return { cpu: Math.max(0, total(after) - total(before)), sys: Math.max(0, sys(after) - sys(before)) };
  };
  const components: Record<string, CpuUsage> = {};
  const claimed = new Set<number>();
  for (const c of b.components) {
    const pids = c.comm ? [...b.procs.entries()].filter(([, t]) => t.comm === c.comm).map(([pid]) => pid) : (c.pids?.() ?? []);
    let seconds = 0;
    let sysSeconds = 0;
    for (const pid of pids) {
      claimed.add(pid);
      const u = used(pid);
      seconds += u.cpu;
      sysSeconds += u.sys;
    }
    components[c.name] = { seconds, sysSeconds, corePercent: (100 * seconds) / wall };
  }
  const others = [...b.procs.keys()]
    .filter((pid) => !claimed.has(pid))
    .map((pid) => ({ pid, seconds: used(pid).cpu }))
    .filter((o) => o.seconds / wall >= 0.03)
    .sort((x, y) => y.seconds - x.seconds)
    .slice(0, 4)
    .map((o) => ({ pid: o.pid, command: commandOf(o.pid, b.procs.get(o.pid)?.comm ?? "?"), corePercent: (100 * o.seconds) / wall }));
  const total = b.machineTotal - a.machineTotal;
  const pct = (x: number) => (total > 0 ? (100 * x) / total : NaN);
  return {
    wallSeconds: wall,
    components,
    others,
    machineBusyPercent: pct(b.machineBusy - a.machineBusy),
    machineIrqPercent: pct(b.machineIrq - a.machineIrq),
    machineStealPercent: pct(b.machineSteal - a.machineSteal),
  };
}
