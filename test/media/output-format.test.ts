// Output-size and pixel-format planning (media/output-format.ts): the plan for every encoder interup
// offers, then real encodes proving ffmpeg takes the planned size and format (NVENC cannot run here: its
// rows check the documented limits only).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFrame, Q } from '../../src/frames/index.js';
import { encoderArgs, probeMedia, startEncoder } from '../../src/media/index.js';
import { planOutputFormat } from '../../src/media/index.js';
import { InputError } from '../../src/util/errors.js';
import { makeTempDir } from '../helpers/tmp.js';
import { decodeAll } from '../pipeline/clips.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const plan = (encoder: string, width: number, height: number, extra: { sourcePixFmt?: string; sourceBitDepth?: number; pixFmt?: string; fit?: 'pad' | 'crop' } = {}) =>
  planOutputFormat({ encoder, width, height, sourcePixFmt: extra.sourcePixFmt ?? 'yuv420p', sourceBitDepth: extra.sourceBitDepth ?? 8, pixFmt: extra.pixFmt, fit: extra.fit });

describe('output plan per encoder', () => {
  it('keeps an even size exactly and pads an odd one by one edge row/column for 4:2:0 encoders', () => {
    expect(plan('libx264', 720, 404).fit).toEqual({ mode: 'exact', width: 720, height: 404, right: 0, bottom: 0 });
    for (const enc of ['libx264', 'libx265', 'libvpx-vp9']) {
      const p = plan(enc, 321, 241);
      expect(p.pixFmt).toBe('yuv420p');
      expect(p.fit).toMatchObject({ mode: 'pad', width: 322, height: 242, right: 1, bottom: 1 });
      expect(p.fit.reason).toMatch(/4:2:0 chroma needs an even width and height/);
    }
    expect(plan('libx264', 720, 405, { fit: 'crop' }).fit).toMatchObject({ mode: 'crop', width: 720, height: 404, bottom: 1 });
  });

  it('keeps odd sizes where the layout allows them: a 4:4:4 choice, and ffv1 (lossless RGB)', () => {
    expect(plan('libx264', 321, 241, { pixFmt: 'yuv444p' }).fit.mode).toBe('exact');
    expect(plan('libx264', 321, 241, { sourcePixFmt: 'yuv444p' })).toMatchObject({ pixFmt: 'yuv444p', fit: { mode: 'exact' } });
    expect(plan('ffv1', 321, 241)).toMatchObject({ pixFmt: 'bgr0', chroma: 'rgb', fit: { mode: 'exact' } });
    expect(plan('libx264', 322, 241, { pixFmt: 'yuv422p' }).fit.mode).toBe('exact');
  });

  it('reads packed RGB names as at most 8 bits a channel (a cartoon in MS Video 1 decodes as rgb555le), planar ones by their number', () => {
    for (const pixFmt of ['rgb555le', 'rgb565be', 'bgr444le', 'rgb8', 'rgb24']) {
      expect(plan('ffv1', 320, 240, { sourcePixFmt: pixFmt }), pixFmt).toMatchObject({ pixFmt: 'bgr0', bitDepth: 8, notes: [] });
    }
    expect(plan('ffv1', 320, 240, { sourcePixFmt: 'rgb48le', sourceBitDepth: 16 })).toMatchObject({ pixFmt: 'rgb48le', bitDepth: 16 });
    expect(plan('ffv1', 320, 240, { sourcePixFmt: 'gbrp10le', sourceBitDepth: 10 })).toMatchObject({ pixFmt: 'rgb48le', bitDepth: 16 });
  });

  it('keeps 10-bit: x265 main10, x264 high10, ffv1 16-bit RGB, hevc_nvenc p010; h264_nvenc says it cannot', () => {
    const ten = { sourcePixFmt: 'yuv420p10le', sourceBitDepth: 10 };
    expect(plan('libx265', 320, 180, ten)).toMatchObject({ pixFmt: 'yuv420p10le', bitDepth: 10, notes: [] });
    expect(plan('libx264', 320, 180, ten)).toMatchObject({ pixFmt: 'yuv420p10le', bitDepth: 10 });
    expect(plan('ffv1', 320, 180, ten)).toMatchObject({ pixFmt: 'rgb48le', bitDepth: 16 });
    expect(plan('hevc_nvenc', 320, 180, ten)).toMatchObject({ pixFmt: 'p010le', bitDepth: 10 });
    const h264 = plan('h264_nvenc', 320, 180, ten);
    expect(h264).toMatchObject({ pixFmt: 'yuv420p', bitDepth: 8 });
    expect(h264.notes.join(' ')).toMatch(/at most 8-bit/);
  });

  it("pads tiny frames up to NVENC's documented minimum and refuses frames over its maximum with a clear error", () => {
    expect(plan('h264_nvenc', 96, 64).fit).toMatchObject({ mode: 'pad', width: 146, height: 146 });
    expect(plan('hevc_nvenc', 96, 64).fit).toMatchObject({ mode: 'pad', width: 130, height: 130 });
    expect(plan('h264_nvenc', 4096, 2160).fit.mode).toBe('exact');
    expect(() => plan('h264_nvenc', 5120, 2880)).toThrow(InputError);
    expect(() => plan('h264_nvenc', 5120, 2880)).toThrow(/larger than this encoder's largest frame \(4096×4096\)/);
    expect(plan('hevc_nvenc', 5120, 2880).fit.mode).toBe('exact');
  });

  it('refuses a pixel format the encoder cannot write', () => {
    expect(() => plan('h264_nvenc', 320, 180, { pixFmt: 'yuv420p10le' })).toThrow(/at most 8-bit/);
    expect(() => plan('libsvtav1', 320, 180, { pixFmt: 'yuv444p' })).toThrow(/cannot write pixel format yuv444p/);
  });
});

describe('planned outputs really encode', () => {
  // A 321×241 picture whose right column and bottom row differ from the rest, to see how the edge is filled.
  const w = 321;
  const h = 241;
  const data = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      data[i] = x === w - 1 ? 250 : (x * 3) & 255;
      data[i + 1] = y === h - 1 ? 240 : (y * 5) & 255;
      data[i + 2] = 90;
    }
  }
  const frame = makeFrame(w, h, data);

  for (const [encoder, pixFmt, size, ext] of [
    ['libx264', undefined, [322, 242], 'mp4'],
    ['libx265', undefined, [322, 242], 'mkv'],
    ['libx264', 'yuv444p', [321, 241], 'mp4'],
    ['ffv1', undefined, [321, 241], 'mkv'],
    ['libvpx-vp9', undefined, [322, 242], 'mkv'],
  ] as const) {
    it(`${encoder}${pixFmt ? ` ${pixFmt}` : ''}: a 321×241 input comes out ${size[0]}×${size[1]}`, async () => {
      const p = plan(encoder, w, h, { pixFmt });
      const output = join(tmp.dir, `${encoder}-${pixFmt ?? 'default'}.${ext}`);
      const enc = startEncoder({ output, width: w, height: h, fps: Q.rat(10n), codecArgs: encoderArgs(encoder, undefined), outputFormat: p });
      for (let i = 0; i < 3; i++) await enc.write(frame);
      await enc.finish();
      const v = (await probeMedia(output)).video!;
      expect([v.width, v.height, v.frameCount]).toEqual([size[0], size[1], 3]);
      if (p.pixFmt && encoder !== 'ffv1') expect(v.pixFmt).toBe(p.pixFmt);
      if (p.fit.mode === 'pad') {
        // The added column and row repeat the edge (red 250, green 240), not black (a black pad would differ by
        // ~250). 4:2:0 blurs colour a little, and full-chroma-interpolation decoding blends in the neighbouring
        // 2×2 block's chroma, so the last real column and the padded one differ by up to ~12 levels.
        const [out] = await decodeAll(output);
        const px = (x: number, y: number, c: number): number => out.data[(y * out.width + x) * 3 + c];
        expect(px(321, 100, 0)).toBeGreaterThan(180);
        expect(px(100, 241, 1)).toBeGreaterThan(180);
        expect(Math.abs(px(321, 100, 0) - px(320, 100, 0))).toBeLessThanOrEqual(16);
        expect(Math.abs(px(100, 241, 1) - px(100, 240, 1))).toBeLessThanOrEqual(16);
      }
    });
  }
});
