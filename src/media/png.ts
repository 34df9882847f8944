// Read and write single PNG images as rgb24 frames through ffmpeg (for frame-folder mode).
import { readFile } from 'node:fs/promises';
import { makeFrame, type Frame } from '../frames/index.js';
import { runProcess, spawnProcess } from '../process/index.js';
import { InputError } from '../util/errors.js';
import { ffmpegPath } from './tools.js';

/** Width and height from a PNG's IHDR chunk (bytes 16..24); a cheap check before decoding. */
async function pngSize(path: string): Promise<{ width: number; height: number }> {
  const head = (await readFile(path)).subarray(0, 24);
  if (head.length < 24 || head.toString('latin1', 1, 4) !== 'PNG' || head.toString('latin1', 12, 16) !== 'IHDR') {
    throw new InputError('PNG_INVALID', `${path} is not a PNG image.`, { hint: 'Frame-folder mode reads *.png files only.' });
  }
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

/** Decodes one PNG to an rgb24 frame. */
export async function readPng(path: string, signal?: AbortSignal): Promise<Frame> {
  const { width, height } = await pngSize(path);
  const proc = spawnProcess(ffmpegPath(), ['-v', 'error', '-nostdin', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { stdout: 'pipe', signal });
  const chunks: Buffer[] = [];
  proc.stdout?.on('data', (c: Buffer) => chunks.push(c));
  await proc.done;
  return makeFrame(width, height, Buffer.concat(chunks));
}

/** Encodes an rgb24 frame as a PNG file. */
export async function writePng(path: string, frame: Frame, signal?: AbortSignal): Promise<void> {
  await runProcess(
    ffmpegPath(),
    ['-v', 'error', '-nostdin', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${frame.width}x${frame.height}`, '-i', 'pipe:0', '-frames:v', '1', '-f', 'image2', '-c:v', 'png', path],
    { input: frame.data, signal, timeoutMs: 60_000 },
  );
}
