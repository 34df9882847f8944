// --dedup (issue 22) on real footage with repeated frames: animation on twos and film delivered by
// pulldown come out like their ideal (the distinct pictures at their true rate), footage without repeats is
// untouched by auto, a long hold stays still and its change is morphed over one frame, and ranges cut inside
// a hold or a cadence join to exactly the whole run.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.js';
import { planOutput, processVideo, type ProcessOptions } from '../../src/pipeline/index.js';
import { joinRendered } from '../../src/queue/index.js';
import { dedupMaxHold } from '../../src/settings/index.js';
import { createLogger, silentLogger } from '../../src/util/logger.js';
import { cachedFfmpeg, FIXTURES, footage } from '../helpers/footage.js';
import { TEST_MODELS_DIR } from '../models/real-models.js';
import { holdClip, joinFrames, mixedClip, noRepeatClip, psnrPerFrame, pulldownClip, staticSteps, twosClip } from '../helpers/repeat-footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { framemd5 } from '../queue/harness.js';

const tmp = makeTempDir('interup-dedup-');
afterAll(() => tmp.cleanup());

type Options = Omit<ProcessOptions, 'input' | 'output'>;
const BLEND: Options = { mode: 'interp', targetFps: '60', prefer: 'blend', encoder: 'ffv1', sceneDetect: false };
const RIFE: Options = { ...BLEND, prefer: 'onnx', device: 'cpu' };

async function render(input: string, name: string, options: Options): Promise<{ path: string; report: Awaited<ReturnType<typeof processVideo>> }> {
  const path = join(tmp.dir, name);
  const report = await processVideo({ ...options, input, output: path }, { logger: silentLogger });
  return { path, report };
}

/** Asserts the two goals against the ideal: ≥ 95 % of frames ≥ 35 dB PSNR-Y, static steps within 5 % (or one step). */
async function expectLikeIdeal(test: string, ideal: string, width: number, height: number): Promise<void> {
  const psnr = await psnrPerFrame(test, ideal, tmp.dir);
  const good = psnr.filter((db) => db >= 35).length;
  expect(good / psnr.length, `${good} of ${psnr.length} frames ≥ 35 dB`).toBeGreaterThanOrEqual(0.95);
  const [got, want] = await Promise.all([staticSteps(test, width, height), staticSteps(ideal, width, height)]);
  expect(Math.abs(got - want), `${got} static steps vs the ideal's ${want}`).toBeLessThanOrEqual(Math.max(1, 0.05 * want));
}

/** The hold clip with dedup on, rendered once for the tests that read it. */
let holdWhole: ReturnType<typeof render> | undefined;
const renderHold = async (): Promise<Awaited<ReturnType<typeof render>>> => (holdWhole ??= holdClip().then((clip) => render(clip, 'hold-on.mkv', { ...BLEND, dedup: 'on' })));

