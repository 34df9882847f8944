// The work folder of a checkpointed run: `.NAME.interup-PID-HEX.EXT.checkpoints/` beside the output (interup's
// temp naming, so a watchdog never takes it for a result), holding `checkpoint.json` (what the segments were
// made from: the input's identity, the settings that alter frames, the segment plan) and one verified
// segment file per finished range. A rerun finds the folder, claims it (renames it to its own pid), and
// reuses it only when the input and those settings are unchanged; otherwise it says what changed and
// starts over.
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, interupTempPath, parseInterupTempName, pidAlive, type Logger } from '../util/index.js';

export const WORK_SUFFIX = '.checkpoints';
const MANIFEST = 'checkpoint.json';
/** Bytes digested at each end of the input: enough to tell a re-encode or a truncation, cheap on any size. */
const EDGE_BYTES = 1024 * 1024;

export interface InputIdentity {
  /** Absolute path it was read from (absent in checkpoints of older interups): a stale folder of another
   *  output whose input is gone or changed is removed (removeStaleWorkFolders). */
  path?: string;
  size: number;
  /** Milliseconds; absent for an input that each run downloads anew (its content identifies it). */
  mtimeMs?: number;
  /** SHA-256 of the size, the first and the last MiB. */
  digest: string;
}

/** The settings that decide the segments' frames, as text: any difference invalidates the checkpoints. */
export type FrameSettings = Record<string, string>;

export interface CheckpointManifest {
  version: 1;
  input: InputIdentity;
  settings: FrameSettings;
  /** Output frames [from, to) of each segment, in order. */
  segments: { from: number; to: number }[];
}

/** The input's size, modification time (unless `content`) and a digest of its head and tail. */
export async function identifyInput(path: string, identity: 'file' | 'content'): Promise<InputIdentity> {
  const info = await stat(path);
  const hash = createHash('sha256').update(String(info.size));
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(EDGE_BYTES, info.size));
    await file.read(head, 0, head.length, 0);
    const tailLength = Math.min(EDGE_BYTES, info.size);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, info.size - tailLength);
    hash.update(head).update(tail);
  } finally {
    await file.close();
  }
  return { path: resolve(path), size: info.size, ...(identity === 'file' ? { mtimeMs: Math.round(info.mtimeMs) } : {}), digest: hash.digest('hex') };
}

/** How the input differs from the one the checkpoints were made from, in words; '' when it does not. */
function inputChange(was: InputIdentity, now: InputIdentity): string {
  if (was.size !== now.size) return `input size ${was.size} → ${now.size} bytes`;
  if (now.mtimeMs !== undefined && was.mtimeMs !== now.mtimeMs) return 'input modification time';
  if (was.digest !== now.digest) return 'input content';
  return '';
}

/** What differs between the checkpoints' origin and this run, in words ('' when nothing does). */
export function whatChanged(was: CheckpointManifest, now: Omit<CheckpointManifest, 'version'>): string {
  const input = inputChange(was.input, now.input);
  const changes: string[] = input ? [input] : [];
  const keys = [...new Set([...Object.keys(was.settings), ...Object.keys(now.settings)])].sort();
  for (const key of keys) {
    if (was.settings[key] !== now.settings[key]) changes.push(`${key} ${was.settings[key] ?? '(none)'} → ${now.settings[key] ?? '(none)'}`);
  }
  const samePlan = was.segments.length === now.segments.length && was.segments.every((s, i) => s.from === now.segments[i].from && s.to === now.segments[i].to);
  if (changes.length === 0 && !samePlan) changes.push(`segment plan (${was.segments.length} → ${now.segments.length} segments)`);
  return changes.join(', ');
}

export interface WorkFolder {
  path: string;
  /** The manifest it holds (undefined for a new folder, until written). */
  manifest?: CheckpointManifest;
}

/** The work folder holding `output`'s checkpoints, if a run left one (for the CLI's "what was left" line). */
export async function keptCheckpoints(output: string): Promise<string | undefined> {
  return (await listWorkFolders(resolve(output)))[0]?.path;
}

/** Work folders of `output` in its folder, with the pid that named each. */
async function listWorkFolders(output: string): Promise<{ path: string; pid: number }[]> {
  return (await workFoldersIn(dirname(output))).filter((f) => f.finalName === basename(output));
}

