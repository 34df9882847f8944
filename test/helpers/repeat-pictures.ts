// Pictures for the repeat-frame calibration set (test/helpers/repeat-set.ts), made from real frames in
// rgb24 at SET_W×SET_H: held pictures in a cadence, grain, slow pans, a small moving patch, a mouth-sized
// real change and a fade to black. Each maker returns the frames in display order and which pairs are
// labelled: [the last distinct frame, the frame compared with it].
import { makeFrame, type Frame } from '../../src/frames/index.js';

export const SET_W = 320;
export const SET_H = 180;
const BYTES = SET_W * SET_H * 3;

export type Pair = [number, number];

export interface Made {
  frames: Frame[];
  pairs: Pair[];
}

/** Source picture index shown in each output slot for a cadence (twos, threes, 24p delivered as 30p). */
export function cadenceSlots(cadence: 'twos' | 'threes' | 'pulldown', slots: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < slots; k++) out.push(cadence === 'twos' ? k >> 1 : cadence === 'threes' ? Math.floor(k / 3) : Math.floor((k * 24) / 30));
  return out;
}

/**
 * Holds the real pictures in `slots` order, with film grain of `grain` levels drawn once per picture (a film
 * scan's repeated frames carry the same grain); the labelled pairs are each hold's first slot with its later ones.
 */
export function held(pictures: Frame[], slots: number[], grain?: number): Made {
  const grainy = grain ? pictures.map((p, i) => withGrain(p, grain, 104729 * i + 1)) : pictures;
  const frames = slots.map((p) => grainy[p]);
  const pairs: Pair[] = [];
  let first = 0;
  for (let k = 1; k < slots.length; k++) {
    if (slots[k] === slots[first]) pairs.push([first, k]);
    else first = k;
  }
  return { frames, pairs };
}

/** Deterministic uniform random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Monochrome film grain (gaussian, `sigma` levels), drawn from `seed`. */
function withGrain(frame: Frame, sigma: number, seed: number): Frame {
  const rnd = random(seed);
  const out = Buffer.allocUnsafe(BYTES);
  for (let i = 0; i < BYTES; i += 3) {
    const g = sigma * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    for (let c = 0; c < 3; c++) out[i + c] = Math.max(0, Math.min(255, Math.round(frame.data[i + c] + g)));
  }
  return makeFrame(SET_W, SET_H, out);
}

const consecutive = (n: number): Pair[] => Array.from({ length: n - 1 }, (_, k): Pair => [k, k + 1]);

/**
 * A slow pan over a real still decoded at twice the set's size (`big`, 2·SET_W+2·travel wide): the window
 * moves `step` big pixels a frame (1 = half a set pixel) right and `stepY` down, and is averaged 2×2 down.
 */
export function pan(big: Frame, frames: number, step: number, stepY: number): Made {
  const out: Frame[] = [];
  for (let n = 0; n < frames; n++) {
    const x0 = n * step;
    const y0 = n * stepY;
    const data = Buffer.allocUnsafe(BYTES);
    for (let y = 0; y < SET_H; y++) {
      for (let x = 0; x < SET_W; x++) {
        const i = ((y0 + 2 * y) * big.width + x0 + 2 * x) * 3;
        const j = i + big.width * 3;
        for (let c = 0; c < 3; c++) data[(y * SET_W + x) * 3 + c] = (big.data[i + c] + big.data[i + 3 + c] + big.data[j + c] + big.data[j + 3 + c] + 2) >> 2;
      }
    }
    out.push(makeFrame(SET_W, SET_H, data));
  }
  return { frames: out, pairs: consecutive(frames) };
}

/** Copies a w×h rectangle of `from` at (sx, sy) onto `to` at (dx, dy), in place. */
function paste(to: Buffer, from: Buffer, sx: number, sy: number, w: number, h: number, dx: number, dy: number): void {
  for (let y = 0; y < h; y++) from.copy(to, ((dy + y) * SET_W + dx) * 3, ((sy + y) * SET_W + sx) * 3, ((sy + y) * SET_W + sx + w) * 3);
}

