// Encode raw RGB frames (rgb24, or rgb48le for sources deeper than 8 bits) arriving over a pipe into a
// video. The same ffmpeg process copies audio, subtitles, cover art and extra streams from the source file
// (mapped from the original input, never retimed) with their tags, dispositions and chapters; the frames
// are fitted to the planned size (edge-repeat pad or crop) and turned back into YUV with the source's
// matrix and range, tagged with its colour description and, where the encoder can, its HDR10 metadata.
import { Q, type Frame, type PixelFormat, type Rational } from '../frames/index.js';
import { ProcessError, spawnProcess, type SpawnedProcess } from '../process/index.js';
import { InterupError, type Logger } from '../util/index.js';
import { writeFrame } from './frame-writer.js';
import { colorFilter, colorTags, x265HdrParams } from './color-args.js';
import type { OutputFormat } from './output-format.js';
import { mapStreams, type StreamMap } from './stream-map.js';
import { ffmpegPath, firstErrorLine } from './tools.js';
import type { ColorInfo, HdrInfo, MediaInfo } from './types.js';

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
  /** Copy audio, subtitles, cover art, extra streams, tags and chapters from this probed source. */
  copyFrom?: MediaInfo;
  /** Pixel format of the frames written (default rgb24). */
  frameFormat?: PixelFormat;
  /** The planned pixel format and size (planOutputFormat); replaces any -pix_fmt in codecArgs. */
  outputFormat?: OutputFormat;
  /** Colour description to convert with and tag (normally the source's). */
  color?: ColorInfo;
  /** HDR10 static metadata to write (libx265 only). */
  hdr?: HdrInfo;
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
  /** Which source streams were kept and which dropped (and why). */
  readonly streams: StreamMap;
  /** Whether the source's HDR10 metadata is written ('none' when it had none). */
  readonly hdr: 'written' | 'dropped' | 'none';
}

/** Removes `-pix_fmt X` pairs from codec arguments (the output plan decides the pixel format). */
function withoutPixFmt(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-pix_fmt') i++;
    else out.push(args[i]);
  }
  return out;
}

/** The video filter chain: fit to the planned size (edge-repeat pad or crop), then RGB → YUV with the source's matrix. */
function videoFilters(options: EncodeOptions, yuvOutput: boolean): string | undefined {
  const chain: string[] = [];
  const fit = options.outputFormat?.fit;
  if (fit?.mode === 'pad') chain.push(`pad=${fit.width}:${fit.height}:0:0`, `fillborders=right=${fit.right}:bottom=${fit.bottom}:mode=smear`);
  if (fit?.mode === 'crop') chain.push(`crop=${fit.width}:${fit.height}:0:0`);
  const convert = options.color ? colorFilter(options.color, yuvOutput) : undefined;
  if (convert) chain.push(convert);
  // An explicit format makes the conversion happen in the filter above, with its matrix, not in a default one.
  if (chain.length > 0 && options.outputFormat?.pixFmt) chain.push(`format=${options.outputFormat.pixFmt}`);
  return chain.length > 0 ? chain.join(',') : undefined;
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
  const frameFormat = options.frameFormat ?? 'rgb24';
  // -copyts: the source's streams keep their own timestamps (ffmpeg would otherwise move them back by the
  // file's start, while our video is placed at its real start: an MPEG-TS starting at 11.4 s lost its sync).
  const args = ['-v', 'error', '-nostdin', '-y', ...(options.copyFrom ? ['-copyts'] : []), '-f', 'rawvideo', '-pix_fmt', frameFormat, '-s', `${options.width}x${options.height}`];
  args.push('-framerate', Q.toString(options.fps));
  if (options.start && options.start.num !== 0n) args.push('-itsoffset', Q.toNumber(options.start).toFixed(6));
  args.push('-i', 'pipe:0');
  const source = options.copyFrom;
  let streams: StreamMap = { args: ['-map_metadata', '-1', '-map_chapters', '-1'], kept: [], dropped: [] };
  if (source) {
    args.push('-i', source.path);
    streams = mapStreams(source, options.output, { format: options.format, logger: options.logger });
  }
  const plan = options.outputFormat;
  const yuvOutput = plan ? plan.chroma !== 'rgb' : true;
  let codecArgs = plan?.pixFmt ? [...withoutPixFmt(options.codecArgs), '-pix_fmt', plan.pixFmt] : [...options.codecArgs];
  const filters = videoFilters(options, yuvOutput);
  if (filters) args.push('-filter:v:0', filters);
  const isX265 = codecArgs.some((a, i) => a === 'libx265' && codecArgs[i - 1] === '-c:v');
  let hdr: VideoEncoder['hdr'] = 'none';
  if (options.hdr) {
    if (isX265) {
      const at = codecArgs.indexOf('-x265-params');
      const params = x265HdrParams(options.hdr).join(':');
      if (at >= 0) codecArgs[at + 1] = `${codecArgs[at + 1]}:${params}`;
      else codecArgs = [...codecArgs, '-x265-params', params];
      hdr = 'written';
    } else {
      hdr = 'dropped';
      options.logger?.warn('the HDR10 mastering-display and light-level metadata cannot be written by this encoder; colour tags are kept (use --encoder libx265 to keep them)');
    }
  }
  // passthrough: our frames already are the exact constant-rate sequence; never let ffmpeg duplicate
  // frames to fill the gap before a late video start (it would with -itsoffset in cfr mode).
  args.push('-map', '0:v:0', ...codecArgs, ...(options.color ? colorTags(options.color, yuvOutput) : []), ...streams.args, '-fps_mode', 'passthrough');
  // A source whose clock starts below zero (an MPEG-TS whose 33-bit clock wrapped, unwrapped by ffmpeg's
  // demuxer downwards): everything moves up together, or mp4's edit list would cut what lies before zero.
  const earliest = Math.min(source?.startTime ?? 0, options.start ? Q.toNumber(options.start) : 0);
  if (source && earliest < 0) args.push('-output_ts_offset', (-earliest).toFixed(6));
  // Audio packets an mp4/mov edit list hides (a cut's pre-roll, AAC priming) have times below zero and the
  // probe's audio start of 0 s: Matroska has no edit list and would play them, moving the video later.
  const matroska = options.format === 'matroska' || options.format === 'webm' || /\.(mkv|mka|webm)$/i.test(options.output);
  if (source && matroska && source.startTime >= 0 && source.audio.length > 0 && source.audio.every((a) => a.start >= 0)) args.push('-bsf:a', 'noise=drop=lt(pts\\,0)');
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
    streams,
    hdr,
  };
}
