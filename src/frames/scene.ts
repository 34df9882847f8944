// Scene-change score between two frames: how different their colour distributions are (0 = same, 1 = disjoint).
// Histograms barely move under camera or object motion but jump at a cut, which makes them a cheap,
// robust cut detector; the pixels are sampled on a grid so the cost does not grow with resolution.
import type { Frame } from './frame.js';

const BINS = 16;
const SAMPLES = 128 * 72;

function histogram(frame: Frame, stepX: number, stepY: number): { hist: Float64Array; count: number } {
  const hist = new Float64Array(BINS * 3);
  let count = 0;
  const row = frame.width * 3;
  for (let y = 0; y < frame.height; y += stepY) {
    for (let x = 0; x < frame.width; x += stepX) {
      const i = y * row + x * 3;
      hist[frame.data[i] >> 4]++;
      hist[BINS + (frame.data[i + 1] >> 4)]++;
      hist[2 * BINS + (frame.data[i + 2] >> 4)]++;
      count++;
    }
  }
  return { hist, count };
}

/** Total-variation distance of the per-channel 16-bin histograms, averaged over R, G and B: 0..1. */
export function sceneScore(a: Frame, b: Frame): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  const step = Math.max(1, Math.floor(Math.sqrt((a.width * a.height) / SAMPLES)));
  const ha = histogram(a, step, step);
  const hb = histogram(b, step, step);
  let sum = 0;
  for (let i = 0; i < BINS * 3; i++) sum += Math.abs(ha.hist[i] / ha.count - hb.hist[i] / hb.count);
  return sum / 6;
}
