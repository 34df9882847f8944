// Whether a decoded frame repeats the last distinct picture (animation held on twos, pulldown repeats,
// screen captures holding still): the first step of dedup (issue 22).
//
// How: each frame is reduced once to a luma signature: the luma plane averaged over 2×2 pixels (so chroma
// and single-pixel encoder noise count little). Two signatures are compared block by block (BLOCK×BLOCK
// signature pixels): a frame repeats the last distinct one only when EVERY block's mean absolute luma
// difference stays within encoder noise and the whole picture's does too. One changed region in a still
// scene (a cursor, a mouth) therefore counts as a change even though the image as a whole barely moved.
// Written by hand: no maintained npm library compares decoded frames like this without a native build.
import type { Frame } from './frame.js';

/** The luma plane of a frame at half size (0..255), computed once per frame and compared many times. */
export interface RepeatSignature {
  readonly width: number;
  readonly height: number;
  readonly luma: Float32Array;
}

export interface RepeatThresholds {
  /** A block whose mean absolute luma difference (0..255) exceeds this has changed. */
  block: number;
  /** A picture whose mean absolute luma difference over all blocks exceeds this has changed (fades). */
  mean: number;
}

/** Starting values (seed, to be calibrated on real footage in test/frames/repeat-calibration.test.ts). */
export const DEFAULT_REPEAT_THRESHOLDS: RepeatThresholds = { block: 3, mean: 0.8 };

/** Block size, in signature pixels (16×16 source pixels). */
const BLOCK = 8;

export interface RepeatVerdict {
  /** True when `next` shows the same picture as `last` within encoder noise. */
  repeat: boolean;
  /** The largest block's mean absolute luma difference (0..255). */
  worstBlock: number;
  /** The mean absolute luma difference over the whole picture (0..255). */
  meanDiff: number;
}

/** Luma of one pixel (0..255) at byte offset `i`: rgb24, or rgb48le from its high and low bytes. */
function pixelLuma(data: Buffer, rgb48: boolean, i: number): number {
  if (!rgb48) return 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  return 0.299 * (data[i + 1] + data[i] / 256) + 0.587 * (data[i + 3] + data[i + 2] / 256) + 0.114 * (data[i + 5] + data[i + 4] / 256);
}

/** The frame's half-size luma plane (2×2 means; an odd last row or column is dropped). */
export function repeatSignature(frame: Frame): RepeatSignature {
  const width = Math.max(1, frame.width >> 1);
  const height = Math.max(1, frame.height >> 1);
  const rgb48 = frame.format === 'rgb48le';
  const px = rgb48 ? 6 : 3;
  const row = frame.width * px;
  const luma = new Float32Array(width * height);
  const sx = frame.width > 1 ? px : 0;
  const sy = frame.height > 1 ? row : 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 2 * y * row + 2 * x * px;
      luma[y * width + x] = (pixelLuma(frame.data, rgb48, i) + pixelLuma(frame.data, rgb48, i + sx) + pixelLuma(frame.data, rgb48, i + sy) + pixelLuma(frame.data, rgb48, i + sy + sx)) / 4;
    }
  }
  return { width, height, luma };
}

/** Compares `next` with the last distinct picture `last` (both from repeatSignature on frames of one size). */
export function compareRepeat(last: RepeatSignature, next: RepeatSignature, thresholds: RepeatThresholds = DEFAULT_REPEAT_THRESHOLDS): RepeatVerdict {
  if (last.width !== next.width || last.height !== next.height) {
    throw new RangeError(`Cannot compare a ${next.width}x${next.height} signature with a ${last.width}x${last.height} one`);
  }
  const { width, height } = last;
  let worstBlock = 0;
  let total = 0;
  for (let by = 0; by < height; by += BLOCK) {
    const bh = Math.min(BLOCK, height - by);
    for (let bx = 0; bx < width; bx += BLOCK) {
      const bw = Math.min(BLOCK, width - bx);
      let sum = 0;
      for (let y = by; y < by + bh; y++) {
        const o = y * width;
        for (let x = bx; x < bx + bw; x++) sum += Math.abs(last.luma[o + x] - next.luma[o + x]);
      }
      total += sum;
      const blockMean = sum / (bw * bh);
      if (blockMean > worstBlock) worstBlock = blockMean;
    }
  }
  const meanDiff = total / (width * height);
  return { repeat: worstBlock <= thresholds.block && meanDiff <= thresholds.mean, worstBlock, meanDiff };
}
