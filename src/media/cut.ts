// The first seconds of a video as a new file, streams copied (no re-encode: fast and lossless; the cut
// falls on the first packet at or after the time), written under a temporary name and renamed.
import { rename, rm } from 'node:fs/promises';
import { runProcess } from '../process/index.js';
import { ffmpegPath } from './tools.js';

export async function cutClip(input: string, output: string, seconds: number, signal?: AbortSignal): Promise<void> {
  if (!(Number.isFinite(seconds) && seconds > 0)) throw new RangeError(`Expected a positive number of seconds but received ${seconds}`);
  const partial = `${output}.partial.mp4`;
  try {
    await runProcess(
      ffmpegPath(),
      ['-v', 'error', '-nostdin', '-y', '-i', input, '-t', String(seconds), '-map', '0:v:0', '-map', '0:a?', '-c', 'copy', '-map_metadata', '-1', partial],
      { signal, timeoutMs: 300_000 },
    );
    await rename(partial, output);
  } finally {
    await rm(partial, { force: true });
  }
}
