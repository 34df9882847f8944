// The files rife-ncnn-vulkan trades with the engine, judged by ffmpeg: PPM inputs zero-padded right and
// bottom read back as the frame plus zeros, and PNG answers read on worker threads (cropped while
// decoding) equal the frame ffmpeg wrote (png.test.ts checks every row filter on the same decoder).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropFrame, padFrameTo, type Frame } from '../../src/frames/index.js';
import { decodePng, PngReaders, writePpm } from '../../src/media/index.js';
import { runProcess, spawnProcess } from '../../src/process/index.js';
import { ffmpegFrames, maxAbsDiff } from '../engines-rife/frames.js';
import { footage } from '../helpers/footage.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
let frame: Frame;
const readers = new PngReaders(2);

beforeAll(async () => {
  // A real handheld frame at an odd size (rows that are no multiple of 4 or 8 bytes).
  [frame] = await ffmpegFrames(['-ss', '3', '-i', await footage('motion.mov'), '-frames:v', '1'], 203, 117);
});
afterAll(async () => {
  await readers.close();
  tmp.cleanup();
});

// ffmpeg's own rgb24 decode of a picture file.
async function ffmpegDecode(path: string): Promise<Buffer> {
  const proc = spawnProcess('ffmpeg', ['-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { stdout: 'pipe', timeoutMs: 60_000 });
  const chunks: Buffer[] = [];
  proc.stdout?.on('data', (c: Buffer) => chunks.push(c));
  await proc.done;
  return Buffer.concat(chunks);
}

describe('frame files for rife-ncnn-vulkan', () => {
  it('a PPM padded to 224x128 reads back in ffmpeg as the frame with zero columns and rows', async () => {
    const path = join(tmp.dir, 'in.ppm');
    await writePpm(path, frame, 224, 128);
    expect(readFileSync(path).subarray(0, 15).toString('latin1')).toBe('P6\n224 128\n255\n');
    expect((await ffmpegDecode(path)).equals(padFrameTo(frame, 224, 128, 'zero').data)).toBe(true);
    const exact = join(tmp.dir, 'exact.ppm');
    await writePpm(exact, frame);
    expect((await ffmpegDecode(exact)).equals(frame.data)).toBe(true);
  });

  it('PNGs read on the threads equal the frame for mixed row filters and RGBA, and the in-process decode when cropped', async () => {
    const raw = join(tmp.dir, 'frame.rgb');
    writeFileSync(raw, frame.data);
    // ffmpeg's 'mixed' picks each row's best filter (none, sub, up, average, paeth all occur); RGBA drops alpha.
    for (const [pred, pixFmt] of [['mixed', 'rgb24'], ['paeth', 'rgba']]) {
      const path = join(tmp.dir, `${pred}-${pixFmt}.png`);
      await runProcess('ffmpeg', ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', '203x117', '-i', raw, '-pix_fmt', pixFmt, '-pred', pred, '-frames:v', '1', path]);
      const [whole, cropped] = await Promise.all([readers.read(path), readers.read(path, { width: 160, height: 100 })]);
      expect(maxAbsDiff(whole, frame), `${pred} ${pixFmt}`).toBe(0);
      expect(maxAbsDiff(cropped, cropFrame(decodePng(readFileSync(path)), 160, 100)), `${pred} ${pixFmt} cropped`).toBe(0);
    }
  });

  it('read into the caller\'s buffer: the frame is that buffer with the file\'s pixels, read after read, while the thread reuses the buffers it hands back', async () => {
    // Two real frames a second apart, written as PNGs; each read lands in one of two reused buffers, as the
    // engine reads answers into the pipeline's pooled ones. A buffer of another size is not used.
    const frames = [frame, (await ffmpegFrames(['-ss', '4', '-i', await footage('motion.mov'), '-frames:v', '1'], 203, 117))[0]];
    const paths = frames.map((f, i) => {
      const raw = join(tmp.dir, `into-${i}.rgb`);
      writeFileSync(raw, f.data);
      return join(tmp.dir, `into-${i}.png`);
    });
    for (const [i, path] of paths.entries()) {
      await runProcess('ffmpeg', ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', '203x117', '-i', join(tmp.dir, `into-${i}.rgb`), '-pred', 'mixed', '-frames:v', '1', path]);
    }
    const cropped = frames.map((f) => cropFrame(f, 200, 100));
    const pool = [Buffer.alloc(200 * 100 * 3), Buffer.alloc(200 * 100 * 3)];
    for (let n = 0; n < 12; n++) {
      const k = n % 2;
      const which = (n >> 1) % 2; // each buffer gets both files in turn
      const got = await readers.read(paths[which], { width: 200, height: 100 }, pool[k]);
      expect(got.data, `read ${n}`).toBe(pool[k]);
      expect(maxAbsDiff(got, cropped[which]), `read ${n}`).toBe(0);
    }
    const wrongSize = Buffer.alloc(10);
    const whole = await readers.read(paths[1], undefined, wrongSize);
    expect(whole.data).not.toBe(wrongSize);
    expect(maxAbsDiff(whole, frames[1])).toBe(0);
  });

  it('a damaged PNG rejects naming the file; a closed reader refuses', async () => {
    const path = join(tmp.dir, 'cut.png');
    await runProcess('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=64x48', '-frames:v', '1', join(tmp.dir, 'whole.png')]);
    const whole = readFileSync(join(tmp.dir, 'whole.png'));
    writeFileSync(path, whole.subarray(0, whole.length >> 1));
    await expect(readers.read(path)).rejects.toThrow(/cut\.png is a damaged PNG image/);
    const closed = new PngReaders(1);
    await closed.close();
    await expect(closed.read(path)).rejects.toThrow(/closed/);
  });
});
