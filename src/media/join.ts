// Joins rendered segments (video only, same codec) into one file by stream copy (ffmpeg's concat
// demuxer, exact durations given), and writes what the encoder of a whole run writes beside the video:
// the source's other streams, tags, dispositions and chapters (mapStreams), the same -copyts timing, and
// the colour tags (the segments' container, NUT, does not carry them).
import { writeFile } from 'node:fs/promises';
import { Q, type Rational } from '../frames/index.js';
import { ProcessError, spawnProcess } from '../process/index.js';
import { InterupError, type Logger } from '../util/index.js';
import { colorTags } from './color-args.js';
import type { OutputFormat } from './output-format.js';
import { mapStreams } from './stream-map.js';
import { ffmpegPath, firstErrorLine } from './tools.js';
import type { ColorInfo, MediaInfo } from './types.js';

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
  /** Copy audio, subtitles, cover art, extra streams, tags and chapters from this probed source. */
  copyFrom?: MediaInfo;
  /** The colour description the segments were converted with (normally the source's): tagged on the video. */
  color?: ColorInfo;
  /** The planned output format the segments were encoded in (an RGB one gets no matrix or range tags). */
  outputFormat?: OutputFormat;
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
  const source = options.copyFrom;
  // As startEncoder: with a source to copy from, every stream keeps its own timestamps (-copyts).
  const args = ['-v', 'error', '-nostdin', '-y', ...(source ? ['-copyts'] : []), '-f', 'concat', '-safe', '0'];
  if (options.videoStart.num !== 0n) args.push('-itsoffset', Q.toNumber(options.videoStart).toFixed(6));
  args.push('-i', options.listFile);
  let streams = ['-map_metadata', '-1', '-map_chapters', '-1'];
  if (source) {
    args.push('-i', source.path);
    streams = mapStreams(source, options.output, { logger: options.logger }).args;
  }
  const yuvOutput = options.outputFormat ? options.outputFormat.chroma !== 'rgb' : true;
  const color = options.color ? colorTags(options.color, yuvOutput) : [];
  args.push('-map', '0:v:0', '-c:v', 'copy', ...color, ...streams, '-fps_mode', 'passthrough', options.output);
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
