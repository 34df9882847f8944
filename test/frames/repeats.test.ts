// The repeat classifier's contract on frames whose answer is known by construction (its calibration on
// real footage lives in repeat-calibration.test.ts).
import { describe, expect, it } from 'vitest';
import { compareRepeat, makeFrame, repeatSignature } from '../../src/frames/index.js';

function gradient(width: number, height: number, shift = 0): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill((x * 3 + y + shift) & 255, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return data;
}

describe('repeat classifier', () => {
  it('a byte-identical frame repeats; one changed 16×16 region in a still 256×144 picture does not', () => {
    const a = gradient(256, 144);
    const b = Buffer.from(a);
    for (let y = 60; y < 76; y++) b.fill(255, (y * 256 + 100) * 3, (y * 256 + 116) * 3); // a cursor-sized white square
    const sa = repeatSignature(makeFrame(256, 144, a));
    expect(compareRepeat(sa, repeatSignature(makeFrame(256, 144, Buffer.from(a)))).repeat).toBe(true);
    const changed = compareRepeat(sa, repeatSignature(makeFrame(256, 144, b)));
    expect(changed.repeat).toBe(false);
    expect(changed.meanDiff).toBeLessThan(1); // the picture as a whole barely moved: only the block test sees it
  });

  it('a whole-picture move of one level per pixel is noise; a shift of the picture is a change', () => {
    const sa = repeatSignature(makeFrame(128, 96, gradient(128, 96)));
    const noisy = gradient(128, 96).map((v, i) => (i % 7 === 0 ? Math.min(255, v + 1) : v));
    expect(compareRepeat(sa, repeatSignature(makeFrame(128, 96, Buffer.from(noisy)))).repeat).toBe(true);
    expect(compareRepeat(sa, repeatSignature(makeFrame(128, 96, gradient(128, 96, 8)))).repeat).toBe(false);
  });
});
