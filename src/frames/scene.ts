// Scene-change score between two frames (0 = same shot, 1 = unrelated pictures). Two cheap measures on a
// sampled grid, and a cut needs both: the colour histograms must differ (motion barely moves them) AND
// the coarse luma layout must stop correlating (an exposure or white-balance jump keeps the layout, so
// its correlation stays near 1). The score is the smaller of the two, so neither alone makes a cut.
import type { Frame } from './frame.js';

const BINS = 16;
const GRID_W = 32;
const GRID_H = 18;

/** Per-channel 16-bin histograms over every `step`-th pixel, normalised to sum 1 per channel. */
function histogram(frame: Frame, step: number): Float64Array {
  const hist = new Float64Array(BINS * 3);
  let count = 0;
  const row = frame.width * 3;
  for (let y = 0; y < frame.height; y += step) {
    for (let x = 0; x < frame.width; x += step) {
      const i = y * row + x * 3;
      hist[frame.data[i] >> 4]++;
      hist[BINS + (frame.data[i + 1] >> 4)]++;
      hist[2 * BINS + (frame.data[i + 2] >> 4)]++;
      count++;
    }
  }
  for (let i = 0; i < hist.length; i++) hist[i] /= count;
  return hist;
}

/** Mean luma of each cell of a GRID_W × GRID_H grid (sampled, not every pixel). */
function lumaGrid(frame: Frame): Float64Array {
  const grid = new Float64Array(GRID_W * GRID_H);
  const row = frame.width * 3;
  for (let gy = 0; gy < GRID_H; gy++) {
    const y0 = Math.floor((gy * frame.height) / GRID_H);
    const y1 = Math.max(y0 + 1, Math.floor(((gy + 1) * frame.height) / GRID_H));
    for (let gx = 0; gx < GRID_W; gx++) {
      const x0 = Math.floor((gx * frame.width) / GRID_W);
      const x1 = Math.max(x0 + 1, Math.floor(((gx + 1) * frame.width) / GRID_W));
      const sy = Math.max(1, (y1 - y0) >> 2);
      const sx = Math.max(1, (x1 - x0) >> 2);
      let sum = 0;
      let n = 0;
      for (let y = y0; y < y1 && y < frame.height; y += sy) {
        for (let x = x0; x < x1 && x < frame.width; x += sx) {
          const i = y * row + x * 3;
          sum += 0.299 * frame.data[i] + 0.587 * frame.data[i + 1] + 0.114 * frame.data[i + 2];
          n++;
        }
      }
      grid[gy * GRID_W + gx] = n > 0 ? sum / n : 0;
    }
  }
  return grid;
}

/** 1 − normalised cross-correlation of the two luma grids, clamped to 0..1 (brightness/contrast invariant). */
function layoutChange(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  }
  const flat = 1e-6 * n;
  if (va < flat || vb < flat) return va < flat && vb < flat && Math.abs(ma - mb) < 8 ? 0 : 1;
  return Math.min(1, Math.max(0, 1 - cov / Math.sqrt(va * vb)));
}

/** The scene-change score: min(histogram distance, layout change), both 0..1. */
export function sceneScore(a: Frame, b: Frame): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  const step = Math.max(1, Math.floor(Math.sqrt((a.width * a.height) / (128 * 72))));
  const ha = histogram(a, step);
  const hb = histogram(b, step);
  let tv = 0;
  for (let i = 0; i < BINS * 3; i++) tv += Math.abs(ha[i] - hb[i]);
  return Math.min(tv / 6, layoutChange(lumaGrid(a), lumaGrid(b)));
}
