// Whether a decoded frame repeats the last distinct picture (animation held on twos, pulldown repeats,
// screen captures holding still): the first step of dedup (issue 22).
//
// How: each frame is reduced once to a luma signature: the luma plane averaged over 2×2 pixels (so chroma
// and single-pixel encoder noise count little; integer arithmetic, a few ms for a 1080p frame). Two
// signatures are compared block by block (BLOCK×BLOCK signature pixels). `next` is a change when any of:
// - a block's mean absolute luma difference exceeds `block`: more than any re-encode of a held picture
//   produced on the calibration set;
// - a block stands out from the rest of the picture by more than `standOut` (its difference above the
//   picture's 90th-percentile block): one changed region in a still scene (a cursor, a mouth), while the
//   encoder noise of a re-encoded hold is spread over the textured blocks alike;
// - the whole picture shifted one way (a fade): its signed mean difference exceeds `shift` and makes up
//   most of its mean absolute difference (encoder noise and grain go both ways);
// - the picture's mean absolute difference exceeds `mean`.
// A second, contextual test (isClearRepeat) is applied by the dedup track over a window of frames: a
// repeat must also differ from the frame just before it by much less than the changes around it do.
// Written by hand: no maintained npm library compares decoded frames like this without a native build.
import { samples16, type Frame } from './frame.js';

/** The luma plane of a frame at half size (0..255), computed once per frame and compared many times. */
export interface RepeatSignature {
  readonly width: number;
  readonly height: number;
  readonly luma: Float32Array;
}

export interface RepeatThresholds {
  /** A block whose mean absolute luma difference (0..255) exceeds this has changed. */
  block: number;
  /** A picture whose mean absolute luma difference over all blocks exceeds this has changed. */
  mean: number;
  /** A block whose difference exceeds the picture's 90th-percentile block by more than this has changed (default 3.5). */
  standOut?: number;
  /** A picture whose signed mean luma difference exceeds this, one way, has changed: a fade (default 0.25). */
  shift?: number;
}

/**
 * Calibrated on real footage (test/frames/repeat-calibration.test.ts, set in test/helpers/repeat-set.ts,
 * 320×180 as decodeFrames gives it). On the tuning clips `block` 7, `standOut` 3.5, `shift` 0.25–0.3 and
 * `mean` 3 score best (97.6 % of repeats, 97.9 % of changes): lower `block` or `standOut` loses x264 crf 28
 * and grain repeats (a keyframe or the encoder's refinement inside a hold changes blocks by up to ~10),
 * higher loses ½-pixel pans of flat pictures and 1-pixel pans (their blocks change by 3–5); `standOut` 4
 * already drops changes to 94 %. `shift` 0.25 keeps grain re-encodes (signed shifts up to 0.41, but under
 * 60 % of their absolute difference) and finds dark fades (most ≥ 0.28). Held-out clips: 95.0 % of
 * repeats (Megamind at crf 28 the worst), 98.0 % of changes (mouth-sized changes the worst); without crf
 * 28, ½-pixel pans and mouth-sized changes ≥ 99 % both ways on both groups.
 */
const DEFAULT_STAND_OUT = 3.5;
const DEFAULT_SHIFT = 0.25;
export const DEFAULT_REPEAT_THRESHOLDS: RepeatThresholds = { block: 7, mean: 3, standOut: DEFAULT_STAND_OUT, shift: DEFAULT_SHIFT };

/** Block size, in signature pixels (16×16 source pixels). */
const BLOCK = 8;
/** A fade's signed shift makes up at least this share of its mean absolute difference. */
const FADE_SHARE = 0.6;
/** The picture's typical changed block, that a local change must stand out from. */
const BACKGROUND_QUANTILE = 0.9;

export interface RepeatVerdict {
  /** True when `next` shows the same picture as `last` within encoder noise. */
  repeat: boolean;
  /** The largest block's mean absolute luma difference (0..255). */
  worstBlock: number;
  /** The mean absolute luma difference over the whole picture (0..255). */
  meanDiff: number;
  /** The signed mean luma difference, next − last (0..255 either way; a fade to black is negative). */
  meanShift: number;
  /** The 90th-percentile block's mean absolute luma difference (how much the picture changed as a whole). */
  background: number;
}

/**
 * Luma of each 2×2 group into `out` (w×h), from rgb24 bytes or rgb48le samples (`samples`, `width`×`height`
 * pixels): BT.601 weights ×256 on the sum of the four pixels, scaled by `scale` to 0..255.
 */
function halfLuma(samples: Uint8Array | Uint16Array, width: number, height: number, out: Float32Array, w: number, h: number, scale: number): void {
  const row = width * 3;
  const sx = width > 1 ? 3 : 0;
  const sy = height > 1 ? row : 0;
  for (let y = 0; y < h; y++) {
    let i = 2 * y * row;
    const o = y * w;
    for (let x = 0; x < w; x++, i += 6) {
      const j = i + sy;
      const r = samples[i] + samples[i + sx] + samples[j] + samples[j + sx];
      const g = samples[i + 1] + samples[i + sx + 1] + samples[j + 1] + samples[j + sx + 1];
      const b = samples[i + 2] + samples[i + sx + 2] + samples[j + 2] + samples[j + sx + 2];
      out[o + x] = (77 * r + 150 * g + 29 * b) * scale;
    }
  }
}

