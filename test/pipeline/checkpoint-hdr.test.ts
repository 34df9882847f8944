// A resumed checkpointed run of a 10-bit HDR10 HEVC file with subtitles comes out as an uninterrupted one:
// the same pixel format (10 bits), colour tags, HDR10 mastering display and light level, streams (audio,
// subtitles with their language), subtitle text, frame count and timestamps — the footage tests' checks.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia, type MediaInfo } from '../../src/media/index.js';
import { processVideo, type ProcessOptions } from '../../src/pipeline/index.js';
import { runProcess } from '../../src/process/index.js';
import { createLogger } from '../../src/util/logger.js';
import { cachedFfmpeg, FIXTURES, footage } from '../helpers/footage.js';
import { HDR10 } from '../helpers/odd-footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { frameTimes, workFolders } from './checkpoint-harness.js';

/** motion.mov, 1.5 s at 160x96: HEVC main10 BT.2020 PQ with HDR10 metadata, a keyframe every 15 frames
 *  (so it can be cut in 0.5-s checkpoints), AAC, and an English SRT subtitle track, in Matroska. */
function hdrSubtitledClip(): Promise<string> {
  return cachedFfmpeg(join(FIXTURES, 'odd'), 'hdr10-subtitled-gop15.mkv', async (out) => {
    const srt = join(FIXTURES, 'odd', 'hdr10-subtitled.srt');
    writeFileSync(srt, '1\n00:00:00,100 --> 00:00:00,600\nfirst line\n\n2\n00:00:00,800 --> 00:00:01,400\nsecond line\n');
    return [
      '-i', await footage('motion.mov'), '-i', srt, '-t', '1.5', '-map', '0:v', '-map', '0:a', '-map', '1:s', '-map_metadata', '-1', '-vf', 'scale=160:96',
      '-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p10le',
      '-x265-params', `log-level=error:keyint=15:min-keyint=15:scenecut=0:hdr10=1:repeat-headers=1:master-display=${HDR10.masterDisplay}:max-cll=${HDR10.maxCll},${HDR10.maxFall}`,
      '-color_primaries', 'bt2020', '-color_trc', 'smpte2084', '-colorspace', 'bt2020nc', '-color_range', 'tv',
      '-c:a', 'aac', '-c:s', 'srt', '-metadata:s:s:0', 'language=eng', out,
    ];
  });
}

/** Runs until a log message equal to `stopAt` (then aborts, as a kill would stop it). */
async function runUntil(options: ProcessOptions, stopAt: string): Promise<void> {
  const controller = new AbortController();
  const logger = createLogger((record) => {
    if (record.msg === stopAt) controller.abort();
  });
  await expect(processVideo(options, { logger, signal: controller.signal })).rejects.toThrow();
}

async function subtitleText(path: string): Promise<string> {
  return (await runProcess('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:s:0', '-f', 'srt', '-'], { timeoutMs: 60_000 })).stdout;
}

const streams = (m: MediaInfo): string[][] => m.streams.map((s) => [s.type, s.tags.language ?? '']);

describe('HDR10, 10-bit and subtitles through a resumed run', () => {
  const tmp = makeTempDir('interup-checkpoint-hdr-');
  let input: string;
  beforeAll(async () => {
    input = await hdrSubtitledClip();
  });
  afterAll(() => tmp.cleanup());

  it('the resumed output has the uninterrupted one\'s depth, colour, HDR10 metadata, subtitles, frames and timestamps', async () => {
    const base: ProcessOptions = { input, output: '', mode: 'interp', factor: 2, prefer: 'blend', crf: 30 };
    const whole = join(tmp.dir, 'whole.mkv');
    const wholeReport = await processVideo({ ...base, output: whole, resume: false, checkpointSeconds: 86_400 }, { logger: createLogger(() => undefined) });
    expect(wholeReport.checkpoints).toBeUndefined();

    const resumed = join(tmp.dir, 'resumed.mkv');
    await runUntil({ ...base, output: resumed, checkpointSeconds: 0.5 }, 'checkpoint 1 of 3 verified');
    expect(workFolders(tmp.dir)).toHaveLength(1);
    const said: string[] = [];
    const report = await processVideo({ ...base, output: resumed, checkpointSeconds: 0.5 }, { logger: createLogger((r) => said.push(r.msg)) });
    expect(said).toContain('resumed at segment 2 of 3: 0.5 s of output kept');
    expect(report.checkpoints).toMatchObject({ segments: 3, reused: 1 });

    const [src, a, b] = await Promise.all([probeMedia(input), probeMedia(whole), probeMedia(resumed)]);
    expect(src.video?.hdr).toBeDefined();
    expect(b.video?.pixFmt).toBe('yuv420p10le');
    expect(b.video?.pixFmt).toBe(a.video?.pixFmt);
    expect(b.video?.color).toEqual(a.video?.color);
    expect(b.video?.color).toEqual(src.video?.color);
    expect(b.video?.hdr).toEqual(a.video?.hdr);
    expect(b.video?.hdr).toEqual(src.video?.hdr);
    expect(streams(b)).toEqual(streams(a));
    expect(streams(b)).toEqual([['video', ''], ['audio', ''], ['subtitle', 'eng']]);
    expect(await subtitleText(resumed)).toBe(await subtitleText(whole));
    expect(await subtitleText(resumed)).toContain('second line');
    expect(b.video?.frameCount).toBe(a.video?.frameCount);
    expect(await frameTimes(resumed)).toEqual(await frameTimes(whole));
    expect(workFolders(tmp.dir)).toEqual([]);
  }, 360_000);
});
