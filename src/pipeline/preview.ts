// `interup preview`: one picture a person can judge upscalers by: the source frame at a time, the same
// frame upscaled, and the frame interpolated halfway to the next one, side by side as one PNG.
import { makeFrame, Q, type Frame, type Rational } from '../frames/index.js';
import { blendFrames, selectInterpolator, type EngineInfo, type Interpolator, type InterpolatorFactory, type PreferChoice } from '../engines/index.js';
import { decodeFrames, labelSupport, probeMedia, writeLabelledPng, writePng, type Label } from '../media/index.js';
import { InputError, withCleanup, type Logger } from '../util/index.js';
import type { ProcessOptions } from './types.js';
import { startUpscaleStage, upscaleSettings, type UpscaleStage } from './upscale-stage.js';

export interface PreviewOptions extends Pick<ProcessOptions, 'scale' | 'upscaleModel' | 'tile' | 'device' | 'threads' | 'modelsDir'> {
  input: string;
  output: string;
  /** '00:00:03', '1:02.5' or seconds. */
  at: string;
  prefer: PreferChoice;
}

export interface PreviewResult {
  output: string;
  seconds: number;
  width: number;
  height: number;
  upscaler: string;
  interpolator: string;
  /** The text on each panel, or undefined when labels could not be drawn (see labelNote). */
  labels?: string[][];
  /** Why the montage has no labels. */
  labelNote?: string;
}

export interface PreviewContext {
  logger: Logger;
  signal?: AbortSignal;
  /** Interpolation backends to choose from (default: every one built in, see engines/registry.ts). */
  interpolators?: readonly InterpolatorFactory[];
}

/** Gap between panels, in output pixels. */
const GAP = 8;

// Parses [[hh:]mm:]ss[.fff] into seconds.
export function parseTimestamp(text: string): number {
  const parts = text.trim().split(':');
  const valid = parts.length <= 3 && parts.every((p) => /^\d+(\.\d+)?$/.test(p));
  if (!valid) {
    throw new InputError('BAD_TIMESTAMP', `Expected --at as hh:mm:ss, mm:ss or seconds (e.g. 00:00:03) but received ${JSON.stringify(text)}.`);
  }
  return parts.reduce((acc, p) => acc * 60 + Number(p), 0);
}

// Nearest-neighbour enlargement, so a source panel shows its real pixels at the upscaled size.
function enlarge(frame: Frame, s: number): Frame {
  const w = frame.width * s;
  const out = Buffer.allocUnsafe(w * frame.height * s * 3);
  for (let y = 0; y < frame.height * s; y++) {
    for (let x = 0; x < w; x++) frame.data.copy(out, (y * w + x) * 3, (Math.floor(y / s) * frame.width + Math.floor(x / s)) * 3, (Math.floor(y / s) * frame.width + Math.floor(x / s)) * 3 + 3);
  }
  return makeFrame(w, frame.height * s, out);
}

// Panels left to right on a dark background, below a band `top` pixels high for their labels.
function montage(panels: Frame[], top: number): Frame {
  const h = panels[0].height;
  const w = panels.reduce((sum, p) => sum + p.width, 0) + GAP * (panels.length - 1);
  const out = Buffer.alloc(w * (h + top) * 3, 32);
  let x0 = 0;
  for (const p of panels) {
    for (let y = 0; y < h; y++) p.data.copy(out, ((y + top) * w + x0) * 3, y * p.width * 3, (y + 1) * p.width * 3);
    x0 += p.width + GAP;
  }
  return makeFrame(w, h + top, out);
}

// Font size about 1/36 of the panel width, smaller where the longest line would not fit its panel (DejaVu
// Sans averages ~0.6 em per character); 9–28 px.
function labelLayout(panelWidth: number, texts: string[][]): { size: number; top: number } {
  const longest = Math.max(...texts.flat().map((t) => t.length));
  const size = Math.max(9, Math.min(28, Math.floor(panelWidth / 36), Math.floor((panelWidth - 8) / (0.6 * longest))));
  const lines = Math.max(...texts.map((t) => t.length));
  return { size, top: Math.ceil(lines * size * 1.3 + 8) };
}

// Up to `count` frames of a video from `seconds` on, at its own size.
async function decodeAt(input: string, video: { width: number; height: number }, seconds: number, count: number, signal: AbortSignal | undefined): Promise<Frame[]> {
  const frames: Frame[] = [];
  const filter = `trim=start=${seconds},setpts=PTS-STARTPTS`;
  for await (const f of decodeFrames(input, { width: video.width, height: video.height, filter, signal })) {
    frames.push(f);
    if (frames.length === count) break;
  }
  return frames;
}

/**
 * The same moment of a source and its result, for a before/after compare: the frame of each at `seconds`
 * (default: the middle of the result), found the way the preview finds its frame.
 */
export async function compareFrames(source: string, result: string, signal?: AbortSignal, at?: number): Promise<{ seconds: number; source: Frame; result: Frame }> {
  const [a, b] = await Promise.all([probeMedia(source, { signal }), probeMedia(result, { signal })]);
  if (!a.video || !b.video) throw new Error('probe returned no video stream');
  const seconds = at ?? Math.max(0, Q.toNumber(b.video.duration) / 2);
  const [before, after] = await Promise.all([decodeAt(source, a.video, seconds, 1, signal), decodeAt(result, b.video, seconds, 1, signal)]);
  if (before.length === 0 || after.length === 0) throw new InputError('TIMESTAMP_PAST_END', `No frame at ${seconds.toFixed(2)} s in ${before.length === 0 ? source : result}.`);
  return { seconds, source: before[0], result: after[0] };
}


