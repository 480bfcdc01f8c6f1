import { readdirSync, readFileSync } from 'node:fs';

/**
 * Peak memory of a process tree, polled from /proc (Linux). RSS summed over a tree counts shared
 * pages (Chromium's renderers share most of theirs) once per process; PSS splits them, so both
 * are kept: RSS is what the issue asks, PSS is closer to what the machine really spends.
 */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** User + system CPU time in clock ticks. */
  ticks: number;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, hence lastIndexOf. */
export function parseStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  const pid = Number.parseInt(text, 10);
  if (close < 0 || !Number.isFinite(pid)) return undefined;
  const fields = text.slice(close + 2).trim().split(/\s+/);
  // After the name: state(0) ppid(1) ... utime(11) stime(12).
  const ppid = Number(fields[1]);
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ppid) || !Number.isFinite(ticks)) return undefined;
  return { pid, ppid, ticks };
}

/** A "Name:   1234 kB" line of /proc/<pid>/status or smaps_rollup, in kB (0 when absent). */
export function parseKb(text: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/** Every pid under the roots (the roots included), given each process's parent. */
export function treeOf(stats: readonly ProcStat[], roots: readonly number[]): number[] {
  const children = new Map<number, number[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  const known = new Set(stats.map((stat) => stat.pid));
  const seen = new Set<number>();
  const queue = roots.filter((pid) => known.has(pid));
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return [...seen];
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended between the listing and the read
  }
}

export function allStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const text = readProc(`/proc/${entry}/stat`);
    const stat = text === undefined ? undefined : parseStat(text);
    if (stat) stats.push(stat);
  }
  return stats;
}

export interface TreeMemory {
  rssKb: number;
  pssKb: number;
  processes: number;
  /** Chromium renderers in the tree: one per open browser context with a page (issue 17). */
  renderers?: number;
}

export function treeMemory(roots: readonly number[]): TreeMemory {
  const pids = treeOf(allStats(), roots);
  let rssKb = 0;
  let pssKb = 0;
  let renderers = 0;
  for (const pid of pids) {
    if ((readProc(`/proc/${pid}/cmdline`) ?? '').includes('--type=renderer')) renderers++;
    rssKb += parseKb(readProc(`/proc/${pid}/status`) ?? '', 'VmRSS');
    pssKb += parseKb(readProc(`/proc/${pid}/smaps_rollup`) ?? '', 'Pss');
  }
  return { rssKb, pssKb, processes: pids.length, renderers };
}

/** CPU ticks (user + system) of one process, or of its whole tree. */
export function treeTicks(roots: readonly number[]): number {
  const stats = allStats();
  const pids = new Set(treeOf(stats, roots));
  return stats.filter((stat) => pids.has(stat.pid)).reduce((sum, stat) => sum + stat.ticks, 0);
}

/** Polls a tree's memory until stopped; keeps the peaks. */
export class PeakMemory {
  peak: TreeMemory = { rssKb: 0, pssKb: 0, processes: 0, renderers: 0 };
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly roots: () => number[]) {}

  start(intervalMs = 250): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): TreeMemory {
    clearInterval(this.timer);
    return this.peak;
  }

  private sample(): void {
    const now = treeMemory(this.roots());
    this.peak = {
      rssKb: Math.max(this.peak.rssKb, now.rssKb),
      pssKb: Math.max(this.peak.pssKb, now.pssKb),
      processes: Math.max(this.peak.processes, now.processes),
      renderers: Math.max(this.peak.renderers ?? 0, now.renderers ?? 0),
    };
  }
}
