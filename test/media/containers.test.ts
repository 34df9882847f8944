// Which encoder an output's container gets and which it refuses, decided before anything runs.
import { describe, expect, it } from 'vitest';
import { checkEncoderFitsContainer, outputContainer } from '../../src/media/containers.js';
import { chooseEncoder, listVideoEncoders, nvencWorks } from '../../src/media/encoders.js';
import { memoryLogger } from '../../src/util/index.js';

describe('output containers', () => {
  it('the container comes from the muxer when forced, else the extension in any case', () => {
    expect(['a.webm', 'b.MKV', 'c.mp4', 'd.m4v', 'e.mov', 'f.nut', 'noext'].map((f) => outputContainer(f))).toEqual(['webm', 'matroska', 'mp4', 'mp4', 'mov', 'other', 'other']);
    expect(outputContainer('seg.part', 'matroska')).toBe('matroska');
  });

  it('refuses ffv1 in .mp4 and H.264 in .webm with exit 2; takes AV1 in WebM and anything in .mkv', () => {
    expect(() => checkEncoderFitsContainer('ffv1', 'ffv1', 'x.mp4', 'mp4')).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/^Encoder ffv1 writes ffv1, which a \.mp4 file cannot hold/) as unknown }));
    expect(() => checkEncoderFitsContainer('libx264', 'h264', 'x.webm', 'webm')).toThrow(/which a \.webm file cannot hold \(it takes vp8, vp9, av1\)/);
    expect(() => checkEncoderFitsContainer('libsvtav1', 'av1', 'x.webm', 'webm')).not.toThrow();
    expect(() => checkEncoderFitsContainer('ffv1', 'ffv1', 'x.mkv', 'matroska')).not.toThrow();
  });

  it('with no --encoder a .webm gets VP9 (NVENC\'s AV1 on a GPU that has it) and says why; an asked-for encoder is checked against the container', async () => {
    const logger = memoryLogger();
    const choice = await chooseEncoder(undefined, undefined, logger, { output: '/tmp/clip.webm' });
    // The machine decides which path is checked: a GPU whose NVENC writes AV1, or VP9 in software.
    if ((await listVideoEncoders()).has('av1_nvenc') && (await nvencWorks('av1_nvenc'))) {
      expect(choice.name).toBe('av1_nvenc');
      expect(logger.records.find((r) => r.msg === 'encoder: av1_nvenc')?.fields).toMatchObject({ reason: 'WebM output; GPU with AV1 NVENC found' });
    } else {
      expect(choice.name).toBe('libvpx-vp9');
      expect(choice.args).toEqual(expect.arrayContaining(['-c:v', 'libvpx-vp9', '-row-mt', '1']));
      expect(logger.records.find((r) => r.msg === 'encoder: libvpx-vp9')?.fields).toMatchObject({ reason: expect.stringMatching(/^WebM output holds VP8, VP9 or AV1/) as unknown });
    }
    expect((await chooseEncoder('libsvtav1', undefined, logger, { output: 'x.webm' })).name).toBe('libsvtav1');
    await expect(chooseEncoder('ffv1', undefined, logger, { output: 'x.mp4' })).rejects.toMatchObject({ exitCode: 2 });
    expect((await chooseEncoder('ffv1', undefined, logger, { output: 'x.mkv' })).name).toBe('ffv1');
  });
});