/** The most textured w×h rectangle of a frame (largest variance of its green channel, on a 4-pixel grid). */
function mostTextured(frame: Frame, w: number, h: number): { x: number; y: number } {
  let best = { x: 0, y: 0, v: -1 };
  for (let y = 0; y + h <= SET_H; y += 4) {
    for (let x = 0; x + w <= SET_W; x += 4) {
      let s = 0;
      let s2 = 0;
      for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) {
        const g = frame.data[(r * SET_W + c) * 3 + 1];
        s += g;
        s2 += g * g;
      }
      const v = s2 / (w * h) - (s / (w * h)) ** 2;
      if (v > best.v) best = { x, y, v };
    }
  }
  return best;
}

/** A cursor-sized real patch (w×h, the most textured part of `patchFrom`) moving `speed` pixels a frame over a held real picture. */
export function movingPatch(still: Frame, patchFrom: Frame, frames: number, w: number, h: number, speed: number): Made {
  const from = mostTextured(patchFrom, w, h);
  const out: Frame[] = [];
  for (let n = 0; n < frames; n++) {
    const data = Buffer.from(still.data);
    const x = 40 + Math.round(n * speed);
    const y = 60 + Math.round(n * speed * 0.4);
    paste(data, patchFrom.data, from.x, from.y, w, h, x, y);
    out.push(makeFrame(SET_W, SET_H, data));
  }
  return { frames: out, pairs: consecutive(frames) };
}

/** Mean absolute luma difference (BT.601 weights, as the classifier sees it) of the w×h rectangle at (x, y). */
function regionDiff(a: Frame, b: Frame, x: number, y: number, w: number, h: number): number {
  let sum = 0;
  for (let r = y; r < y + h; r++) {
    for (let i = (r * SET_W + x) * 3; i < (r * SET_W + x + w) * 3; i += 3) {
      sum += Math.abs(0.299 * (a.data[i] - b.data[i]) + 0.587 * (a.data[i + 1] - b.data[i + 1]) + 0.114 * (a.data[i + 2] - b.data[i + 2]));
    }
  }
  return sum / (w * h);
}

/**
 * A mouth-sized real change: the w×h window where the clip changes most over `clip` is pasted from the
 * clip's successive frames onto its first frame held; the rest of the picture stays still. A pair is
 * labelled only when its window really changed (≥ `visible` mean levels): a still mouth is no change.
 */
export function localChange(clip: Frame[], w: number, h: number, visible: number): Made {
  let best = { x: 0, y: 0, d: -1 };
  for (let y = 0; y + h <= SET_H; y += 4) {
    for (let x = 0; x + w <= SET_W; x += 4) {
      let d = 0;
      for (let k = 1; k < clip.length; k += 3) d += regionDiff(clip[k - 1], clip[k], x, y, w, h);
      if (d > best.d) best = { x, y, d };
    }
  }
  const out = clip.map((frame) => {
    const data = Buffer.from(clip[0].data);
    paste(data, frame.data, best.x, best.y, w, h, best.x, best.y);
    return makeFrame(SET_W, SET_H, data);
  });
  const pairs = consecutive(out.length).filter(([a, b]) => regionDiff(out[a], out[b], best.x, best.y, w, h) >= visible);
  return { frames: out, pairs };
}

/** A real still fading linearly to black over `frames` frames. */
export function fadeToBlack(still: Frame, frames: number): Made {
  const out: Frame[] = [];
  for (let n = 0; n < frames; n++) {
    const data = Buffer.allocUnsafe(BYTES);
    const g = 1 - n / (frames - 1);
    for (let i = 0; i < BYTES; i++) data[i] = Math.round(still.data[i] * g);
    out.push(makeFrame(SET_W, SET_H, data));
  }
  return { frames: out, pairs: consecutive(frames) };
}
