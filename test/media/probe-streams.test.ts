// probeMedia on the inputs issue 11 collected (test/helpers/odd-footage.ts, built from real clips): what it
// must report so the output can keep it: colour, HDR10 side data, field order, every stream with its
// language, title and dispositions, chapters, container tags and a late start.
import { describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.js';
import { bt601Clip, coverArtMp4, hdr10Clip, interlacedClip, lateStartTs, multiLanguageMkv, tenBitFfv1Clip, timecodeMov, twoVideoMkv } from '../helpers/odd-footage.js';

describe('probeMedia beyond timing', () => {
  it('reads 10-bit HDR10 HEVC: BT.2020 PQ tags and the mastering display / light level from the bitstream', async () => {
    const v = (await probeMedia(await hdr10Clip())).video!;
    expect([v.pixFmt, v.bitDepth]).toEqual(['yuv420p10le', 10]);
    expect(v.color).toEqual({ primaries: 'bt2020', transfer: 'smpte2084', matrix: 'bt2020nc', range: 'tv' });
    expect(v.hdr?.contentLight).toEqual({ maxCll: 1000, maxFall: 400 });
    const md = v.hdr!.masteringDisplay!;
    expect(md.red).toEqual([0.68, 0.32]);
    expect(md.whitePoint).toEqual([0.3127, 0.329]);
    expect([md.minLuminance, md.maxLuminance]).toEqual([0.005, 1000]);
  });

  it('tells a BT.601 SD clip from a BT.709 one, and reports no HDR where there is none', async () => {
    const sd = (await probeMedia(await bt601Clip())).video!;
    expect(sd.color).toEqual({ primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m', range: 'tv' });
    expect(sd.hdr).toBeUndefined();
    const hd = (await probeMedia(await tenBitFfv1Clip())).video!;
    expect(hd.color.matrix).toBe('bt709');
    expect(hd.bitDepth).toBe(10);
    expect(hd.hdr).toBeUndefined();
  });

  it('reports the field order of an interlaced capture', async () => {
    const v = (await probeMedia(await interlacedClip())).video!;
    expect(v.fieldOrder).toBe('tt');
    expect((await probeMedia(await bt601Clip())).video!.fieldOrder).toBe('progressive');
  });

  it('lists every stream of a three-language mkv with languages, titles, dispositions, its chapters and title', async () => {
    const m = await probeMedia(await multiLanguageMkv());
    const audio = m.streams.filter((s) => s.type === 'audio');
    expect(audio.map((s) => s.tags.language)).toEqual(['eng', 'fra', 'deu']);
    expect(audio.map((s) => s.tags.title)).toEqual(['English', 'Français', 'Deutsch']);
    expect(audio.map((s) => s.disposition.includes('default'))).toEqual([true, false, false]);
    const subs = m.streams.filter((s) => s.type === 'subtitle');
    expect(subs.map((s) => [s.tags.language, s.disposition.includes('forced')])).toEqual([['eng', false], ['fra', true]]);
    expect(m.chapters.map((c) => c.title)).toEqual(['Opening', 'Middle', 'End']);
    expect(m.chapters[1]).toMatchObject({ start: 0.7, end: 1.4 });
    expect(m.tags.title).toBe('Three languages');
  });

  it('sets cover art, a second video stream and a data stream apart from the video it processes', async () => {
    const cover = await probeMedia(await coverArtMp4());
    expect(cover.video!.codec).toBe('h264');
    expect(cover.other.attachedPictures.map((s) => s.codec)).toEqual(['png']);
    const two = await probeMedia(await twoVideoMkv());
    expect(two.video!.index).toBe(0);
    expect(two.other.extraVideo.map((s) => s.index)).toEqual([2]);
    const tc = await probeMedia(await timecodeMov());
    expect(tc.other.data).toHaveLength(1);
  });

  it('reports the late start of an MPEG-TS capture', async () => {
    const m = await probeMedia(await lateStartTs());
    expect(m.startTime).toBeGreaterThan(10);
    expect(Number(m.video!.start.num) / Number(m.video!.start.den)).toBeGreaterThan(10);
  });
});
