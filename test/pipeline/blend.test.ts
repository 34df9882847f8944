// blendFrames' word-at-a-time path gives exactly the byte formula (1−t)·a + t·b in 8.8 fixed point,
// rounded, for every weight, on aligned and unaligned buffers and lengths that are not a multiple of 4.
import { randomFillSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blendFrames } from '../../src/engines/blend.js';
import { makeFrame } from '../../src/frames/index.js';

function byByte(a: Buffer, b: Buffer, t: number): Buffer {
  const w = Math.round(t * 256);
  return Buffer.from(a.map((x, i) => (x * (256 - w) + b[i] * w + 128) >> 8));
}

describe('blendFrames', () => {
  it('equals the byte formula for every weight, aligned or not, any length', () => {
    for (const [width, height, offset] of [[40, 30, 0], [7, 5, 0], [7, 5, 1], [1, 1, 0], [33, 3, 2]]) {
      const bytes = width * height * 3;
      // A slice at `offset` into a larger buffer: Uint32 views need 4-byte alignment, so odd offsets take the byte path.
      const a = randomFillSync(Buffer.allocUnsafeSlow(bytes + 4)).subarray(offset, offset + bytes);
      const b = randomFillSync(Buffer.allocUnsafeSlow(bytes + 4)).subarray(offset, offset + bytes);
      for (let w = 1; w < 256; w++) {
        const t = w / 256;
        const got = blendFrames(makeFrame(width, height, a), makeFrame(width, height, b), t);
        expect(Buffer.compare(got.data, byByte(a, b, t)), `${width}x${height}+${offset} t=${t}`).toBe(0);
      }
    }
  });

  it('extreme pixels (0 and 255) do not carry between neighbouring bytes, and writes into a given buffer', () => {
    const a = Buffer.from([255, 0, 255, 0, 255, 255, 0, 0, 255, 0, 0, 255]);
    const b = Buffer.from([255, 255, 0, 0, 255, 0, 255, 0, 255, 255, 0, 0]);
    const into = Buffer.alloc(12);
    for (const t of [1 / 256, 0.5, 255 / 256]) {
      const got = blendFrames(makeFrame(2, 2, a), makeFrame(2, 2, b), t, into);
      expect(got.data).toBe(into);
      expect([...got.data]).toEqual([...byByte(a, b, t)]);
    }
  });
});
