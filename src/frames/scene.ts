// Scene-change score between two frames: 0 = the second frame is the first one seen again (moved, lit
// differently), 1 = nothing of the first frame can be found in the second.
//
// How: both frames shrink to a 96-pixel-wide luma image. The camera's motion between them is found as the
// whole-image shift with the best zero-mean normalised cross-correlation (coarse to fine, up to a third
// of the width: fast and whip pans). Then each textured 12×12 block of one frame looks for itself within
// ±2 pixels of that shift in the other (handheld rotation, zoom, moving subjects). Correlation ignores
// gain and offset, so exposure and white-balance changes and flashes leave a block matched; a cut leaves
// most blocks unmatched. The score is the share of textured blocks that found no match (correlation <
// 0.5), taken both ways (a cut from a black frame has no texture on one side). Calibrated on a set built
// from real footage (test/frames/scene-calibration.test.ts): earlier detectors that compared colour
// histograms missed cuts between shots of one scene, which share their colours.
import type { Frame } from './frame.js';

/**
 * Scores above this are cuts. On the calibration set's tuning clips every threshold from 0.25 to 0.44 keeps
 * recall at 100 % with false cuts ≤ 0.35 %; 0.35 is the middle, leaning low because a missed cut (a morph
 * of two shots) shows far more than a false one (one repeated frame).
 */
export const DEFAULT_SCENE_THRESHOLD = 0.35;

/** Width of the luma image the score works on, and its block size. */
const WIDTH = 96;
const BLOCK = 12;
/** A block matches when its best correlation within ±RADIUS of the camera shift reaches MATCH. */
const RADIUS = 2;
const MATCH = 0.5;
/** Blocks flatter than this luma standard deviation (0..255) carry no information… */
const TEXTURED = 4;
/** …unless the frame is that flat almost everywhere: then its most textured quarter counts, down to FLOOR. */
const TEXTURED_SHARE = 0.25;
const FLOOR = 1.5;

interface Plane {
  w: number;
  h: number;
  p: Float32Array;
  /** Summed-area tables of p and p² ((w+1)×(h+1)): any rectangle's mean and variance in four reads. */
  s1: Float64Array;
  s2: Float64Array;
}

/** Adds the summed-area tables to a plane. */
function plane(w: number, h: number, p: Float32Array): Plane {
  const s1 = new Float64Array((w + 1) * (h + 1));
  const s2 = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let r1 = 0;
    let r2 = 0;
    for (let x = 0; x < w; x++) {
      const v = p[y * w + x];
      r1 += v;
      r2 += v * v;
      s1[(y + 1) * (w + 1) + x + 1] = s1[y * (w + 1) + x + 1] + r1;
      s2[(y + 1) * (w + 1) + x + 1] = s2[y * (w + 1) + x + 1] + r2;
    }
  }
  return { w, h, p, s1, s2 };
}

/** Sum over the rectangle [x, x+w) × [y, y+h) of a summed-area table of row length `stride`. */
function rect(s: Float64Array, stride: number, x: number, y: number, w: number, h: number): number {
  return s[(y + h) * stride + x + w] - s[y * stride + x + w] - s[(y + h) * stride + x] + s[y * stride + x];
}

/** Luma of one pixel (0..255) at byte offset `i`: rgb24, or rgb48le read from its high and low bytes. */
function pixelLuma(frame: Frame, i: number): number {
  const d = frame.data;
  if (frame.format === 'rgb24') return 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
  return 0.299 * (d[i + 1] + d[i] / 256) + 0.587 * (d[i + 3] + d[i + 2] / 256) + 0.114 * (d[i + 5] + d[i + 4] / 256);
}

/** The frame shrunk to WIDTH pixels wide (area mean over up to 4×4 samples per cell: cheap on 4K frames). */
function shrink(frame: Frame): Plane {
  const w = WIDTH;
  const h = Math.max(BLOCK, Math.round((w * frame.height) / frame.width));
  const p = new Float32Array(w * h);
  const px = frame.format === 'rgb24' ? 3 : 6;
  const row = frame.width * px;
  for (let gy = 0; gy < h; gy++) {
    const y0 = Math.floor((gy * frame.height) / h);
    const y1 = Math.max(y0 + 1, Math.floor(((gy + 1) * frame.height) / h));
    const sy = Math.max(1, (y1 - y0) >> 2);
    for (let gx = 0; gx < w; gx++) {
      const x0 = Math.floor((gx * frame.width) / w);
      const x1 = Math.max(x0 + 1, Math.floor(((gx + 1) * frame.width) / w));
      const sx = Math.max(1, (x1 - x0) >> 2);
      let sum = 0;
      let n = 0;
      for (let y = y0; y < y1; y += sy) {
        for (let x = x0; x < x1; x += sx) {
          sum += pixelLuma(frame, y * row + x * px);
          n++;
        }
      }
      p[gy * w + gx] = sum / n;
    }
  }
  return plane(w, h, p);
}

/** Half the size, 2×2 means. */
function halve(l: Plane): Plane {
  const w = l.w >> 1;
  const h = l.h >> 1;
  const p = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 2 * y * l.w + 2 * x;
      p[y * w + x] = (l.p[i] + l.p[i + 1] + l.p[i + l.w] + l.p[i + l.w + 1]) / 4;
    }
  }
  return plane(w, h, p);
}

