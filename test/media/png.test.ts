// The one PNG codec (media/png.ts, pngjs) against real ffmpeg as the neutral judge: every row filter ffmpeg
// writes, every colour type, 16-bit and interlaced files decode to exactly the pixels ffmpeg decodes, and
// what we write ffmpeg reads back bit for bit.
import { readFileSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropFrame, makeFrame, type Frame } from '../../src/frames/frame.js';
import { decodePng, encodePng, readPng } from '../../src/media/index.js';
import { runProcess, spawnProcess } from '../../src/process/index.js';
import { InputError } from '../../src/util/errors.js';
import { ffmpegFrames, maxAbsDiff } from '../engines-rife/frames.js';
import { footage } from '../helpers/footage.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
let source: string;
let frame: Frame;

beforeAll(async () => {
  // A real handheld frame at an odd size (row lengths that are no multiple of 4 or 8).
  [frame] = await ffmpegFrames(['-ss', '3', '-i', await footage('motion.mov'), '-frames:v', '1'], 203, 117);
  source = join(tmp.dir, 'source.rgb');
  writeFileSync(source, frame.data);
});
afterAll(() => tmp.cleanup());

// ffmpeg writes `frame` as a PNG of `pixFmt` with row predictor `pred`.
async function ffmpegPng(name: string, pixFmt: string, pred = 'none'): Promise<string> {
  const out = join(tmp.dir, name);
  const args = ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${frame.width}x${frame.height}`, '-i', source];
  await runProcess('ffmpeg', [...args, '-pix_fmt', pixFmt, '-pred', pred, '-frames:v', '1', '-c:v', 'png', out], { timeoutMs: 60_000 });
  return out;
}

// Our decode of a PNG file, cropped to its top-left `crop` while decoding (as rife-ncnn answers are read).
function readPngBytes(path: string, crop: { width: number; height: number }): Frame {
  return decodePng(readFileSync(path), path, crop);
}

// ffmpeg's own rgb24 decode of a PNG file.
async function ffmpegDecode(path: string): Promise<Buffer> {
  const proc = spawnProcess('ffmpeg', ['-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { stdout: 'pipe', timeoutMs: 60_000 });
  const chunks: Buffer[] = [];
  proc.stdout?.on('data', (c: Buffer) => chunks.push(c));
  await proc.done;
  return Buffer.concat(chunks);
}

// IHDR fields of a PNG file: colour type, bit depth, interlace method.
function header(path: string): { colorType: number; depth: number; interlace: number } {
  const bytes = readFileSync(path);
  return { depth: bytes[24], colorType: bytes[25], interlace: bytes[28] };
}

describe('PNG codec', () => {
  it('decodes every row filter ffmpeg writes to exactly the source pixels', async () => {
    for (const pred of ['none', 'sub', 'up', 'avg', 'paeth', 'mixed']) {
      const path = await ffmpegPng(`pred-${pred}.png`, 'rgb24', pred);
      const got = await readPng(path);
      expect([got.width, got.height]).toEqual([frame.width, frame.height]);
      expect(maxAbsDiff(got, frame), `predictor ${pred}`).toBe(0);
      // Rows of whole 32-bit words (200 × 3 bytes) take the word-at-a-time Up; 203 × 3 bytes does not.
      const cropped = readPngBytes(path, { width: 200, height: 100 });
      expect(maxAbsDiff(cropped, cropFrame(frame, 200, 100)), `predictor ${pred}, cropped to 200x100`).toBe(0);
    }
  });

  it('decodes grey, grey+alpha, palette, RGBA and 16-bit files as ffmpeg does', async () => {
    for (const [pixFmt, colorType, depth] of [
      ['gray', 0, 8],
      ['ya8', 4, 8],
      ['pal8', 3, 8],
      ['rgba', 6, 8],
      ['rgb48be', 2, 16],
      ['gray16be', 0, 16],
    ] as const) {
      const path = await ffmpegPng(`kind-${pixFmt}.png`, pixFmt, 'paeth');
      expect(header(path)).toMatchObject({ colorType, depth });
      const want = makeFrame(frame.width, frame.height, await ffmpegDecode(path));
      // 16-bit samples: pngjs rounds to 8 bits where ffmpeg may truncate.
      expect(maxAbsDiff(await readPng(path), want), pixFmt).toBeLessThanOrEqual(depth === 16 ? 1 : 0);
    }
  });

  it('decodes an Adam7-interlaced file', async () => {
    const plain = await ffmpegPng('plain.png', 'rgb24', 'mixed');
    const interlaced = join(tmp.dir, 'interlaced.png');
    await runProcess('optipng', ['-quiet', '-o1', '-i', '1', '-out', interlaced, plain], { timeoutMs: 60_000 });
    expect(header(interlaced)).toMatchObject({ interlace: 1, depth: 8 });
    expect(maxAbsDiff(await readPng(interlaced), frame)).toBe(0);
  });

  it('writes files ffmpeg reads back bit for bit, fast and normal', async () => {
    for (const fast of [true, false]) {
      const path = join(tmp.dir, `ours-${fast}.png`);
      const bytes = encodePng(frame, { fast });
      writeFileSync(path, bytes);
      expect(header(path)).toMatchObject({ colorType: 2, depth: 8, interlace: 0 });
      expect(maxAbsDiff(makeFrame(frame.width, frame.height, await ffmpegDecode(path)), frame)).toBe(0);
      expect(maxAbsDiff(decodePng(bytes), frame)).toBe(0);
    }
    // The normal setting compresses: the real frame costs well under its raw size.
    expect(encodePng(frame).length).toBeLessThan(frame.data.length * 0.8);
  });

  it('refuses a file that is not a PNG, or a damaged one, naming it', () => {
    expect(() => decodePng(Buffer.from('GIF89a not a png'), 'a.png')).toThrow(InputError);
    expect(() => decodePng(Buffer.from('GIF89a not a png'), 'a.png')).toThrow(/a\.png is not a PNG image/);
    const whole = encodePng(frame);
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    expect(() => decodePng(cut, 'cut.png')).toThrow(/cut\.png is a damaged PNG image/);
    // A header that claims 20000x20000 over 100 bytes of data: refused, naming what is missing.
    const liar = Buffer.from(whole);
    liar.writeUInt32BE(20000, 16);
    liar.writeUInt32BE(20000, 20);
    liar.writeUInt32BE(crc32(liar.subarray(12, 29)), 29);
    expect(() => decodePng(liar, 'liar.png')).toThrow(/liar\.png is a damaged PNG image \(image data ends after \d+ of 1200020000 bytes\)/);
  });
});
