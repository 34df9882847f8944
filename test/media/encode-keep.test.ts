// startEncoder with a source: what the source had must come out — streams with languages, titles and
// dispositions, chapters, the container title, cover art, extra video, colour (converted with the source's
// matrix and tagged), HDR10 metadata where the encoder can write it — and each drop must be said.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/frames/index.js';
import { decodeFrames, encoderArgs, probeMedia, startEncoder, type MediaInfo } from '../../src/media/index.js';
import { planOutputFormat } from '../../src/media/index.js';
import { bt601Clip, coverArtMp4, hdr10Clip, multiLanguageMkv, tenBitFfv1Clip, timecodeMov, twoVideoMkv } from '../helpers/odd-footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { decodeAll } from '../pipeline/clips.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

/** Re-encodes `input`'s frames unchanged (as the pipeline's t = 0 copies are) with everything copied from it. */
async function passThrough(input: string, output: string, encoder: string) {
  const media = await probeMedia(input);
  const v = media.video!;
  const plan = planOutputFormat({ encoder, width: v.width, height: v.height, sourcePixFmt: v.pixFmt, sourceBitDepth: v.bitDepth });
  const enc = startEncoder({ output, width: v.width, height: v.height, fps: v.frameRate, start: v.start, codecArgs: encoderArgs(encoder, 20), copyFrom: media, outputFormat: plan, color: v.color, hdr: v.hdr });
  for await (const f of decodeFrames(input, { width: v.width, height: v.height })) await enc.write(f);
  await enc.finish();
  return { enc, media, out: await probeMedia(output) };
}

const streamSummary = (m: MediaInfo) => m.streams.filter((s) => s.type !== 'data').map((s) => `${s.type}:${s.tags.language ?? ''}:${s.tags.title ?? ''}:${['default', 'forced', 'attached_pic'].filter((d) => s.disposition.includes(d)).join('+')}`);

/**
 * How far the colour balance moved: the spread (max − min) of the mean signed R, G and B differences. A
 * wrong YUV matrix (BT.601 for BT.709 or the reverse) moves red and blue opposite ways (spread ~2.5 levels
 * on these clips); lossy coding and chroma subsampling move all three alike.
 */
function balanceShift(a: Frame[], b: Frame[]): number {
  const bias = [0, 0, 0];
  let n = 0;
  for (let k = 0; k < a.length; k++) for (let i = 0; i < a[k].data.length; i++, n++) bias[i % 3] += b[k].data[i] - a[k].data[i];
  const mean = bias.map((x) => (3 * x) / n);
  return Math.max(...mean) - Math.min(...mean);
}

describe('encoder keeps what the source had', () => {
  it('three languages into mkv: every stream with language, title and disposition, chapters and the title', async () => {
    const { media, out, enc } = await passThrough(await multiLanguageMkv(), join(tmp.dir, 'ml.mkv'), 'libx264');
    expect(streamSummary(out)).toEqual(streamSummary(media));
    expect(out.chapters).toEqual(media.chapters);
    expect(out.tags.title).toBe('Three languages');
    expect(enc.streams.dropped).toEqual([]);
    // Only what became false is gone from the video stream: its old encoder tag is the new one's.
    expect(out.streams[0].tags.ENCODER ?? out.streams[0].tags.encoder).toMatch(/libx264/);
  });

  it('three languages into mp4: languages and dispositions kept, subtitles as mov_text, chapters kept', async () => {
    const { out } = await passThrough(await multiLanguageMkv(), join(tmp.dir, 'ml.mp4'), 'libx264');
    expect(out.streams.filter((s) => s.type === 'audio').map((s) => s.tags.language)).toEqual(['eng', 'fra', 'deu']);
    expect(out.subtitles.map((s) => s.codec)).toEqual(['mov_text', 'mov_text']);
    expect(out.streams.filter((s) => s.type === 'subtitle').map((s) => [s.tags.language, s.disposition.includes('forced')])).toEqual([['eng', false], ['fra', true]]);
    expect(out.chapters.map((c) => c.title)).toEqual(['Opening', 'Middle', 'End']);
  });

  it('keeps cover art in mp4 and a second video stream in mkv; says why a timecode data stream is dropped', async () => {
    const cover = await passThrough(await coverArtMp4(), join(tmp.dir, 'cover.mp4'), 'libx264');
    expect(cover.out.other.attachedPictures.map((s) => s.codec)).toEqual(['png']);
    const two = await passThrough(await twoVideoMkv(), join(tmp.dir, 'two.mkv'), 'libx264');
    expect(two.out.other.extraVideo).toHaveLength(1);
    expect(two.out.video!.width).toBe(284);
    const tc = await passThrough(await timecodeMov(), join(tmp.dir, 'tc.mp4'), 'libx264');
    expect(tc.enc.streams.dropped.join(' ')).toMatch(/stream 2 \(data .*\): data streams .* cannot be carried over/);
    expect(tc.out.audio).toHaveLength(1);
  });

  it('an 8-bit BT.601 SD clip stays BT.601: tagged so and converted with the same matrix (colours unchanged)', async () => {
    const input = await bt601Clip();
    const { out } = await passThrough(input, join(tmp.dir, 'sd.mp4'), 'libx264');
    expect(out.video!.color).toEqual({ primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m', range: 'tv' });
    expect(balanceShift(await decodeAll(input), await decodeAll(join(tmp.dir, 'sd.mp4')))).toBeLessThan(0.8);
  });

  it('a BT.709 clip stays BT.709 (the encoder no longer converts with its BT.601 default)', async () => {
    const input = await tenBitFfv1Clip();
    const { out } = await passThrough(input, join(tmp.dir, 'hd.mkv'), 'libx264');
    expect(out.video!.color).toMatchObject({ primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', range: 'tv' });
    expect(balanceShift(await decodeAll(input), await decodeAll(join(tmp.dir, 'hd.mkv')))).toBeLessThan(0.8);
    // The same frames converted with swscale's default (BT.601) but tagged BT.709, as before: the balance moves.
    const wrong = join(tmp.dir, 'hd-wrong.mkv');
    const v = (await probeMedia(input)).video!;
    const enc = startEncoder({ output: wrong, width: v.width, height: v.height, fps: v.frameRate, codecArgs: [...encoderArgs('libx264', 20), '-colorspace', 'bt709', '-color_range', 'tv'] });
    for await (const f of decodeFrames(input, { width: v.width, height: v.height })) await enc.write(f);
    await enc.finish();
    expect(balanceShift(await decodeAll(input), await decodeAll(wrong))).toBeGreaterThan(1.2);
  });

  it('HDR10: libx265 writes the mastering display and light level; ffv1 keeps the tags and says it cannot', async () => {
    const input = await hdr10Clip();
    const x265 = await passThrough(input, join(tmp.dir, 'hdr.mkv'), 'libx265');
    expect(x265.enc.hdr).toBe('written');
    expect(x265.out.video!.hdr).toEqual(x265.media.video!.hdr);
    expect(x265.out.video!.color).toEqual({ primaries: 'bt2020', transfer: 'smpte2084', matrix: 'bt2020nc', range: 'tv' });
    expect(x265.out.video!.pixFmt).toBe('yuv420p10le');
    const ffv1 = await passThrough(input, join(tmp.dir, 'hdr-ffv1.mkv'), 'ffv1');
    expect(ffv1.enc.hdr).toBe('dropped');
    expect(ffv1.out.video!.color).toMatchObject({ primaries: 'bt2020', transfer: 'smpte2084' });
  });
});
