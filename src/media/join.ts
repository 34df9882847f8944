// Joins rendered segments (video only, same codec) into one file by stream copy (ffmpeg's concat
// demuxer, exact durations given), and attaches the source's audio and subtitles once, as the encoder
// does for a whole run: same maps, same codec copy, same metadata stripping.
import { writeFile } from 'node:fs/promises';
import { Q, type Rational } from '../frames/index.js';
import { ProcessError, spawnProcess } from '../process/index.js';
import { InterupError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { subtitleArgs } from './encode.js';
import { ffmpegPath, firstErrorLine } from './tools.js';
import type { MediaInfo } from './types.js';

export interface JoinSegment {
  path: string;
  /** Exact length (frames / fps): the concat demuxer places the next segment right after it. */
  seconds: Rational;
}

export interface JoinOptions {
  segments: readonly JoinSegment[];
  /** The file to write (its extension picks the container). */
  output: string;
  /** The concat list is written here (beside the segments). */
  listFile: string;
  /** When the first frame is shown, as the encoder of a whole run places it (see encodedStart): the concat
   *  demuxer starts the joined video at 0, whatever delay or offset the first segment's encoder added. */
  videoStart: Rational;
  /** Copy audio and subtitle streams from this probed source. */
  copyFrom?: MediaInfo;
  logger?: Logger;
  signal?: AbortSignal;
}

// The concat list's quoting: a single quote ends the string, so it is written as '\''.
const quote = (path: string): string => `'${path.replace(/'/g, "'\\''")}'`;

/** Writes `output` from the segments in order, plus the source's audio/subtitles. */
export async function joinSegments(options: JoinOptions): Promise<void> {
  if (options.segments.length === 0) throw new RangeError('Expected at least one segment to join but received none');
  const list = options.segments.map((s) => `file ${quote(s.path)}\nduration ${Q.toNumber(s.seconds).toFixed(6)}\n`).join('');
  await writeFile(options.listFile, `ffconcat version 1.0\n${list}`);
  const args = ['-v', 'error', '-nostdin', '-y', '-f', 'concat', '-safe', '0'];
  if (options.videoStart.num !== 0n) args.push('-itsoffset', Q.toNumber(options.videoStart).toFixed(6));
  args.push('-i', options.listFile);
  const maps = ['-map', '0:v:0'];
  const extra: string[] = [];
  const source = options.copyFrom;
  if (source && (source.audio.length > 0 || source.subtitles.length > 0)) {
    args.push('-i', source.path);
    if (source.audio.length > 0) maps.push('-map', '1:a');
    const subs = subtitleArgs(source, options.output, options.logger);
    maps.push(...subs.maps);
    extra.push(...subs.args);
  }
  args.push(...maps, '-c', 'copy', ...extra, '-fps_mode', 'passthrough', '-map_metadata', '-1', '-map_chapters', '-1', options.output);
  options.logger?.debug('join command', { args });
  try {
    await spawnProcess(ffmpegPath(), args, { signal: options.signal }).done;
  } catch (error) {
    if (error instanceof ProcessError && !error.failure.aborted) {
      const why = firstErrorLine(error.failure.stderrTail);
      throw new InterupError('JOIN_FAILED', `Joining ${options.segments.length} segments into ${options.output} failed${why ? `: ${why}` : ''}.`, { cause: error });
    }
    throw error;
  }
}