describe('dedup on footage with repeats', () => {
  it('motion.mov (first 4 s) on twos delivered as 30p, RIFE to 60: ≥ 95 % of frames ≥ 35 dB against the ideal, static steps as the ideal', async () => {
    const { twos, ideal } = await twosClip(4);
    const on = await render(twos, 'twos-on.mkv', { ...RIFE, dedup: 'on' });
    const perfect = await render(ideal, 'twos-ideal.mkv', RIFE);
    expect(on.report.engines.interpolate).toBe('rife-onnx');
    expect(on.report.framesOut).toBe(perfect.report.framesOut);
    expect(on.report.dedup?.cadence).toBe('cadence 2 (on twos)');
    await expectLikeIdeal(on.path, perfect.path, 192, 108);
  });

  it('Megamind (23.976p) delivered as 29.97p by pulldown, blend to 60: like the 24p clip taken to 60', async () => {
    const { pulldown, ideal } = await pulldownClip(2);
    const on = await render(pulldown, 'film-on.mkv', { ...BLEND, dedup: 'on' });
    const perfect = await render(ideal, 'film-ideal.mkv', BLEND);
    expect(on.report.dedup?.cadence).toBe('cadence 5:4 (24-in-30 pulldown)');
    expect(on.report.dedup?.retimed).toBeGreaterThan(20);
    await expectLikeIdeal(on.path, perfect.path, 192, 140);
  });

  it('motion.mov 2 s on twos then 2 s on threes (a mixed cadence), RIFE to 60: ≥ 95 % of frames ≥ 35 dB against the ideal, static steps as the ideal', async () => {
    const mixed = await mixedClip();
    const on = await render(mixed.mixed, 'mixed-on.mkv', { ...RIFE, dedup: 'on' });
    // The ideal in two parts: the twos' pictures at 15 fps, the threes' at 10 fps, joined at 2 s.
    const twosPart = await render(mixed.idealTwos, 'mixed-ideal-twos.mkv', RIFE);
    const threesPart = await render(mixed.idealThrees, 'mixed-ideal-threes.mkv', RIFE);
    const ideal = await joinFrames(twosPart.path, 120, threesPart.path, join(tmp.dir, 'mixed-ideal.mkv'));
    expect(on.report.framesOut).toBe(240);
    expect(on.report.dedup?.cadence).toBe('cadences 2 and 3 (24-in-60 pulldown, or twos and threes mixed)');
    await expectLikeIdeal(on.path, ideal, 192, 108);
  });

  it('rife-ncnn (its CPU path here) on twos, 1 s to 60: every frame ≥ 35 dB against the ideal through the same engine', async () => {
    const { twos, ideal } = await twosClip(1);
    const NCNN: Options = { ...BLEND, prefer: 'ncnn', modelsDir: TEST_MODELS_DIR };
    const on = await render(twos, 'twos-ncnn-on.mkv', { ...NCNN, dedup: 'on' });
    const perfect = await render(ideal, 'twos-ncnn-ideal.mkv', NCNN);
    expect(on.report.engines.interpolate).toBe('rife-ncnn');
    expect(on.report.dedup?.cadence).toBe('cadence 2 (on twos)');
    expect(on.report.framesOut).toBe(perfect.report.framesOut);
    const psnr = await psnrPerFrame(on.path, perfect.path, tmp.dir);
    expect(psnr.filter((db) => db < 35)).toEqual([]);
  });

  it('--mode both (Real-ESRGAN ×2 first, then blend to 60) on twos: ≥ 95 % of frames ≥ 35 dB against the ideal taken through the same both', async () => {
    const { twos, ideal } = await twosClip(1);
    const both: Options = { ...BLEND, mode: 'both', scale: 2, modelsDir: TEST_MODELS_DIR, threads: 2 };
    const on = await render(twos, 'twos-both-on.mkv', { ...both, dedup: 'on' });
    const perfect = await render(ideal, 'twos-both-ideal.mkv', both);
    expect(on.report.engines).toMatchObject({ interpolate: 'blend', upscale: 'realesrgan-onnx' });
    expect(on.report.upscaleOrder).toBe('upscale-first');
    expect(on.report.dedup?.cadence).toBe('cadence 2 (on twos)');
    expect(on.report.framesOut).toBe(perfect.report.framesOut);
    const out = await probeMedia(on.path);
    expect([out.video?.width, out.video?.height]).toEqual([384, 216]);
    // Dedup sees the upscaled frames here; the picture goal is the one that says it found the same pictures.
    const psnr = await psnrPerFrame(on.path, perfect.path, tmp.dir);
    const good = psnr.filter((db) => db >= 35).length;
    expect(good / psnr.length, `${good} of ${psnr.length} frames ≥ 35 dB`).toBeGreaterThanOrEqual(0.95);
  });

  it('VFR input (twos at 30 fps for 1 s, then at 24 fps): repeats found on both rates, the output like the ideal at its own times', async () => {
    const { twos, ideal } = await twosClip(2);
    // The same pictures, the second half slower: delivered frames 30.. at 1/24 s, ideal pictures 15.. at 1/12 s.
    const vfr = (input: string, name: string, first: number, rate: number, then: number): Promise<string> =>
      cachedFfmpeg(join(FIXTURES, 'dedup'), name, (out) => ['-i', input, '-vf', `setpts='if(lt(N,${first}),N/${rate},1+(N-${first})/${then})/TB'`, '-fps_mode', 'passthrough', '-c:v', 'ffv1', out]);
    const delivered = await vfr(twos, 'twos-vfr-2s.mkv', 30, 30, 24);
    const truth = await vfr(ideal, 'twos-ideal-vfr-2s.mkv', 15, 15, 12);
    const on = await render(delivered, 'twos-vfr-on.mkv', { ...BLEND, dedup: 'on' });
    const perfect = await render(truth, 'twos-vfr-ideal.mkv', BLEND);
    expect(on.report.dedup?.cadence).toBe('cadence 2 (on twos)');
    expect(Math.abs((on.report.dedup?.repeats ?? 0) - 30)).toBeLessThanOrEqual(1);
    // Each plan ends at its own last frame (2.208 s delivered, 2.167 s ideal): frames compare from the start, 60 a second.
    expect(on.report.framesOut).toBeGreaterThanOrEqual(perfect.report.framesOut - 2);
    const psnr = await psnrPerFrame(on.path, perfect.path, tmp.dir);
    expect(psnr.length).toBeGreaterThanOrEqual(perfect.report.framesOut - 2);
    const good = psnr.filter((db) => db >= 35).length;
    expect(good / psnr.length, `${good} of ${psnr.length} frames ≥ 35 dB`).toBeGreaterThanOrEqual(0.95);
  });

  it('a real screen recording (pampi\'s help tour, 960×540 at 24 fps, ending on a 0.9-s held screen), auto: the hold copies its delivered frames with no blend inside it, and every frame before it is as off', async () => {
    const clip = await footage('tour.mp4');
    // The last 2.25 s of the 60-fps output: motion, then the hold (delivered frames 249–269, from 10.375 s).
    const range = { from: 540, to: 675 };
    const auto = await render(clip, 'tour-auto.mkv', { ...BLEND, dedup: 'auto', range });
    const off = await render(clip, 'tour-off.mkv', { ...BLEND, range });
    expect(auto.report.dedup).toMatchObject({ holds: 1, retimed: 0 });
    const digest = async (path: string): Promise<string[]> => (await framemd5(path)).map((line) => line.split(',').pop()?.trim() ?? '');
    const [a, o] = [await digest(auto.path), await digest(off.path)];
    expect(a).toHaveLength(135);
    const holdStart = Math.ceil((249 * 60) / 24) - range.from;
    expect(a.slice(0, holdStart)).toEqual(o.slice(0, holdStart));
    // In the hold the 21 delivered frames are copied (2–3 slots each); without dedup most slots are blends of two.
    expect(new Set(a.slice(holdStart)).size).toBeLessThanOrEqual(21);
    expect(new Set(o.slice(holdStart)).size).toBeGreaterThan(30);
  });

  it('footage without repeats: auto gives framemd5-identical output to off', async () => {
    const clip = await noRepeatClip();
    const off = await render(clip, 'plain-off.mkv', BLEND);
    const auto = await render(clip, 'plain-auto.mkv', { ...BLEND, dedup: 'auto' });
    expect(auto.report.dedup?.retimed).toBe(0);
    expect(await framemd5(auto.path)).toEqual(await framemd5(off.path));
  });

  it('a 1.5-s hold stays still (each output frame copies its source picture) and its change is morphed over one frame', async () => {
    const on = await renderHold();
    const md5 = (await framemd5(on.path)).map((line) => line.split(',').pop()?.trim());
    expect(md5).toHaveLength(180);
    // Source frames 15..59 hold one picture: output 2i is source frame i, and 2i+1 repeats it (no engine call).
    for (let i = 15; i < 59; i++) expect(md5[2 * i + 1], `output ${2 * i + 1}`).toBe(md5[2 * i]);
    // The change after the hold: one in-between frame (119), then the new picture (120).
    expect(md5[119]).not.toBe(md5[118]);
    expect(md5[119]).not.toBe(md5[120]);
    expect(on.report.dedup?.holds).toBe(1);
    expect(on.report.dedup?.engineCallsSaved).toBeGreaterThanOrEqual(44);
  });

  it('ranges cut inside the hold and inside the twos join to exactly the whole run (framemd5, ffv1)', async () => {
    const clip = await holdClip();
    const options: Options = { ...BLEND, dedup: 'on' };
    const whole = await renderHold();
    const media = await probeMedia(clip);
    const bounds = [0, 71, 147, planOutput(options, media.video!).timeline.count];
    const segments = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const part = await render(clip, `hold-part${i}.nut`, { ...options, range: { from: bounds[i], to: bounds[i + 1] } });
      expect(part.report.framesOut).toBe(bounds[i + 1] - bounds[i]);
      segments.push({ path: part.path, frames: bounds[i + 1] - bounds[i] });
    }
    const joined = join(tmp.dir, 'hold-joined.mkv');
    await joinRendered({ segments, input: clip, media, options, encoder: 'ffv1', output: joined, listFile: join(tmp.dir, 'list.ffconcat') });
    expect(await framemd5(joined)).toEqual(await framemd5(whole.path));
  });

  it('a checkpointed run (1-s checkpoints: one boundary inside the hold, one where it ends) equals the whole run (framemd5, ffv1)', async () => {
    const checkpointed = await render(await holdClip(), 'hold-checkpointed.mkv', { ...BLEND, dedup: 'on', checkpointSeconds: 1 });
    expect(checkpointed.report.checkpoints?.segments).toBe(3);
    expect(checkpointed.report.dedup?.engineCallsSaved).toBe((await renderHold()).report.dedup?.engineCallsSaved);
    expect(await framemd5(checkpointed.path)).toEqual(await framemd5((await renderHold()).path));
  });

  it('checkpoints of a run without dedup are discarded by a run with it, the log naming the change', async () => {
    const clip = await holdClip();
    const output = join(tmp.dir, 'hold-resumed.mkv');
    const until = async (options: Options, stopAt: string): Promise<string[]> => {
      const controller = new AbortController();
      const messages: string[] = [];
      const logger = createLogger((record) => {
        messages.push(record.msg);
        if (record.msg.startsWith(stopAt)) controller.abort();
      });
      await expect(processVideo({ ...options, input: clip, output }, { logger, signal: controller.signal })).rejects.toThrow();
      return messages;
    };
    await until({ ...BLEND, checkpointSeconds: 1 }, 'checkpoint 1 of 3 verified');
    const messages = await until({ ...BLEND, checkpointSeconds: 1, dedup: 'on' }, 'checkpoints discarded');
    expect(messages).toContain('checkpoints discarded: dedup (none) → on, dedupMaxHold (none) → 0.5');
  });

  it('refuses a --dedup-max-hold that is not a positive number of seconds', () => {
    expect(() => dedupMaxHold.parse('0')).toThrow('Expected a number greater than 0 and at most 10 for --dedup-max-hold but received "0".');
  });
});