// The source times of the panel's frame and the next one (the first frame at or after `seconds`, counted
// from the first frame, as the decoder's trim filter counts), or undefined where the probe has no times.
function frameTimes(video: { frameTimes?: readonly Rational[] }, seconds: number): { a: number; b: number } | undefined {
  const times = (video.frameTimes ?? []).map((t) => Q.toNumber(t));
  const start = times[0] ?? 0;
  const i = times.findIndex((t) => t - start >= seconds - 1e-9);
  if (i < 0) return undefined;
  return { a: times[i] - start, b: (times[i + 1] ?? times[i]) - start };
}

// The lines above each panel, one short fact a line so they fit small panels: what it is, where in the
// source it comes from, engine (device), model, size, and whether its pixels were enlarged for display.
function panelTexts(p: { s: number; at?: { a: number; b: number }; a: Frame; upscaled: Frame; between: Frame; upscaler: EngineInfo; interpolator?: EngineInfo }): string[][] {
  const secs = (t: number): string => `${Number(t.toFixed(3))} s`;
  const enlarged = `enlarged ×${p.s} for display`;
  const size = (f: Frame): string => `${f.width}×${f.height}`;
  const engine = (info: EngineInfo): string[] => [`${info.id} (${info.device})`, info.model ?? ''];
  return [
    ['source frame', p.at ? `at ${secs(p.at.a)}` : '', size(p.a), enlarged],
    [`upscaled ×${p.s}`, ...engine(p.upscaler), size(p.upscaled)],
    [
      'interpolated t = 0.5',
      p.at ? `between ${secs(p.at.a)} and ${secs(p.at.b)}` : '',
      ...(p.interpolator ? engine(p.interpolator) : ['blend (fallback)', '']),
      size(p.between),
      enlarged,
    ],
  ];
}

// Builds the montage PNG: [source (enlarged for display) | upscaled | interpolated t=0.5 (enlarged)].
export async function writePreview(options: PreviewOptions, context: PreviewContext): Promise<PreviewResult> {
  const seconds = parseTimestamp(options.at);
  // Before any work: a bad $INTERUP_FONT is an input error, a missing font only means no labels.
  const support = await labelSupport();
  const settings = upscaleSettings({ ...options, mode: 'upscale' });
  if (!settings) throw new Error('internal: upscale settings missing');
  const media = await probeMedia(options.input, { signal: context.signal });
  const video = media.video;
  if (!video) throw new Error('probe returned no video stream');
  const duration = Q.toNumber(video.duration);
  if (seconds >= duration) {
    throw new InputError('TIMESTAMP_PAST_END', `--at ${options.at} is past the end of ${options.input} (${duration.toFixed(2)} s long).`, {
      hint: `Pick a time before ${duration.toFixed(2)} s.`,
    });
  }
  const frames = await decodeAt(options.input, video, seconds, 2, context.signal);
  if (frames.length === 0) throw new InputError('TIMESTAMP_PAST_END', `No frame of ${options.input} at ${options.at}.`);
  const [a, b = a] = frames;
  let stage: UpscaleStage | undefined;
  let engine: Interpolator | undefined;
  // Every step that made something is undone, even when a later one fails (choosing the interpolator
  // after the upscaler started) or an earlier dispose throws.
  return withCleanup(
    async () => {
      stage = await startUpscaleStage(settings, video, { ...options, mode: 'upscale', prefer: options.prefer }, context);
      const upscaled = await stage.upscaler.upscale(a, context.signal);
      const chosen = await selectInterpolator(options.prefer, { logger: context.logger, device: options.device, threads: options.threads, modelsDir: options.modelsDir, signal: context.signal }, context.interpolators);
      engine = chosen.engine;
      let between: Frame;
      let interpolator = engine.info.id;
      let fellBack = false;
      try {
        between = await engine.interpolate(a, b, 0.5, context.signal);
      } catch (error) {
        // A preview should still show something: say what failed and blend instead.
        context.logger.warn(`${engine.info.id} could not interpolate this pair; showing a blend`, { reason: error instanceof Error ? error.message : String(error) });
        between = blendFrames(a, b, 0.5);
        interpolator = 'blend';
        fellBack = true;
      }
      const s = stage.scale;
      const texts = panelTexts({ s, at: frameTimes(video, seconds), a, upscaled, between, upscaler: stage.upscaler.info, interpolator: fellBack ? undefined : engine.info });
      const layout = support.ok ? labelLayout(upscaled.width, texts) : { size: 0, top: 0 };
      const picture = montage([enlarge(a, s), upscaled, enlarge(between, s)], layout.top);
      const base = { output: options.output, seconds, width: picture.width, height: picture.height, upscaler: stage.upscaler.info.id, interpolator };
      if (!support.ok) {
        context.logger.warn(`preview written without labels: ${support.reason}`);
        await writePng(options.output, picture, context.signal);
        return { ...base, labelNote: support.reason };
      }
      const labels: Label[] = texts.flatMap((lines, i) => lines.map((text, k) => ({ text, x: i * (upscaled.width + GAP) + 4, y: 4 + k * layout.size * 1.3, size: layout.size }))).filter((l) => l.text !== '');
      await writeLabelledPng(options.output, picture, labels, support.font, context.signal);
      return { ...base, labels: texts };
    },
    () => [
      ['dispose the upscaler', () => stage?.dispose()],
      ['dispose the interpolator', () => engine?.dispose()],
    ],
  );
}