/** The frame's half-size luma plane (2×2 means; an odd last row or column is dropped). */
export function repeatSignature(frame: Frame): RepeatSignature {
  const width = Math.max(1, frame.width >> 1);
  const height = Math.max(1, frame.height >> 1);
  const luma = new Float32Array(width * height);
  if (frame.format === 'rgb48le') halfLuma(samples16(frame), frame.width, frame.height, luma, width, height, 1 / (1024 * 257));
  else halfLuma(frame.data, frame.width, frame.height, luma, width, height, 1 / 1024);
  return { width, height, luma };
}

/** Compares `next` with the last distinct picture `last` (both from repeatSignature on frames of one size). */
export function compareRepeat(last: RepeatSignature, next: RepeatSignature, thresholds: RepeatThresholds = DEFAULT_REPEAT_THRESHOLDS): RepeatVerdict {
  if (last.width !== next.width || last.height !== next.height) {
    throw new RangeError(`Cannot compare a ${next.width}x${next.height} signature with a ${last.width}x${last.height} one`);
  }
  const { width, height } = last;
  const a = last.luma;
  const b = next.luma;
  const blocks = new Float32Array(Math.ceil(width / BLOCK) * Math.ceil(height / BLOCK));
  let n = 0;
  let worstBlock = 0;
  let total = 0;
  let signed = 0;
  for (let by = 0; by < height; by += BLOCK) {
    const bh = Math.min(BLOCK, height - by);
    for (let bx = 0; bx < width; bx += BLOCK) {
      const bw = Math.min(BLOCK, width - bx);
      let sum = 0;
      let sum1 = 0;
      for (let y = by; y < by + bh; y++) {
        const o = y * width;
        for (let x = o + bx; x < o + bx + bw; x++) {
          const d = b[x] - a[x];
          sum1 += d;
          sum += d < 0 ? -d : d;
        }
      }
      total += sum;
      signed += sum1;
      const blockMean = sum / (bw * bh);
      blocks[n++] = blockMean;
      if (blockMean > worstBlock) worstBlock = blockMean;
    }
  }
  blocks.sort();
  const background = blocks[Math.min(n - 1, Math.floor(BACKGROUND_QUANTILE * n))];
  const meanDiff = total / (width * height);
  const meanShift = signed / (width * height);
  const standOut = thresholds.standOut ?? DEFAULT_STAND_OUT;
  const shift = thresholds.shift ?? DEFAULT_SHIFT;
  const fade = Math.abs(meanShift) > shift && Math.abs(meanShift) >= FADE_SHARE * meanDiff;
  const change = worstBlock > thresholds.block || meanDiff > thresholds.mean || worstBlock > background + standOut || fade;
  return { repeat: !change, worstBlock, meanDiff, meanShift, background };
}

/** Root-mean-square luma difference of two signatures of one size (0..255): how far a frame moved from the one before it. */
export function lumaDistance(a: RepeatSignature, b: RepeatSignature): number {
  if (a.width !== b.width || a.height !== b.height) {
    throw new RangeError(`Cannot compare a ${b.width}x${b.height} signature with a ${a.width}x${a.height} one`);
  }
  let sum = 0;
  for (let i = 0; i < a.luma.length; i++) {
    const d = b.luma[i] - a.luma[i];
    sum += d * d;
  }
  return Math.sqrt(sum / a.luma.length);
}

/**
 * A repeat that is clearly one: its distance from the frame before it (lumaDistance) is at most `floor`
 * (a near-exact copy: a still screen, a lossless hold), or at most `ratio` × the median distance of the
 * changes around it and at most `noise` × the median distance of the other repeats around it. A held
 * picture re-encoded differs from the frame before it by encoder noise, a fraction of what the drawing
 * changes by (on twos at 192×108, x264 crf 18: 0.1–0.3 against 0.5–14), and about as much as the other
 * repeats do; slow real motion and a webcam's sensor noise, which compareRepeat can take for repeats at
 * small sizes, differ about as much as the changes around them (franck.mp4's "repeats": 0.8–2.1 against
 * ~1.5–3), and a slow change between fast ones (1.1 amid repeats of 0.1–0.3 and changes of 5–10) several
 * times more than the repeats. Calibrated on whole real clips without repeats (motion.mov, box.mp4,
 * vtest.avi, franck.mp4, Megamind): at most 2 clear repeats in any 17 frames; on twos and threes built
 * from real footage: 60 of 60 true repeats with 1 slow change taken for one, 80 of 80 with none — see
 * test/pipeline/dedup-clear.test.ts.
 */
export const CLEAR_REPEAT = { floor: 0.2, ratio: 0.25, noise: 5 } as const;

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Whether a repeat at `distance` from its previous frame is a clear one, given the distances of the changes
 * (`changes`) and of the other repeats (`repeats`) around it.
 */
export function isClearRepeat(distance: number, changes: readonly number[], repeats: readonly number[]): boolean {
  if (distance <= CLEAR_REPEAT.floor) return true;
  if (changes.length === 0 || distance > CLEAR_REPEAT.ratio * median(changes)) return false;
  return repeats.length === 0 || distance <= CLEAR_REPEAT.noise * median(repeats);
}
