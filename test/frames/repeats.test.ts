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

  it('a picture darkened by 1.5 levels everywhere (a step of a fade) is a change; noise of that size both ways is not', () => {
    const a = gradient(128, 96).map((v) => 40 + (v >> 1));
    const sa = repeatSignature(makeFrame(128, 96, Buffer.from(a)));
    const faded = compareRepeat(sa, repeatSignature(makeFrame(128, 96, Buffer.from(a.map((v, i) => v - 1 - ((i / 3) & 1))))));
    expect(faded.repeat).toBe(false);
    expect(faded.meanShift).toBeLessThan(-1);
    const noise = compareRepeat(sa, repeatSignature(makeFrame(128, 96, Buffer.from(a.map((v, i) => v + ((i / 3) & 1 ? 2 : -2))))));
    expect(noise.repeat).toBe(true);
  });

  it('an rgb48le frame has the signature of the rgb24 frame it widens', () => {
    const a = gradient(64, 48);
    const wide = Buffer.alloc(a.length * 2);
    for (let i = 0; i < a.length; i++) wide.writeUInt16LE(a[i] * 257, 2 * i);
    const s8 = repeatSignature(makeFrame(64, 48, a));
    const s16 = repeatSignature(makeFrame(64, 48, wide, 'rgb48le'));
    for (let i = 0; i < s8.luma.length; i++) expect(s16.luma[i]).toBeCloseTo(s8.luma[i], 4);
  });
});