/** Zero-mean normalised cross-correlation of a's rectangle with b's shifted by (dx, dy); 0 when either is flat. */
function correlation(a: Plane, b: Plane, x0: number, y0: number, w: number, h: number, dx: number, dy: number): number {
  const n = w * h;
  const ma = rect(a.s1, a.w + 1, x0, y0, w, h) / n;
  const mb = rect(b.s1, b.w + 1, x0 + dx, y0 + dy, w, h) / n;
  const va = rect(a.s2, a.w + 1, x0, y0, w, h) / n - ma * ma;
  const vb = rect(b.s2, b.w + 1, x0 + dx, y0 + dy, w, h) / n - mb * mb;
  // A window flatter than 1 grey level cannot confirm anything.
  if (!(va > 1 && vb > 1)) return 0;
  let sab = 0;
  for (let y = 0; y < h; y++) {
    const ia = (y0 + y) * a.w + x0;
    const ib = (y0 + y + dy) * b.w + x0 + dx;
    for (let x = 0; x < w; x++) sab += a.p[ia + x] * b.p[ib + x];
  }
  return (sab / n - ma * mb) / Math.sqrt(va * vb);
}

/** The whole-image shift of b against a with the best correlation, searched ±rx/±ry around (cx, cy). */
function bestShift(a: Plane, b: Plane, cx: number, cy: number, rx: number, ry: number): [number, number] {
  let best = -2;
  let found: [number, number] = [cx, cy];
  for (let dy = cy - ry; dy <= cy + ry; dy++) {
    for (let dx = cx - rx; dx <= cx + rx; dx++) {
      // At least two thirds of the picture must overlap.
      if (Math.abs(dx) > a.w / 3 || Math.abs(dy) > a.h / 3) continue;
      const c = correlation(a, b, Math.max(0, -dx), Math.max(0, -dy), a.w - Math.abs(dx), a.h - Math.abs(dy), dx, dy);
      if (c > best) {
        best = c;
        found = [dx, dy];
      }
    }
  }
  return found;
}

/** Standard deviation of a's BLOCK×BLOCK block at (x, y). */
function blockStd(a: Plane, x: number, y: number): number {
  const n = BLOCK * BLOCK;
  const m = rect(a.s1, a.w + 1, x, y, BLOCK, BLOCK) / n;
  return Math.sqrt(Math.max(0, rect(a.s2, a.w + 1, x, y, BLOCK, BLOCK) / n - m * m));
}

/** The camera's shift from a to b: whole-image correlation, coarse to fine (up to a third of the picture). */
function cameraShift(a: Plane[], b: Plane[]): [number, number] {
  let [gx, gy] = bestShift(a[2], b[2], 0, 0, Math.floor(a[2].w / 3), Math.floor(a[2].h / 3));
  [gx, gy] = bestShift(a[1], b[1], 2 * gx, 2 * gy, 1, 1);
  return bestShift(a[0], b[0], 2 * gx, 2 * gy, 1, 1);
}

/** Whether a's block at (x, y) correlates ≥ MATCH with b anywhere within ±RADIUS of (gx, gy); undefined if it left b. */
function blockMatches(a: Plane, b: Plane, x: number, y: number, gx: number, gy: number): boolean | undefined {
  let inside = false;
  // The camera shift itself first: most blocks of a continuous shot match there, and the search stops.
  for (let r = 0; r <= RADIUS; r++) {
    for (let dy = gy - r; dy <= gy + r; dy++) {
      for (let dx = gx - r; dx <= gx + r; dx++) {
        if (Math.max(Math.abs(dx - gx), Math.abs(dy - gy)) !== r) continue;
        if (y + dy < 0 || y + dy + BLOCK > b.h || x + dx < 0 || x + dx + BLOCK > b.w) continue;
        inside = true;
        if (correlation(a, b, x, y, BLOCK, BLOCK, dx, dy) >= MATCH) return true;
      }
    }
  }
  // A block shifted out of the other picture (a pan) says nothing.
  return inside ? false : undefined;
}

/** Share (0..1) of a's textured blocks with no match in b near the camera shift; 0 when a has no texture. */
function unmatchedShare(a: Plane, b: Plane, gx: number, gy: number): number {
  const blocks: { x: number; y: number; std: number }[] = [];
  for (let y = 0; y + BLOCK <= a.h; y += BLOCK) for (let x = 0; x + BLOCK <= a.w; x += BLOCK) blocks.push({ x, y, std: blockStd(a, x, y) });
  const ranked = blocks.map((blk) => blk.std).sort((p, q) => q - p);
  const textured = Math.max(FLOOR, Math.min(TEXTURED, ranked[Math.floor(ranked.length * TEXTURED_SHARE)] ?? 0));
  let counted = 0;
  let unmatched = 0;
  for (const { x, y, std } of blocks) {
    if (std < textured) continue;
    const match = blockMatches(a, b, x, y, gx, gy);
    if (match === undefined) continue;
    counted++;
    if (!match) unmatched++;
  }
  return counted < 3 ? 0 : unmatched / counted;
}

/** Both frames' luma at three scales. */
function pyramid(frame: Frame): Plane[] {
  const l0 = shrink(frame);
  const l1 = halve(l0);
  return [l0, l1, halve(l1)];
}

/** The scene-change score (0..1, see the top of this file); frames of different sizes score 1. */
export function sceneScore(a: Frame, b: Frame): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  const pa = pyramid(a);
  const pb = pyramid(b);
  const [gx, gy] = cameraShift(pa, pb);
  return Math.max(unmatchedShare(pa[0], pb[0], gx, gy), unmatchedShare(pb[0], pa[0], -gx, -gy));
}
