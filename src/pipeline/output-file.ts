// The output is written under a temporary name beside --output and renamed only on success, so a
// failed or interrupted run leaves nothing at --output. A run also removes what killed runs (kill -9,
// a crash) left under that naming in the same folder, once their process is gone (and the checkpoint folders
// of other outputs that can never be resumed: checkpoint-store.ts).
import { access, constants, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { removeStaleWorkFolders } from './checkpoint-store.js';
import { InputError, interupTempPath, parseInterupTempName, pidAlive, type Logger } from '../util/index.js';

export interface OutputFile {
  /** Final path. */
  path: string;
  /** Where ffmpeg writes meanwhile (same folder and extension, so the muxer is inferred the same way). */
  temp: string;
  /** Renames the temp file (and writes the report) into place. */
  commit(report: unknown): Promise<void>;
  /** Removes the temp file; safe to call twice. */
  discard(): Promise<void>;
}

/** Removes interup temp files in `dir` whose writer process no longer exists; returns what it removed.
 *  A live writer's file (another run into the same folder) is never touched. */
export async function removeStaleTemps(dir: string, logger?: Logger): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const temp = parseInterupTempName(name);
    if (!temp || temp.pid === process.pid || pidAlive(temp.pid)) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    await rm(path, { force: true });
    removed.push(path);
    logger?.info(`removed ${path}: left by interup process ${temp.pid}, which is gone (killed or crashed while writing ${temp.finalName})`, { removed: path });
  }
  return removed;
}

/** Checks the output folder exists and is writable and that output ≠ input; removes temp files that
 *  killed runs left there; returns the temp-file plan. */
export async function prepareOutput(output: string, input: string, logger?: Logger): Promise<OutputFile> {
  const path = resolve(output);
  if (path === resolve(input)) {
    throw new InputError('OUTPUT_IS_INPUT', `--output ${output} is the input file; interup never overwrites its input.`, { hint: 'Choose another output name.' });
  }
  const ext = extname(path);
  if (!ext) throw new InputError('OUTPUT_NO_EXTENSION', `--output ${output} has no file extension, so the container is unknown.`, { hint: 'End it in .mp4, .mkv or .mov.' });
  const dir = dirname(path);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError('OUTPUT_UNWRITABLE', `Cannot write ${output}: the folder ${dir} does not exist.`, { hint: 'Create the folder first or choose another --output.' });
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new InputError('OUTPUT_UNWRITABLE', `Cannot write ${output}: it is a folder.`, { hint: 'Give a file name such as out.mp4.' });
  const writable = await access(dir, constants.W_OK).then(() => true, () => false);
  if (!writable) throw new InputError('OUTPUT_UNWRITABLE', `Cannot write ${output}: the folder ${dir} is not writable.`, { hint: 'Choose a folder you can write to.' });
  await removeStaleTemps(dir, logger);
  await removeStaleWorkFolders(dir, path, logger);
  const temp = interupTempPath(path);
  const reportPath = `${path}.report.json`;
  return {
    path,
    temp,
    async commit(report: unknown): Promise<void> {
      const reportTemp = `${temp}.report.json`;
      await writeFile(reportTemp, `${JSON.stringify(report, null, 2)}\n`);
      await rename(temp, path);
      await rename(reportTemp, reportPath);
    },
    async discard(): Promise<void> {
      await rm(temp, { force: true });
      await rm(`${temp}.report.json`, { force: true });
    },
  };
}
