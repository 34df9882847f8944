// interup run on the real-world inputs of issue 11 (test/helpers/odd-footage.ts): each must come out as the
// same video with more frames — size as planned, depth, colour, HDR10 metadata, streams with their
// languages and dispositions, chapters, frame count, duration and A/V sync — checked with ffprobe.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Q, type Frame } from '../../src/frames/index.js';
import { decodeFrames, probeMedia } from '../../src/media/index.js';
import { processVideo, type ProcessOptions } from '../../src/pipeline/index.js';
import { planTimeline } from '../../src/timeline/index.js';
import { fpsLabel } from '../../src/pipeline/output-dir.js';
import { memoryLogger } from '../../src/util/index.js';
import { coverArtMp4, hdr10Clip, interlacedClip, lateStartTs, longGopClip, multiLanguageMkv, oddSizeClip, openGopClip, tenBitFfv1Clip } from '../helpers/odd-footage.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const run = (options: Partial<ProcessOptions> & { input: string; output: string }) => {
  const logger = memoryLogger();
  return { logger, report: processVideo({ mode: 'interp', prefer: 'blend', crf: 30, ...options }, { logger }) };
};

async function decode16(path: string): Promise<Frame[]> {
  const v = (await probeMedia(path)).video!;
  const out: Frame[] = [];
  for await (const f of decodeFrames(path, { width: v.width, height: v.height, pixelFormat: 'rgb48le' })) out.push(f);
  return out;
}

