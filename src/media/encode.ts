// Encode raw rgb24 frames arriving over a pipe into a video; audio and subtitles are copied from the
// source file by the same ffmpeg process (mapped from the original input, never retimed), and metadata
// (GPS and the like) is dropped.
import { extname } from 'node:path';
import { Q, type Frame, type Rational } from '../frames/index.js';
import { ProcessError, spawnProcess, type SpawnedProcess } from '../process/index.js';
import { InterupError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { writeFrame } from './frame-writer.js';
import { ffmpegPath, firstErrorLine } from './tools.js';
import type { MediaInfo } from './types.js';

export interface EncodeOptions {
  /** File to write (normally a temporary name beside the final output). */
  output: string;
  width: number;
  height: number;
  /** Output frame rate (the frames are a constant-rate sequence). */
  fps: Rational;
  /** Seconds at which the first frame is shown (the source's first video timestamp), keeping A/V sync. */
  start?: Rational;
  /** Codec and quality arguments (see chooseEncoder). */
  codecArgs: string[];
  /** Copy audio and subtitle streams from this probed source. */
  copyFrom?: MediaInfo;
  /** ffmpeg muxer name when the extension does not say it (e.g. 'matroska'). */
  format?: string;
  logger?: Logger;
  signal?: AbortSignal;
}

export interface VideoEncoder {
  /**
   * Sends one frame; resolves when ffmpeg can take more (backpressure). Rejects if ffmpeg died.
   * `written` is called once the pipe no longer needs `frame.data` (it may be reused from then on).
   */
  write(frame: Frame, written?: () => void): Promise<void>;
  /** Closes the input and waits for ffmpeg to finish the file. */
  finish(): Promise<void>;
  /** Stops ffmpeg and waits for it to exit (the caller then removes the partial file). */
  kill(): Promise<void>;
}

const TEXT_SUBS = new Set(['subrip', 'ass', 'ssa', 'mov_text', 'webvtt', 'text']);

/** Subtitle arguments for the output container: mp4/mov hold only mov_text, matroska holds anything. */
export function subtitleArgs(source: MediaInfo, output: string, logger?: Logger): { maps: string[]; args: string[] } {
  if (source.subtitles.length === 0) return { maps: [], args: [] };
  const ext = extname(output).toLowerCase();
  if (ext === '.mkv' || ext === '.webm' || ext === '.nut') return { maps: ['-map', '1:s?'], args: ['-c:s', 'copy'] };
  if (ext === '.mp4' || ext === '.mov' || ext === '.m4v') {
    const maps: string[] = [];
    for (const s of source.subtitles) {
      if (TEXT_SUBS.has(s.codec)) maps.push('-map', `1:${s.index}`);
      else logger?.warn(`subtitle stream ${s.index} (${s.codec}) cannot be stored in ${ext}; dropped (use .mkv to keep it)`);
    }
    return { maps, args: maps.length > 0 ? ['-c:s', 'mov_text'] : [] };
  }
  logger?.warn(`subtitles are not copied into ${ext} files (use .mkv or .mp4 to keep them)`);
  return { maps: [], args: [] };
}

/**
 * Where the encoder really shows the first frame for `start`: -itsoffset is read in microseconds and lands
 * on the raw input's 1/fps grid, rounded to the nearest frame. Anything that must line up with an
 * encoded run (a join of segments) uses this, not `start` itself.
 */
export function encodedStart(start: Rational | undefined, fps: Rational): Rational {
  if (!start || start.num === 0n) return Q.ZERO;
  const micros = BigInt(Math.round(Number(Q.toNumber(start).toFixed(6)) * 1e6));
  return Q.div(Q.rat(Q.round(Q.mul(Q.rat(micros, 1_000_000n), fps))), fps);
}

/** Starts an ffmpeg encoder reading rgb24 frames from its stdin. */
export function startEncoder(options: EncodeOptions): VideoEncoder {
  const args = ['-v', 'error', '-nostdin', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${options.width}x${options.height}`];
  args.push('-framerate', Q.toString(options.fps));
  if (options.start && options.start.num !== 0n) args.push('-itsoffset', Q.toNumber(options.start).toFixed(6));
  args.push('-i', 'pipe:0');
  const source = options.copyFrom;
  const maps = ['-map', '0:v:0'];
  const extra: string[] = [];
  if (source && (source.audio.length > 0 || source.subtitles.length > 0)) {
    args.push('-i', source.path);
    if (source.audio.length > 0) {
      maps.push('-map', '1:a');
      extra.push('-c:a', 'copy');
    }
    const subs = subtitleArgs(source, options.output, options.logger);
    maps.push(...subs.maps);
    extra.push(...subs.args);
  }
  // passthrough: our frames already are the exact constant-rate sequence; never let ffmpeg duplicate
  // frames to fill the gap before a late video start (it would with -itsoffset in cfr mode).
  args.push(...maps, ...options.codecArgs, ...extra, '-fps_mode', 'passthrough', '-map_metadata', '-1', '-map_chapters', '-1');
  if (options.format) args.push('-f', options.format);
  args.push(options.output);
  options.logger?.debug('encoder command', { args });
  const proc: SpawnedProcess = spawnProcess(ffmpegPath(), args, { stdin: 'pipe', signal: options.signal });
  const wrap = (error: unknown): unknown => {
    if (error instanceof ProcessError && !error.failure.aborted) {
      const why = firstErrorLine(error.failure.stderrTail);
      return new InterupError('ENCODE_FAILED', `Encoding ${options.output} failed${why ? `: ${why}` : ''}.`, { cause: error });
    }
    return error;
  };

  const died = proc.done.then(
    () => {
      throw new InterupError('ENCODE_EXITED', 'The ffmpeg encoder exited before all frames were written.');
    },
    (error: unknown) => {
      throw wrap(error);
    },
  );
  died.catch(() => undefined);

  return {
    write: (frame: Frame, written?: () => void): Promise<void> => writeFrame(proc.stdin, frame.data, died, written),
    async finish(): Promise<void> {
      proc.stdin?.end();
      try {
        await proc.done;
      } catch (error) {
        throw wrap(error);
      }
    },
    kill: async () => {
      proc.kill();
      await proc.done.catch(() => undefined);
    },
  };
}
