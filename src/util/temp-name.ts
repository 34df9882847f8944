// interup's one naming scheme for files it is still writing: `.NAME.interup-PID-HEX.EXT` beside the final
// `NAME.EXT` (hidden, same extension so muxers infer the same container, the writer's pid to tell a live
// write from a kill -9 leftover). The pipeline writes under it and the watchdog refuses to call a folder
// finished while one exists: both read the pattern from here.
import { randomBytes } from 'node:crypto';
import { basename, dirname, extname, join } from 'node:path';

// `.NAME.interup-PID-HEX.EXT`, optionally followed by a suffix such as `.report.json` (a temp's sidecar).
const TEMP_NAME = /^\.(.+)\.interup-(\d+)-([0-9a-f]{6})(\.[^./]+)?((?:\.[^./]+)*)$/;

/** The temporary path interup writes `finalPath` under (same folder and extension, this process's pid). */
export function interupTempPath(finalPath: string, pid = process.pid): string {
  const ext = extname(finalPath);
  return join(dirname(finalPath), `.${basename(finalPath, ext)}.interup-${pid}-${randomBytes(3).toString('hex')}${ext}`);
}

export interface InterupTempName {
  /** The final name it stands for, e.g. `out.mp4`. */
  finalName: string;
  /** The process that writes it. */
  pid: number;
}

/** Parses a file name (not a path) of interup's temp naming; undefined for any other name. */
export function parseInterupTempName(name: string): InterupTempName | undefined {
  const match = TEMP_NAME.exec(name);
  if (!match) return undefined;
  return { finalName: `${match[1]}${match[4] ?? ''}`, pid: Number(match[2]) };
}

/** True when `name` (a file name) is one interup is still writing (or a kill -9 left behind). */
export function isInterupTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** True while a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
