// Watch-dir mode: done when the expected number of files exist under final names, each non-empty,
// matching its .sha256 sidecar where one exists, a media file whole (and matching interup's report beside
// it), and nothing is still being written (*.part, *.tmp, interup's .NAME.interup-PID-HEX.EXT …). "Size
// unchanged over N checks" is judged by the confirm loop, which needs the same fingerprint (names, sizes,
// mtimes, digests) on N consecutive checks.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { isMediaFileName } from '../media/index.js';
import { checkFile, isInProgressName, isTemporaryName, readSidecar } from './file-check.js';
import { matchesGlob } from './glob.js';
import type { Detector, ItemCheck, Observation } from './types.js';

export interface WatchDirOptions {
  dir: string;
  /** How many finished files make the result complete (default 1). */
  expect?: number;
  /** Only files whose path relative to `dir` matches this glob count (e.g. "*.mp4"). */
  pattern?: string;
  /** Files never counted (the watchdog's own sentinel/state when the user puts them inside the dir). */
  ignore?: readonly string[];
}

// Lists regular files under `dir` (recursively), skipping hidden folders; relative paths with "/". A folder
// under interup's temp naming (a run's checkpoints) is listed too: it is a result still being written.
async function listFiles(dir: string): Promise<string[] | undefined> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return undefined;
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() && !(entry.isDirectory() && isInProgressName(entry.name))) continue;
    const rel = relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (rel.split('/').slice(0, -1).some((part) => part.startsWith('.'))) continue;
    out.push(rel);
  }
  return out.sort();
}

/** Creates the watch-dir detector. */
export function createWatchDirDetector(options: WatchDirOptions): Detector {
  const expect = options.expect ?? 1;
  const ignore = new Set((options.ignore ?? []).map((p) => resolve(p)));
  return {
    description: `watch-dir ${resolve(options.dir)} (expect ${expect}${options.pattern ? `, pattern ${options.pattern}` : ''})`,
    async check(signal?: AbortSignal): Promise<Observation> {
      const files = await listFiles(options.dir);
      if (!files) {
        return { items: [], complete: false, fingerprint: 'no-dir', configError: false, failedJobs: [], summary: `${options.dir} does not exist (yet)` };
      }
      const finals = files.filter((rel) => {
        const name = rel.split('/').at(-1) as string;
        return !isTemporaryName(name) && !ignore.has(resolve(options.dir, rel)) && (!options.pattern || matchesGlob(rel, options.pattern) || matchesGlob(name, options.pattern));
      });
      // While anything is still being written (e.g. the second of three videos), the result is not done,
      // even if --expect is already met: stopping now would lose that file.
      const temps = files.filter((rel) => isInProgressName(rel.split('/').at(-1) as string));
      const items: ItemCheck[] = [];
      const prints: string[] = [];
      for (const rel of finals) {
        const path = join(options.dir, rel);
        const sha256 = await readSidecar(`${path}.sha256`);
        const reportPath = `${path}.report.json`;
        const hasReport = await stat(reportPath).then((s) => s.isFile(), () => false);
        const item = await checkFile(path, { sha256, source: 'sidecar', probe: isMediaFileName(rel), reportPath: hasReport ? reportPath : undefined }, signal);
        const { mtimeMs, ...plain } = item;
        items.push(plain);
        prints.push(`${rel}:${item.size ?? '-'}:${mtimeMs ?? '-'}:${item.sha256 ?? '-'}:${item.outcome}`);
      }
      const passed = items.filter((i) => i.outcome === 'pass').length;
      const complete = finals.length >= expect && passed === items.length && temps.length === 0;
      const tempNote = temps.length ? ` (temporary, not counted: ${temps.slice(0, 5).join(', ')})` : '';
      let summary: string;
      if (finals.length < expect) summary = `${finals.length} of ${expect} expected file(s) under a final name${tempNote}`;
      else if (passed < items.length) summary = `${items.length - passed} file(s) not finished${tempNote}`;
      else if (temps.length) summary = `${finals.length} file(s) done but still writing${tempNote}`;
      else summary = `${finals.length} file(s) present and checked`;
      prints.push(...temps.map((rel) => `in-progress:${rel}`));
      return { items, complete, fingerprint: prints.join('|'), configError: false, failedJobs: [], summary };
    },
  };
}
