// Ranges of real-world inputs (test/helpers/odd-footage.ts) joined as a queue worker joins them
// (pipeline/join-rendered.ts) come out as the whole run does: 10-bit frames and the BT.709 tags, HDR10
// metadata and main10 through libx265. What cannot be rendered one range at a time is refused by name:
// a deinterlaced source and a folder as a range's output.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.js';
import { planOutput, processVideo, type ProcessOptions } from '../../src/pipeline/index.js';
import { joinRendered } from '../../src/queue/index.js';
import { describeError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import { hdr10Clip, interlacedClip, tenBitFfv1Clip } from '../helpers/odd-footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { framemd5 } from './harness.js';

const tmp = makeTempDir('interup-range-footage-');
afterAll(() => tmp.cleanup());

type Options = Omit<ProcessOptions, 'input' | 'output'>;

/** Renders `input` whole and as two ranges joined the queue's way; returns both files. */
async function wholeAndJoined(input: string, options: Options, encoder: string, name: string): Promise<{ whole: string; joined: string }> {
  const whole = join(tmp.dir, `${name}-whole.mkv`);
  await processVideo({ ...options, encoder, input, output: whole }, { logger: silentLogger });
  const media = await probeMedia(input);
  const { timeline } = planOutput(options, media.video!);
  const cut = Math.floor(timeline.count / 2) + 1;
  const segments = [];
  for (const [from, to] of [[0, cut], [cut, timeline.count]]) {
    const path = join(tmp.dir, `${name}-${from}.nut`);
    await processVideo({ ...options, encoder, input, output: path, range: { from, to } }, { logger: silentLogger });
    segments.push({ path, frames: to - from });
  }
  const joined = join(tmp.dir, `${name}-joined.mkv`);
  await joinRendered({ segments, input, media, options, encoder, output: joined, listFile: join(tmp.dir, `${name}.ffconcat`) });
  return { whole, joined };
}

describe('ranges of real-world inputs joined = the whole run', () => {
  it('10-bit ffv1 tagged BT.709: the same 16-bit frames, pixel format and colour tags', async () => {
    const input = await tenBitFfv1Clip();
    const { whole, joined } = await wholeAndJoined(input, { mode: 'interp', factor: 2, prefer: 'blend' }, 'ffv1', 'ten');
    const [a, b] = await Promise.all([probeMedia(whole), probeMedia(joined)]);
    expect(b.video!.pixFmt).toBe(a.video!.pixFmt);
    expect(a.video!.bitDepth).toBeGreaterThanOrEqual(10);
    expect(b.video!.color).toEqual(a.video!.color);
    // The whole run writes 16-bit RGB here (ffv1 holds it): primaries and transfer tagged, no YUV matrix.
    expect(a.video!.color).toMatchObject({ primaries: 'bt709', transfer: 'bt709' });
    const [fa, fb] = await Promise.all([framemd5(whole), framemd5(joined)]);
    expect(fa.length).toBe(a.video!.frameCount);
    expect(fb).toEqual(fa);
  });

  it('HDR10 10-bit HEVC through libx265: main10, BT.2020 PQ and the HDR10 metadata kept, every frame there', async () => {
    const input = await hdr10Clip();
    const { whole, joined } = await wholeAndJoined(input, { mode: 'interp', factor: 2, prefer: 'blend', crf: 30 }, 'libx265', 'hdr');
    const [src, a, b] = await Promise.all([probeMedia(input), probeMedia(whole), probeMedia(joined)]);
    expect(b.video!.pixFmt).toBe('yuv420p10le');
    expect(b.video!.color).toEqual(src.video!.color);
    expect(b.video!.hdr).toEqual(src.video!.hdr);
    expect(b.video!.frameCount).toBe(a.video!.frameCount);
    expect(b.video!.frameTimes).toEqual(a.video!.frameTimes);
  });
});

describe('what a range refuses', () => {
  it('a deinterlaced source, by name and with what to do (whole runs of it deinterlace as before)', async () => {
    const input = await interlacedClip();
    const failure = await processVideo({ mode: 'interp', factor: 2, prefer: 'blend', input, output: join(tmp.dir, 'deint.nut'), range: { from: 0, to: 10 } }, { logger: silentLogger }).then(
      () => 'rendered',
      (error: unknown) => describeError(error),
    );
    expect(failure).toMatch(/is deinterlaced \(the stream is interlaced \(field order tt\).*cannot be rendered one segment at a time.*--deinterlace off/s);
    // deinterlace off: the range renders (the stream is taken as it is, as a whole run would take it).
    const off = await processVideo({ mode: 'interp', factor: 2, prefer: 'blend', deinterlace: 'off', input, output: join(tmp.dir, 'deint-off.nut'), range: { from: 0, to: 10 } }, { logger: silentLogger });
    expect(off.framesOut).toBe(10);
  });

  it('a folder as the output of a range', async () => {
    const input = await tenBitFfv1Clip();
    const dir = join(tmp.dir, 'folder');
    mkdirSync(dir);
    await expect(processVideo({ mode: 'interp', factor: 2, prefer: 'blend', input, output: dir, range: { from: 0, to: 4 } }, { logger: silentLogger })).rejects.toThrow(/is a folder, but a range .* is written to the file it is named/);
  });
});
