// CPU seconds this process has used (all its threads) and that its finished children used (ffmpeg runs
// are reaped by Node, so their time lands in /proc/self/stat's cutime + cstime). On a shared machine CPU
// time varies far less than wall time, and it shows when a run is bound by the cores rather than by waits.
import { readFileSync } from 'node:fs';

export interface CpuTime {
  /** This process: user + system seconds, every thread. */
  self: number;
  /** Waited-for children: user + system seconds (0 where /proc is missing). */
  children: number;
}

const TICKS_PER_SECOND = 100; // Linux's USER_HZ (getconf CLK_TCK)

/** The CPU time so far; subtract two readings to time a stretch of work. */
export function cpuTime(): CpuTime {
  const usage = process.cpuUsage();
  let children = 0;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after "pid (comm) ": state is field 3, cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    children = (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  } catch {
    // Not Linux: children's time unknown.
  }
  return { self: (usage.user + usage.system) / 1e6, children };
}

/** CPU seconds (self + children) between two readings. */
export function cpuSeconds(from: CpuTime, to: CpuTime = cpuTime()): number {
  return to.self - from.self + (to.children - from.children);
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
