// 16-bit frames (rgb48le, for sources deeper than 8 bits): size rules, pad/crop, the blend engine and the
// ONNX tensor conversion keep every bit; the scene score reads them like their 8-bit versions.
import { describe, expect, it } from 'vitest';
import { blendFrames } from '../../src/engines/blend.js';
import { minterpolateFactory } from '../../src/engines/ffmpeg/minterpolate.js';
import { rifeNcnnFactory } from '../../src/engines/ncnn/index.js';
import { silentLogger } from '../../src/util/index.js';
import { fromPlanar, toPlanar } from '../../src/engines/onnx/planar.js';
import { cropFrame, frameBytes, makeFrame, padFrame, samples16, sceneScore, type Frame } from '../../src/frames/index.js';
import { stringMatching } from '../helpers/matchers.js';

/** A w×h rgb48le frame whose components use all 16 bits (not just 8 shifted up). */
function frame16(w: number, h: number, seed: number): Frame {
  const data = Buffer.allocUnsafeSlow(frameBytes(w, h, 'rgb48le'));
  for (let i = 0; i < w * h * 3; i++) data.writeUInt16LE((i * 2654435761 + seed * 40503) % 65536, 2 * i);
  return makeFrame(w, h, data, 'rgb48le');
}

describe('rgb48le frames', () => {
  it('checks their byte length and pads/crops them by whole 6-byte pixels', () => {
    expect(() => makeFrame(4, 4, Buffer.alloc(4 * 4 * 3), 'rgb48le')).toThrow(/Expected 96 bytes for a 4x4 rgb48le frame/);
    const f = frame16(5, 3, 1);
    const p = padFrame(f, 4);
    expect([p.width, p.height, p.format]).toEqual([8, 4, 'rgb48le']);
    expect(p.data.subarray(7 * 6, 8 * 6).equals(f.data.subarray(4 * 6, 5 * 6))).toBe(true);
    expect(cropFrame(p, 5, 3).data.equals(f.data)).toBe(true);
  });

  it('blend keeps 16 bits: t = 0 and 1 return the inputs, t = 0.5 the rounded mean of every component', () => {
    const a = frame16(7, 5, 1);
    const b = frame16(7, 5, 2);
    expect(blendFrames(a, b, 0)).toBe(a);
    expect(blendFrames(a, b, 1)).toBe(b);
    const mid = samples16(blendFrames(a, b, 0.5));
    const sa = samples16(a);
    const sb = samples16(b);
    for (let i = 0; i < mid.length; i++) expect(mid[i]).toBe((sa[i] * 128 + sb[i] * 128 + 128) >> 8);
    expect(() => blendFrames(a, makeFrame(7, 5, Buffer.alloc(7 * 5 * 3)), 0.5)).toThrow(/rgb48le frame with a rgb24 frame/);
  });

  it('the float tensor round trip (what RIFE and Real-ESRGAN see) is exact at 16 bits, also into an odd-offset buffer', () => {
    const f = frame16(9, 7, 3);
    const planar = toPlanar(f, 32, 32);
    expect(fromPlanar(planar, 32, 32, 9, 7, undefined, 'rgb48le').data.equals(f.data)).toBe(true);
    const odd = Buffer.alloc(f.data.length + 1).subarray(1);
    const back = fromPlanar(planar, 32, 32, 9, 7, odd, 'rgb48le');
    expect(back.data.equals(f.data)).toBe(true);
    expect(samples16(back)[5]).toBe(f.data.readUInt16LE(10));
  });

  it('scores scene changes in 16-bit frames as in their 8-bit versions', () => {
    const to8 = (f: Frame): Frame => {
      const out = Buffer.alloc(f.width * f.height * 3);
      const s = samples16(f);
      for (let i = 0; i < out.length; i++) out[i] = s[i] >> 8;
      return makeFrame(f.width, f.height, out);
    };
    // A smooth picture and the same picture moved: continuous; against noise: a cut.
    const w = 160;
    const h = 90;
    const smooth = (dx: number): Frame => {
      const data = Buffer.allocUnsafeSlow(frameBytes(w, h, 'rgb48le'));
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) data.writeUInt16LE(Math.round(32768 + 30000 * Math.sin((x + dx) / 9 + c) * Math.cos(y / 7)), 2 * ((y * w + x) * 3 + c));
      return makeFrame(w, h, data, 'rgb48le');
    };
    const a = smooth(0);
    const b = smooth(3);
    const noise = frame16(w, h, 9);
    expect(sceneScore(a, b)).toBeCloseTo(sceneScore(to8(a), to8(b)), 1);
    expect(sceneScore(a, b)).toBeLessThan(0.1);
    expect(sceneScore(a, noise)).toBeGreaterThan(0.9);
  });

  it('engines that cannot keep 16 bits say so instead of cutting them to 8 (auto then skips them)', async () => {
    const ncnn = await rifeNcnnFactory.available({ logger: silentLogger, frameFormat: 'rgb48le' });
    expect(ncnn).toEqual({ ok: false, reason: stringMatching(/8-bit PNG files and would cut this deeper-than-8-bit input to 8 bits/) });
    const mi = await minterpolateFactory.available({ logger: silentLogger, frameFormat: 'rgb48le' });
    expect(mi).toEqual({ ok: false, reason: stringMatching(/minterpolate works on 8-bit YUV/) });
  });
});