describe('real-world inputs come out whole', () => {
  it('an odd 321x241 clip with the default encoder: padded by one edge row and column, said so, never a failure', async () => {
    const input = await oddSizeClip(321, 241);
    const output = join(tmp.dir, 'odd.mp4');
    const { report, logger } = run({ input, output, factor: 2 });
    const r = await report;
    expect(r.picture?.sizeFit).toMatchObject({ mode: 'pad', width: 322, height: 242, right: 1, bottom: 1 });
    expect(logger.records.some((rec) => rec.level === 'warn' && /padded by repeating the edge .* because 4:2:0 chroma needs an even width and height/.test(rec.msg))).toBe(true);
    const out = await probeMedia(output);
    expect([out.video!.width, out.video!.height, out.video!.pixFmt]).toEqual([322, 242, 'yuv420p']);
    expect(out.video!.frameCount).toBe(r.framesPlanned);
    expect(Math.abs(r.avOffsetSeconds!)).toBeLessThanOrEqual(1 / 60);
    // --size-fit crop keeps 320x240 instead.
    const cropped = await run({ input, output: join(tmp.dir, 'odd-crop.mp4'), factor: 2, sizeFit: 'crop' }).report;
    expect([cropped.width, cropped.height]).toEqual([320, 240]);
  });

  it('10-bit ffv1 into ffv1: 16-bit frames all the way, t = 0 frames bit-exact (infinite PSNR at 10 bits and beyond)', async () => {
    const input = await tenBitFfv1Clip();
    const output = join(tmp.dir, 'ten.mkv');
    const r = await run({ input, output, factor: 2, encoder: 'ffv1' }).report;
    expect(r.picture).toMatchObject({ frames: 'rgb48le', bitDepthIn: 10, bitDepthOut: 16 });
    const info = await probeMedia(input);
    const src = await decode16(input);
    const out = await decode16(output);
    const plan = planTimeline(info.video!.frameTimes, info.video!.duration, Q.mul(info.video!.frameRate, Q.rat(2n)));
    expect(out).toHaveLength(plan.count);
    let copies = 0;
    for (let k = 0; k < plan.count; k++) {
      const { index, t } = plan.slot(k);
      if (t.num !== 0n) continue;
      expect(out[k].data.equals(src[index].data)).toBe(true);
      copies++;
    }
    expect(copies).toBeGreaterThanOrEqual(src.length);
  });

  it('HDR10 10-bit HEVC: the default encoder becomes libx265 main10 and the output keeps BT.2020 PQ and the HDR10 metadata', async () => {
    const input = await hdr10Clip();
    const output = join(tmp.dir, 'hdr.mkv');
    const r = await run({ input, output, factor: 2 }).report;
    expect(r.encoder).toBe('libx265');
    expect(r.picture?.hdr).toBe('written');
    const src = (await probeMedia(input)).video!;
    const out = (await probeMedia(output)).video!;
    expect(out.pixFmt).toBe('yuv420p10le');
    expect(out.color).toEqual(src.color);
    expect(out.hdr).toEqual(src.hdr);
    expect(out.frameCount).toBe(r.framesPlanned);
  });

  it('an interlaced capture is deinterlaced (bwdif, a frame per field at the field rate); --deinterlace off leaves it', async () => {
    const input = await interlacedClip();
    const src = (await probeMedia(input)).video!;
    const r = await run({ input, output: join(tmp.dir, 'deint.mp4'), factor: 2 }).report;
    expect(r.picture?.deinterlace).toMatchObject({ applied: true, fieldRate: true, filter: 'bwdif=mode=send_field:parity=auto:deint=all' });
    expect(r.picture?.deinterlace.reason).toMatch(/interlaced \(field order tt\)/);
    // Every output frame is a real field, none interpolated.
    expect(r.interpolatedFrames).toBe(0);
    expect(r.framesOut).toBe(2 * src.frameCount);
    const off = await run({ input, output: join(tmp.dir, 'deint-off.mp4'), factor: 2, deinterlace: 'off' }).report;
    expect(off.picture?.deinterlace.applied).toBe(false);
    expect(off.interpolatedFrames).toBeGreaterThan(0);
  });

  it('a three-language mkv keeps every stream with its language, title and disposition, its chapters and title', async () => {
    const input = await multiLanguageMkv();
    const output = join(tmp.dir, 'ml.mkv');
    const r = await run({ input, output, targetFps: '50' }).report;
    const src = await probeMedia(input);
    const out = await probeMedia(output);
    const describe = (m: typeof src) => m.streams.map((s) => [s.type, s.tags.language, s.tags.title, s.disposition.filter((d) => d === 'default' || d === 'forced').join('+')]);
    expect(describe(out)).toEqual(describe(src));
    expect(out.chapters).toEqual(src.chapters);
    expect(out.tags.title).toBe('Three languages');
    expect(r.streams?.dropped).toEqual([]);
  });

  it('an MPEG-TS starting at 11.4 s, cover art, open and long GOP: frame count and A/V within one frame', async () => {
    const ts = await run({ input: await lateStartTs(), output: join(tmp.dir, 'ts.mp4'), factor: 2 }).report;
    expect(ts.framesOut).toBe(ts.framesPlanned);
    expect(Math.abs(ts.avOffsetSeconds!)).toBeLessThanOrEqual(1 / 59.94);
    const cover = await run({ input: await coverArtMp4(), output: join(tmp.dir, 'cover.mp4'), factor: 2 }).report;
    expect((await probeMedia(join(tmp.dir, 'cover.mp4'))).other.attachedPictures).toHaveLength(1);
    expect(Math.abs(cover.avOffsetSeconds!)).toBeLessThanOrEqual(1 / 60);
    const open = await run({ input: await openGopClip(), output: join(tmp.dir, 'open.mkv'), factor: 2 }).report;
    expect(open.framesOut).toBe(open.framesPlanned);
    const long = await run({ input: await longGopClip(), output: join(tmp.dir, 'long.mp4'), factor: 2 }).report;
    expect(long.framesOut).toBe(long.framesPlanned);
    expect(Math.abs(long.avOffsetSeconds!)).toBeLessThanOrEqual(1 / 60);
  });

  it('--output DIR writes <input>.<fps>fps.<ext> inside the folder (made when the path ends in /)', async () => {
    const input = await longGopClip();
    const dir = join(tmp.dir, 'out-folder');
    mkdirSync(dir);
    const r = await run({ input, output: dir, targetFps: '59.94' }).report;
    expect(r.output).toBe(join(dir, 'long-gop.59.94fps.mp4'));
    expect(readdirSync(dir).sort()).toEqual(['long-gop.59.94fps.mp4', 'long-gop.59.94fps.mp4.report.json']);
    const fresh = await run({ input: await lateStartTs(), output: `${join(tmp.dir, 'new-folder')}/`, factor: 2 }).report;
    // A .ts input is written as .mkv (it holds every stream a capture may carry), named by the output rate.
    expect(fresh.output).toBe(join(tmp.dir, 'new-folder', `late-start.${fpsLabel(Q.parseRational(fresh.fpsOut)!)}fps.mkv`));
    expect(readdirSync(join(tmp.dir, 'new-folder'))).toContain(fresh.output.split('/').pop());
  });
});
