// interup run on real files with broken or odd timing data (issue 19), each cut or remuxed from a real clip
// as users do (test/helpers/timing-footage.ts): every one either comes out verified — frame count as
// planned, duration and A/V offset within one frame of the input — or is refused in one sentence.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Q, type Frame } from '../../src/frames/index.js';
import { decodeFrames, probeMedia } from '../../src/media/index.js';
import { processVideo, type ProcessOptions, type RunReport } from '../../src/pipeline/index.js';
import { runProcess } from '../../src/process/index.js';
import { InputError, memoryLogger } from '../../src/util/index.js';
import { runCli } from '../helpers/cli.js';
import * as timing from '../helpers/timing-footage.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const run = async (input: string, name: string, options: Partial<ProcessOptions> = {}) => {
  const logger = memoryLogger();
  const report = await processVideo({ input, output: join(tmp.dir, name), mode: 'interp', prefer: 'blend', crf: 30, factor: 2, ...options }, { logger });
  return { report, logger };
};

/** What a user checks: every planned frame written, no plan larger than the file, duration and A/V in place. */
async function expectVerified(input: string, r: RunReport): Promise<void> {
  const media = await probeMedia(input);
  const fps = Q.toNumber(Q.parseRational(r.fpsOut)!);
  expect(r.framesOut).toBe(r.framesPlanned);
  // A raw stream has no container duration: its frames at the declared rate are the only witness.
  expect(r.framesPlanned).toBeLessThanOrEqual(Math.ceil(((media.duration || r.durationIn) + 1) * fps));
  expect(Math.abs(r.durationOut - r.durationIn)).toBeLessThanOrEqual(1 / fps + 1e-6);
  if (media.audio.length > 0) expect(Math.abs(r.avOffsetSeconds!)).toBeLessThanOrEqual(1 / fps + 1e-6);
}

async function frameAt(path: string, index: number): Promise<Frame> {
  const v = (await probeMedia(path)).video!;
  let i = 0;
  for await (const f of decodeFrames(path, { width: v.width, height: v.height, maxFrames: index + 1 })) if (i++ === index) return f;
  throw new Error(`${path} has no frame ${index}`);
}

const meanDiff = (a: Frame, b: Frame): number => {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
};