/** Every work folder in `dir`: its path, the pid that named it and the output it stands for. */
async function workFoldersIn(dir: string): Promise<{ path: string; pid: number; finalName: string }[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const found: { path: string; pid: number; finalName: string }[] = [];
  for (const name of names) {
    const temp = parseInterupTempName(name);
    if (!temp || !name.endsWith(WORK_SUFFIX)) continue;
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info?.isDirectory()) found.push({ path: join(dir, name), pid: temp.pid, finalName: temp.finalName });
  }
  return found;
}

/** Why a stale work folder can never be resumed ('' when it still can: its input is there, unchanged). */
async function unresumable(folder: string): Promise<string> {
  const manifest = await readManifest(folder);
  if (!manifest) return 'it holds no readable checkpoint.json';
  const was = manifest.input;
  if (was.path === undefined) return ''; // an older interup's: its input cannot be told, so it is kept
  const now = await identifyInput(was.path, was.mtimeMs === undefined ? 'content' : 'file').catch(() => undefined);
  if (!now) return `its input ${was.path} is gone`;
  const change = inputChange(was, now);
  return change ? `its input ${was.path} changed (${change})` : '';
}

/**
 * Removes, like the other stale temps, the work folders in `dir` that a gone process left for another output
 * than `output` (whose own folder claimWorkFolder judges) and that can never be resumed: its input is gone or
 * changed. One whose input is unchanged is kept, for the same command to resume.
 */
export async function removeStaleWorkFolders(dir: string, output: string, logger?: Logger): Promise<string[]> {
  const removed: string[] = [];
  for (const folder of await workFoldersIn(dir)) {
    if (folder.finalName === basename(output) || folder.pid === process.pid || pidAlive(folder.pid)) continue;
    const why = await unresumable(folder.path);
    if (!why) continue;
    await rm(folder.path, { recursive: true, force: true });
    removed.push(folder.path);
    logger?.info(`removed ${folder.path}: checkpoints of ${folder.finalName} left by interup process ${folder.pid}, which is gone, and ${why}`, { removed: folder.path });
  }
  return removed;
}

async function readManifest(folder: string): Promise<CheckpointManifest | undefined> {
  const text = await readFile(join(folder, MANIFEST), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as CheckpointManifest;
    return parsed.version === 1 && Array.isArray(parsed.segments) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Claims the work folder an interrupted run of `output` left (renamed to this process, so no other run
 * cleans it), or makes a new one. Refuses while another live interup process writes the same output.
 * With `resume` false, or when the input or a frame setting changed, the old folder is removed, saying why.
 */
export async function claimWorkFolder(output: string, now: Omit<CheckpointManifest, 'version'>, resume: boolean, logger: Logger): Promise<WorkFolder> {
  const folders = await listWorkFolders(output);
  const busy = folders.find((f) => f.pid !== process.pid && pidAlive(f.pid));
  if (busy) {
    throw new InputError('OUTPUT_BUSY', `Another interup process (pid ${busy.pid}) is writing ${output} (its checkpoints are in ${busy.path}).`, {
      hint: 'Wait for it to finish or stop it, or choose another --output.',
    });
  }
  let kept: WorkFolder | undefined;
  for (const folder of folders) {
    const manifest = await readManifest(folder.path);
    const changed = manifest ? whatChanged(manifest, now) : 'no checkpoint.json';
    if (kept || !resume || changed) {
      const why = kept ? 'an older copy' : !resume ? '--no-resume' : changed;
      logger.info(`checkpoints discarded: ${why}`, { folder: folder.path });
      await rm(folder.path, { recursive: true, force: true });
      continue;
    }
    const path = `${interupTempPath(output)}${WORK_SUFFIX}`;
    await rename(folder.path, path);
    kept = { path, manifest };
  }
  if (kept) return kept;
  const path = `${interupTempPath(output)}${WORK_SUFFIX}`;
  await mkdir(path);
  return { path };
}

/** Records what the segments are made from (before the first one is written). */
export async function writeManifest(folder: string, manifest: CheckpointManifest): Promise<void> {
  const path = join(folder, MANIFEST);
  await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

/** A segment's file in the work folder: `0001.nut` (NUT keeps any codec's exact timestamps for the join). */
export function segmentPath(folder: string, index: number): string {
  return join(folder, `${String(index + 1).padStart(4, '0')}.nut`);
}