describe('files with broken timing data: repaired and verified, or refused', () => {
  it('an Ogg/Theora clip cut with -c copy: the pre-roll with garbage granule times is dropped, said once, and the output starts at the cut', async () => {
    const input = await timing.oggCut();
    const { stdout } = await runProcess('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts', '-of', 'csv=p=0', input]);
    const garbage = stdout.split('\n').filter((p) => p.length > 15);
    expect(garbage.length).toBeGreaterThan(30);
    const { report, logger } = await run(input, 'ogg.mp4');
    expect(report.timestamps).toMatchObject({ kind: 'preroll-dropped', droppedFrames: 30 });
    expect(logger.records.filter((rec) => /^timestamps repaired/.test(rec.msg))).toHaveLength(1);
    await expectVerified(input, report);
    // The first output frame is the one the file's good timestamps put at 0 s (decoded frame 30), not the
    // pre-roll's keyframe (decoded frame 0, a second earlier in the film).
    const first = await frameAt(join(tmp.dir, 'ogg.mp4'), 0);
    const atCut = meanDiff(first, await frameAt(input, 30));
    expect(atCut).toBeLessThan(2);
    expect(meanDiff(first, await frameAt(input, 0))).toBeGreaterThan(3 * atCut);
  });

  it('issue 19\'s own recipe on a real Theora film (-ss 5 -t 12 -c copy, no audio): 12 s in, 12 s out, never more', async () => {
    const input = await timing.raceFilmCut();
    const { report } = await run(input, 'race.mp4', { factor: undefined, targetFps: '30' });
    expect(report.timestamps).toMatchObject({ kind: 'preroll-dropped', droppedFrames: 75 });
    expect([report.framesIn, report.fpsIn, report.framesOut, report.width]).toEqual([180, '15', 360, 214]);
    await expectVerified(input, report);
  });

  it('an MPEG-TS whose 33-bit PTS wraps 2.3 s in comes out whole as mp4, the wrap said in the report', async () => {
    const input = await timing.wrappingTs();
    const { report } = await run(input, 'wrap.mp4');
    expect(report.timestamps?.kind).toBe('pts-wrap');
    expect(report.timestamps?.reason).toMatch(/wraps 2\.3\d* s in/);
    expect(report.framesOut).toBe(240);
    await expectVerified(input, report);
  });

  it('raw .h264 and .265 streams are timed at the rate their headers declare, and the log says so; one declaring none is refused', async () => {
    for (const codec of ['h264', 'hevc'] as const) {
      const input = await timing.elementaryStream(codec);
      const { report, logger } = await run(input, `raw-${codec}.mp4`);
      expect(report.fpsIn).toBe('30');
      expect(logger.records.some((rec) => /no timestamps \(a raw (H\.264|HEVC) stream\).*30\.000 fps its headers declare/.test(rec.msg))).toBe(true);
      expect(report.framesOut).toBe(120);
      await expectVerified(input, report);
    }
    // Headers that declare no rate either: refused in one sentence with the remux that gives it one.
    const untimed = await timing.untimedHevc();
    const refused = await run(untimed, 'untimed.mp4').then(() => undefined, (e: unknown) => e);
    expect(refused).toMatchObject({ code: 'INPUT_NO_TIMESTAMPS', exitCode: 2 });
    expect((refused as InputError).message).toMatch(/has no timestamps \(a raw HEVC stream\) and declares no frame rate/);
    expect((refused as InputError).hint).toMatch(/ffmpeg -framerate 30 -i .*untimed\.265 -c copy fixed\.mp4/);
    expect(existsSync(join(tmp.dir, 'untimed.mp4'))).toBe(false);
  });

  it('an MKV whose frames repeat timestamps is re-timed at its declared rate: no frame lost; a segment of it is refused, a checkpointed run renders it whole', async () => {
    const input = await timing.mkvDuplicateTimestamps();
    const { report } = await run(input, 'dup.mkv');
    expect(report.timestamps?.kind).toBe('retimed');
    expect(report.framesIn).toBe(60);
    await expectVerified(input, report);
    // One segment of a queued job seeks by the file's times, which were replaced: refused by name.
    await expect(run(input, 'dup-range.mkv', { range: { from: 0, to: 10 } })).rejects.toMatchObject({ code: 'RANGE_WITH_REPAIRED_TIMES', exitCode: 2 });
    // A checkpointed run would render it as such segments: it renders it in one piece instead, and says why.
    const checkpointed = await run(input, 'dup-checkpointed.mkv', { checkpointSeconds: 0.5 });
    expect(checkpointed.logger.records.some((rec) => /^not checkpointed: the input's timestamps were repaired/.test(rec.msg))).toBe(true);
    expect(checkpointed.report.framesOut).toBe(report.framesOut);
    await expectVerified(input, checkpointed.report);
  });

  it('an MPEG-TS whose video jumps 1,111 s ahead mid-clip: the audio and the frame count outvote the container, re-timed and verified, by a whole-stream filter too', async () => {
    const input = await timing.tsJumpAhead();
    for (const prefer of ['blend', 'ffmpeg'] as const) {
      const { report } = await run(input, `jump-${prefer}.mkv`, { prefer });
      expect(report.timestamps?.kind).toBe('retimed');
      expect(report.timestamps?.reason).toMatch(/outside the 2\.002 s that its 60 frames at the declared rate and its 1\.90\d s of audio agree on \(the container says 1112\.\d+ s\)/);
      expect([report.framesIn, report.framesOut]).toEqual([60, 120]);
      await expectVerified(input, report);
      // The frames after the jump are where the repaired times put them, not a frozen picture (minterpolate
      // fed the raw times made 64 frames and the rest repeated the last one).
      const out = join(tmp.dir, `jump-${prefer}.mkv`);
      const frame = await frameAt(out, 110);
      const [late, early] = [meanDiff(frame, await frameAt(input, 55)), meanDiff(frame, await frameAt(input, 31))];
      expect(late).toBeLessThan(early / 2);
    }
  });

  it('WebM cut with -c copy, MP4 and MOV cut mid-GOP, AVI with B-frames and no pts, audio around the video, a phone clip\'s first-frame gap: verified as they are', async () => {
    const cases: [string, string][] = [
      [await timing.webmCut(), 'webm.mkv'],
      [await timing.mp4MidGopCut(), 'midgop.mkv'],
      [await timing.mp4MidGopCut('mov'), 'midgop-mov.mp4'],
      [await timing.aviBFrames(), 'avi.mkv'],
      [await timing.audioAroundVideo(), 'around.mkv'],
      [await timing.firstFrameGap(), 'phone.mkv'],
    ];
    for (const [input, name] of cases) {
      const { report } = await run(input, name);
      expect(report.timestamps).toBeUndefined();
      await expectVerified(input, report);
    }
  });

  it('a real AVI with packed B-frames cut with -c copy: the gap its header counts is not a truncation, verified; the same cut short is refused as truncated', async () => {
    const input = await timing.aviPackedCut();
    const { report } = await run(input, 'packed.mkv');
    expect(report.framesIn).toBe(70);
    await expectVerified(input, report);
    const short = await timing.aviPackedCutShort();
    await expect(run(short, 'packed-short.mkv')).rejects.toMatchObject({ code: 'INPUT_TRUNCATED', exitCode: 2, message: expect.stringMatching(/truncated: ffprobe found \d+ of 71 video frames/) as unknown });
    expect(existsSync(join(tmp.dir, 'packed-short.mkv'))).toBe(false);
  });

  it('a file with corrupted bytes mid-file completes with the decoder\'s concealment and counts the damaged frames', async () => {
    const input = await timing.corruptedMp4();
    const { report } = await run(input, 'damaged.mp4');
    expect(report.damagedFrames).toBeGreaterThan(0);
    expect(report.framesIn).toBe(90);
    await expectVerified(input, report);
  });

  it('two Ogg cuts joined with -c copy are refused with exit 2 in one sentence naming the evidence and the remedy, before any model loads', async () => {
    const input = await timing.oggCutTwice();
    const output = join(tmp.dir, 'twice.mp4');
    const error = await run(input, 'twice.mp4').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/91 of 304 video packets lie outside the file's 8\.068 s/);
    expect((error as InputError).hint).toMatch(/ffmpeg -i .* -vf setpts=N\/FRAME_RATE\/TB/);
    expect(existsSync(output)).toBe(false);
    const cli = await runCli(['run', '--input', input, '--output', output, '--factor', '2', '--prefer', 'onnx'], { env: { INTERUP_FROM_SOURCE: '1' } });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/timestamps contradict the file/);
    expect(cli.stderr).not.toMatch(/engine|model/i);
  });
});
